-- Lua 5.4 peer of fib30_fn.yaml.
local function fib(n) if n < 2 then return n else return fib(n - 1) + fib(n - 2) end end
local function main() return fib(30) end
print(main())
