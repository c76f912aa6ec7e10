-- A read ticket from the webhook store for a leased transaction, only while the lease is
-- still its owner's (fencing token): a transaction erased (or claimed by another) since
-- the claim gets no ticket, and nothing is written. Taken anyway, the ticket would create
-- the webhook store's hash again for an erased id, a key naming it kept for the TTL.
-- KEYS[1] watch tx hash, KEYS[2] webhook tx hash
-- ARGV[1] token, ARGV[2] state TTL ms (only ever lengthened here)
-- Returns the ticket, or 0 when the lease is no longer held.
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then
  return 0
end
local ticket = redis.call('HINCRBY', KEYS[2], 'issued', 1)
local left = redis.call('PTTL', KEYS[2])
if left < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return ticket
