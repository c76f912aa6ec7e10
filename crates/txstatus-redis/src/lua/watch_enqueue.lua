-- Enqueues one transaction for distributed watching.
-- KEYS[1] tx hash, KEYS[2] schedule (sorted set: member = id, score = due µs; one per provider)
-- ARGV[1] member, ARGV[2] interval µs, ARGV[3] key TTL ms
-- Returns 'added' | 'updated' (already watched: only the interval changed) | 'finished'
-- (its final state is recorded: not watched again).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if redis.call('HGET', KEYS[1], 'done') == '1' then
  return 'finished'
end
if redis.call('HEXISTS', KEYS[1], 'interval_us') == 1 then
  redis.call('HSET', KEYS[1], 'interval_us', ARGV[2])
  -- Due already (or leased); NX: a watched id keeps its place and its lease.
  redis.call('ZADD', KEYS[2], 'NX', now, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 'updated'
end
redis.call('HSET', KEYS[1], 'interval_us', ARGV[2], 'gen', '0', 'until', '0', 'done', '0',
  'reads', '0')
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 'added'
