-- Lua strings are immutable, so repeated `..` is quadratic; the idiomatic append is a buffer table.
local parts = {}
for i = 1, 1000000 do
  parts[#parts + 1] = "x"
end
local s = table.concat(parts)
print(#s)
