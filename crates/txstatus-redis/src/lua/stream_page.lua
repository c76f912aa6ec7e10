-- Reads transition records from the stream, each checked against the length cap here,
-- before anything is sent: a record another program wrote (up to Redis's 512 MB) is
-- only marked too long, never sent whole.
-- KEYS[1] stream
-- ARGV[1] entries skipped first (a reader's position), ARGV[2] entries returned at most,
-- ARGV[3] cap (bytes), ARGV[4] the most record bytes one reply holds past its first
-- entry (a page of records each under the cap is still a page of megabytes: the reply
-- ends before the entry that would pass it, and the caller reads on from there)
-- Returns {{id, record or false, state}...}, state 0 (read), 1 (no `record` field, or
-- it is not the first field of that name), 2 (the record is longer than the cap).
-- Skipped entries are paged through, never held at once.
local skip = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local most = tonumber(ARGV[4])
local total = 0
local full = false
local page_size = 1000
local start = '-'
local out = {}
while #out < want and not full do
  local n = page_size
  if skip == 0 and want - #out < n then n = want - #out end
  local page = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', n)
  for _, entry in ipairs(page) do
    if skip > 0 then
      skip = skip - 1
    elseif #out < want and not full then
      local record, state = false, 1
      local fields = entry[2]
      for j = 1, #fields - 1, 2 do
        if fields[j] == 'record' then
          if #fields[j + 1] > cap then state = 2 else record, state = fields[j + 1], 0 end
          break
        end
      end
      local size = 0
      if record then size = #record end
      if #out > 0 and total + size > most then
        full = true
      else
        total = total + size
        out[#out + 1] = {entry[1], record, state}
      end
    end
  end
  if #page < n then break end
  start = '(' .. page[#page][1]
end
return out
