local m = {}
local n = 0
for i = 0, 999999 do
  m["k" .. i] = i
end
for _ in pairs(m) do n = n + 1 end
print(n)
