-- The read ticket scheme, shared by the webhook store's begin_read and a worker's
-- (lua/watch_begin_read.lua), prepended to both: issue_ticket(tx hash, ticket counter).
-- Tickets come from one counter for every transaction (`wh:ticket`), never below a
-- ticket the hash already issued, so a transaction erased (or expired) and started
-- again by a later delivery never issues a ticket a read still in flight from before
-- holds: the hash keeps the first ticket of its life (`born`), and commit.lua records
-- nothing for a ticket below it. A counter no writer of ours left (not a plain integer
-- below 10^15, or a key of another type) is replaced, as after a restart; a hash's
-- `issued` that is not one is refused (nil: the caller answers an error, nothing
-- written).
local function issue_ticket(tx, counter)
  local function plain(text)
    return type(text) == 'string' and #text <= 15 and string.match(text, '^[0-9]+$') ~= nil
  end
  -- Lengths first: a junk value is never read whole into the script.
  if redis.call('HSTRLEN', tx, 'issued') > 15 then
    return nil
  end
  local issued = redis.call('HGET', tx, 'issued')
  if issued and not plain(issued) then
    return nil
  end
  local last = 0
  if redis.call('TYPE', counter)['ok'] == 'string' and redis.call('STRLEN', counter) <= 15 then
    local text = redis.call('GET', counter)
    if plain(text) then last = tonumber(text) end
  end
  if issued and tonumber(issued) > last then last = tonumber(issued) end
  local ticket = string.format('%.0f', last + 1)
  redis.call('SET', counter, ticket)
  if not issued then
    redis.call('HSET', tx, 'born', ticket)
  end
  redis.call('HSET', tx, 'issued', ticket)
  return ticket
end
