-- Erases what distributed watching holds about one transaction: its state (last status,
-- interval, lease) and its schedule entry. A worker holding its lease is fenced out.
-- KEYS[1] tx hash, KEYS[2] schedule
-- ARGV[1] member
-- Returns the number of keys and entries removed.
local removed = redis.call('DEL', KEYS[1])
removed = removed + redis.call('ZREM', KEYS[2], ARGV[1])
return removed
