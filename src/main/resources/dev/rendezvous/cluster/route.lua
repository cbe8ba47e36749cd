-- Sends a frame to the node that holds a peer.
-- KEYS: room hash
-- ARGV: info_hash, peer_id (hex), this node, frame channel prefix, frame
-- Returns -1 if no node holds the peer, -2 if this node does, else how many nodes took the frame (0 or 1)
local value = redis.call('HGET', KEYS[1], ARGV[2])
if not value then
    return { -1 }
end
local node = string.sub(value, 1, -3)
if node == ARGV[3] then
    return { -2 }
end
return { redis.call('PUBLISH', ARGV[4] .. node, ARGV[1] .. ARGV[2] .. ARGV[5]) }
