-- Records an authenticated delivery, atomically: deduplicate by event id, then mark the
-- transaction as awaiting a re-read (due for the sweep) or keep an unrouted delivery.
-- KEYS[1] seen (event id marker), KEYS[2] tx hash, KEYS[3] due (sorted set),
-- KEYS[4] unrouted (list)
-- ARGV[1] has event id 0|1, ARGV[2] dedupe TTL ms, ARGV[3] routed 0|1, ARGV[4] now µs
-- (the receiver's; only orders the sweep), ARGV[5] due member, ARGV[6] state TTL ms,
-- ARGV[7] unrouted entry, ARGV[8] unrouted cap
-- Returns 1 (new) or 0 (duplicate).
if ARGV[1] == '1' then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then
    return 0
  end
end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[2], 'awaiting', '1')
  redis.call('HSETNX', KEYS[2], 'since', ARGV[4])
  local since = redis.call('HGET', KEYS[2], 'checked') or redis.call('HGET', KEYS[2], 'since')
  redis.call('ZADD', KEYS[3], since, ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
else
  redis.call('LPUSH', KEYS[4], ARGV[7])
  redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[8]) - 1)
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
end
return 1
