-- Removes a peer from a room if the given node still holds it (a takeover by another node leaves it alone), or
-- whichever node holds it when the node is '*' (an HTTP or UDP peer's stopped, which may reach any node).
-- KEYS: room hash, room counts, room's WebSocket peers, room's HTTP and UDP peers
-- ARGV: peer_id (hex), node
-- Returns: 1 if the peer was removed, else 0; the room's size
local value = redis.call('HGET', KEYS[1], ARGV[1])
if not value or (ARGV[2] ~= '*' and string.sub(value, 1, -3) ~= ARGV[2]) then
    return { 0, redis.call('HLEN', KEYS[1]) }
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[#ARGV[1] == 40 and 3 or 4], ARGV[1])
if string.sub(value, -1) == 'S' then
    redis.call('HINCRBY', KEYS[2], 'complete', -1)
end
local size = redis.call('HLEN', KEYS[1])
if size == 0 then
    redis.call('DEL', KEYS[2])
end
return { 1, size }
