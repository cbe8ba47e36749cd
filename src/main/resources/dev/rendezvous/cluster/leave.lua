-- Removes a peer from a room if this node still holds it (a takeover by another node leaves it alone).
-- KEYS: room hash, room counts, set of rooms
-- ARGV: info_hash, peer_id (hex), node
-- Returns 1 if the peer was removed
local value = redis.call('HGET', KEYS[1], ARGV[2])
if not value or string.sub(value, 1, -3) ~= ARGV[3] then
    return { 0 }
end
redis.call('HDEL', KEYS[1], ARGV[2])
if string.sub(value, -1) == 'S' then
    redis.call('HINCRBY', KEYS[2], 'complete', -1)
end
if redis.call('HLEN', KEYS[1]) == 0 then
    redis.call('DEL', KEYS[2])
    redis.call('SREM', KEYS[3], ARGV[1])
end
return { 1 }
