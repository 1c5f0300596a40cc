local m = {}
local n = 0
local fmt = string.format
for i = 0, 9999999 do
  m[fmt("%x", i)] = i
end
for _ in pairs(m) do n = n + 1 end
print(n)
