-- A read ticket from the webhook store for a leased transaction, only while the lease is
-- still its owner's (fencing token): a transaction erased (or claimed by another) since
-- the claim gets no ticket, and nothing is written. Taken anyway, the ticket would create
-- the webhook store's hash again for an erased id, a key naming it kept for the TTL.
-- Issued by issue_ticket (lua/ticket.lua, prepended), as the webhook store's.
-- KEYS[1] watch tx hash, KEYS[2] webhook tx hash, KEYS[3] ticket counter
-- ARGV[1] token, ARGV[2] state TTL ms (only ever lengthened here)
-- Returns the ticket, or 0 when the lease is no longer held.
if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then
  return 0
end
local ticket = issue_ticket(KEYS[2], KEYS[3])
if not ticket then
  return redis.error_reply('ERR a webhook store field holds no plain integer')
end
local left = redis.call('PTTL', KEYS[2])
if left < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return tonumber(ticket)
