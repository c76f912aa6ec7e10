-- Erases what Redis holds about one transaction: the watch state (interval, lease,
-- fencing token) and schedule entry, and the webhook store's state (last status,
-- tickets, awaiting mark, the verified hints kept for the next transition) and sweep
-- entry. A worker holding its lease is fenced out.
-- KEYS[1] watch tx hash, KEYS[2] watch schedule, KEYS[3] webhook tx hash, KEYS[4] sweep due
-- ARGV[1] schedule member (the id), ARGV[2] sweep member (provider\nid)
-- Returns the number of keys and entries removed.
-- A schedule that is not a sorted set (written by another program) holds no entry for
-- this id: it is left alone, and never fails the erasure (which could then never run
-- to its end, the stream entries included).
local function unschedule(key, member)
  if redis.call('TYPE', key)['ok'] ~= 'zset' then return 0 end
  return redis.call('ZREM', key, member)
end
local removed = redis.call('DEL', KEYS[1], KEYS[3])
removed = removed + unschedule(KEYS[2], ARGV[1])
removed = removed + unschedule(KEYS[4], ARGV[2])
return removed
