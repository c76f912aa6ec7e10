-- A consumer's reads that can run in a script: its own pending entries (read back after
-- a restart), entries claimed from a dead consumer, and new entries already there. Each
-- entry's `record` is checked against the length cap here, before anything is sent: one
-- too long to read is sent as unreadable (then acknowledged and skipped), so it is never
-- loaded whole, and never again by a read back or a claim. (Only the blocking wait for
-- new entries cannot run in a script: it hands over what arrives while it waits, once.)
-- KEYS[1] stream
-- ARGV[1] 'pending' | 'new' | 'claim', ARGV[2] group, ARGV[3] consumer, ARGV[4] count,
-- ARGV[5] cap (bytes), ARGV[6] min idle ms (claim), ARGV[7] cursor (claim),
-- ARGV[8] the most record bytes one reply holds (past the first entry)
-- Returns {cursor or '', {{id, record or false}...}, cut 0|1}, or Redis's error reply as
-- is (NOGROUP: the group is created again). cut: entries handed to this consumer (so
-- pending with it) were left out of the reply to keep it under ARGV[8]: the caller
-- reads its own pending entries back next.
local cap = tonumber(ARGV[5])
local reply
if ARGV[1] == 'claim' then
  reply = redis.pcall('XAUTOCLAIM', KEYS[1], ARGV[2], ARGV[3], ARGV[6], ARGV[7],
    'COUNT', ARGV[4])
else
  local position = '0'
  if ARGV[1] == 'new' then position = '>' end
  reply = redis.pcall('XREADGROUP', 'GROUP', ARGV[2], ARGV[3], 'COUNT', ARGV[4],
    'STREAMS', KEYS[1], position)
end
if type(reply) == 'table' and reply.err then
  return reply
end
local cursor, entries = '', {}
if ARGV[1] == 'claim' then
  cursor = reply[1]
  entries = reply[2] or {}
elseif type(reply) == 'table' and type(reply[1]) == 'table' then
  entries = reply[1][2] or {}
end
local out = {}
local most = tonumber(ARGV[8])
local total, cut = 0, 0
for _, entry in ipairs(entries) do
  if type(entry) == 'table' and entry[1] then
    local record = false
    local fields = entry[2]
    if type(fields) == 'table' then
      for j = 1, #fields - 1, 2 do
        if fields[j] == 'record' then
          if #fields[j + 1] <= cap then record = fields[j + 1] end
          break
        end
      end
    end
    local size = 0
    if record then size = #record end
    -- A batch of records each under the cap can still be a batch of megabytes: the
    -- reply ends once it holds ARGV[8] bytes (always at least one entry).
    if #out > 0 and total + size > most then
      cut = 1
      break
    end
    total = total + size
    out[#out + 1] = {entry[1], record}
  end
end
return {cursor, out, cut}
