-- Renews a lease before a read: only its current owner (fencing token), and only while
-- the lease has not ended (a stalled owner gives the transaction up instead).
-- KEYS[1] tx hash, KEYS[2] schedule
-- ARGV[1] member, ARGV[2] token, ARGV[3] lease µs, ARGV[4] key TTL ms (the hash is kept
-- that long after the lease ends, capped at MAX_RETENTION, 3650 days: it never expires
-- while its id is scheduled)
-- Returns {1, µs left} | {0, 0}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
-- A schedule of another type (written by another program) is refused before the first
-- write: a hash written before the refusal would be left with its lease moved though refused.
local schedule_kind = redis.call('TYPE', KEYS[2])['ok']
if schedule_kind ~= 'none' and schedule_kind ~= 'zset' then
  return redis.error_reply('WRONGTYPE a watch key holds another type')
end
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[2] then
  return {0, 0}
end
local lease_end = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if lease_end <= now then
  return {0, 0}
end
lease_end = now + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'until', lease_end)
redis.call('ZADD', KEYS[2], lease_end, ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[4]) + math.ceil(tonumber(ARGV[3]) / 1000), 315360000000))
return {1, lease_end - now}
