-- Drops sweep entries whose transaction state expired (its TTL passed), atomically per
-- entry, so an entry a delivery just re-created is kept.
-- KEYS[1] due, KEYS[2..] tx hashes; ARGV[i] the due member of KEYS[i + 1].
local removed = 0
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    removed = removed + redis.call('ZREM', KEYS[1], ARGV[i - 1])
  end
end
return removed
