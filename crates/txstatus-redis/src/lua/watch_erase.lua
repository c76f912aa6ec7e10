-- Erases what Redis holds about one transaction: the watch state (interval, lease,
-- fencing token) and schedule entry, and the webhook store's state (last status,
-- tickets, awaiting mark) and sweep entry. A worker holding its lease is fenced out.
-- KEYS[1] watch tx hash, KEYS[2] watch schedule, KEYS[3] webhook tx hash, KEYS[4] sweep due
-- ARGV[1] schedule member (the id), ARGV[2] sweep member (provider\nid)
-- Returns the number of keys and entries removed.
local removed = redis.call('DEL', KEYS[1], KEYS[3])
removed = removed + redis.call('ZREM', KEYS[2], ARGV[1])
removed = removed + redis.call('ZREM', KEYS[4], ARGV[2])
return removed
