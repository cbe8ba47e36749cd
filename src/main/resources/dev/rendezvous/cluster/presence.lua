-- Adds (+) or removes (-) a peer_id in this node's set of announced peers, and tells the other nodes.
-- KEYS: this node's set of peers
-- ARGV: + or -, peer_id (hex), events channel, node
local changed
if ARGV[1] == '+' then
    changed = redis.call('SADD', KEYS[1], ARGV[2])
else
    changed = redis.call('SREM', KEYS[1], ARGV[2])
end
if changed == 1 then
    redis.call('PUBLISH', ARGV[3], ARGV[1] .. ARGV[4] .. ' ' .. ARGV[2])
end
return { changed }
