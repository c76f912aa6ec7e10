-- Records a read, fenced: only the current owner (fencing token) may set the last state,
-- append the transition to the stream and reschedule; a stalled owner's late result is
-- refused here, atomically, so it can never overwrite a newer owner's.
-- The transition rule (txstatus_webhooks::is_newer) runs in Rust against the last state at
-- `version`; this script applies the decision only if the state is still that version.
-- KEYS[1] tx hash, KEYS[2] schedule, KEYS[3] stream
-- ARGV[1] member, ARGV[2] token, ARGV[3] expected version, ARGV[4] newer 0|1,
-- ARGV[5] state JSON, ARGV[6] state terminal 0|1, ARGV[7] record JSON,
-- ARGV[8] stream MAXLEN (0: unbounded), ARGV[9] key TTL ms, ARGV[10] provider, ARGV[11] id
-- Returns {'fenced'} | {'retry'} | {'same', done 0|1} | {'added', done 0|1, stream id}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[2] then
  return {'fenced'}
end
if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[3] then
  return {'retry'}
end
redis.call('HINCRBY', KEYS[1], 'reads', 1)
local stream_id = false
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'last', ARGV[5], 'terminal', ARGV[6],
    'version', tostring(tonumber(ARGV[3]) + 1))
  if tonumber(ARGV[8]) > 0 then
    stream_id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[8], '*',
      'provider', ARGV[10], 'id', ARGV[11], 'record', ARGV[7])
  else
    stream_id = redis.call('XADD', KEYS[3], '*',
      'provider', ARGV[10], 'id', ARGV[11], 'record', ARGV[7])
  end
end
local done = 0
if redis.call('HGET', KEYS[1], 'terminal') == '1' then
  done = 1
  redis.call('HSET', KEYS[1], 'done', '1', 'until', '0')
  redis.call('ZREM', KEYS[2], ARGV[1])
else
  local interval = tonumber(redis.call('HGET', KEYS[1], 'interval_us') or '0')
  redis.call('HSET', KEYS[1], 'until', '0')
  redis.call('ZADD', KEYS[2], now + interval, ARGV[1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[9])
if stream_id then
  return {'added', done, stream_id}
end
return {'same', done}
