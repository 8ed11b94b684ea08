-- Lua 5.4 peer of acc_fn.yaml.
local function run()
  local acc = 0
  for i = 1, 10000000 do acc = acc + i * 2 end
  return acc
end
print(run())
