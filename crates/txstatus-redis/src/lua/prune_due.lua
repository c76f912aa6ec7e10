-- Drops sweep entries whose transaction state expired (its TTL passed), or that was
-- given up (read_refused.lua: not due until a delivery or a commit starts it over),
-- atomically per entry, so an entry a delivery just re-created is kept.
-- KEYS[1] due, KEYS[2..] tx hashes; ARGV[i] the due member of KEYS[i + 1].
-- Returns one flag per hash, in order: 1 kept (still due), 0 dropped.
local kept = {}
for i = 2, #KEYS do
  local gone = redis.call('EXISTS', KEYS[i]) == 0
  if not gone and redis.call('TYPE', KEYS[i])['ok'] == 'hash'
    and redis.call('HSTRLEN', KEYS[i], 'given_up') == 1 then
    gone = redis.call('HGET', KEYS[i], 'given_up') == '1'
  end
  if gone then
    redis.call('ZREM', KEYS[1], ARGV[i - 1])
    kept[#kept + 1] = 0
  else
    kept[#kept + 1] = 1
  end
end
return kept
