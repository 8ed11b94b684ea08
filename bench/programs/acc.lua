-- Lua 5.4 peer of acc.yaml (a chunk's top level: `local acc`).
local acc = 0
for i = 1, 10000000 do acc = acc + i * 2 end
print(acc)
