-- A room's counts.
-- KEYS: room hash, room counts (then the room's two sorted sets, unused here)
-- Returns: size, complete, downloaded
local counts = redis.call('HMGET', KEYS[2], 'complete', 'downloaded')
return { redis.call('HLEN', KEYS[1]), tonumber(counts[1] or '0'), tonumber(counts[2] or '0') }
