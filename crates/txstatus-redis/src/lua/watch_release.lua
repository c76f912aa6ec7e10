-- Gives a lease back, due again after a delay (0: at once, on stop); only with the
-- current fencing token, so a stalled owner cannot move a newer owner's schedule.
-- KEYS[1] tx hash, KEYS[2] schedule
-- ARGV[1] member, ARGV[2] token, ARGV[3] delay µs, ARGV[4] key TTL ms (the hash is kept
-- that long after it is due again, capped at MAX_RETENTION, 3650 days: it never expires
-- while its id is scheduled)
-- Returns 1 | 0 (fenced: another owner holds it now).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
-- A schedule of another type (written by another program) is refused before the first
-- write: a hash written before the refusal would be left with its lease given back though refused.
local schedule_kind = redis.call('TYPE', KEYS[2])['ok']
if schedule_kind ~= 'none' and schedule_kind ~= 'zset' then
  return redis.error_reply('WRONGTYPE a watch key holds another type')
end
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], 'until', '0')
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[4]) + math.ceil(tonumber(ARGV[3]) / 1000), 315360000000))
return 1
