-- Enqueues one transaction for distributed watching.
-- KEYS[1] tx hash, KEYS[2] schedule (sorted set: member = id, score = due µs; one per provider)
-- ARGV[1] member, ARGV[2] interval µs, ARGV[3] key TTL ms (counted from the time it is
-- due, capped at MAX_RETENTION, 3650 days, which still outlasts any due time)
-- Returns 'added' | 'updated' (already watched: only the interval changed) | 'finished'
-- (its final state is recorded: not watched again).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
-- A schedule of another type (written by another program) is refused before the first
-- write: a hash written before the refusal would be left without an expiry (a key naming the id, kept for good), or an interval changed though refused.
local schedule_kind = redis.call('TYPE', KEYS[2])['ok']
if schedule_kind ~= 'none' and schedule_kind ~= 'zset' then
  return redis.error_reply('WRONGTYPE a watch key holds another type')
end
if redis.call('HGET', KEYS[1], 'done') == '1' then
  return 'finished'
end
if redis.call('HEXISTS', KEYS[1], 'interval_us') == 1 then
  redis.call('HSET', KEYS[1], 'interval_us', ARGV[2])
  -- Due already (or leased); NX: a watched id keeps its place and its lease.
  redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1])
  -- Kept the key TTL past the time it is due (its place may be an interval away): a
  -- hash that expired while its id is scheduled would be dropped at the next claim.
  local due = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]) or now) or now
  local ahead = 0
  if due > now and due < now + 31622400000000 then ahead = math.ceil((due - now) / 1000) end
  redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[3]) + ahead, 315360000000))
  return 'updated'
end
redis.call('HSET', KEYS[1], 'interval_us', ARGV[2], 'gen', '0', 'until', '0', 'done', '0',
  'reads', '0')
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 'added'
