-- Joins or refreshes a peer in a room, held by this node, and sends offers to random other peers.
-- KEYS: room hash (peer -> "node|S" or "node|L"), room counts, set of rooms, this node's set of rooms
-- ARGV: info_hash, peer_id (hex), node, seeder (1/0), completed (1/0), frame channel prefix, offer frames...
-- Returns: complete, incomplete, offers sent to other nodes, offers dropped, then (peer, offer index) per local target
local room, counts = KEYS[1], KEYS[2]
local infoHash, peer, node = ARGV[1], ARGV[2], ARGV[3]
local old = redis.call('HGET', room, peer)
local wasSeeder = old and string.sub(old, -1) == 'S'
local seeder = wasSeeder or ARGV[4] == '1'
local value = node .. (seeder and '|S' or '|L')
if old ~= value then
    redis.call('HSET', room, peer, value)
end
if not old and redis.call('HLEN', room) == 1 then
    redis.call('SADD', KEYS[3], infoHash)
end
if not old or string.sub(old, 1, -3) ~= node then
    redis.call('SADD', KEYS[4], infoHash)
end
if seeder and not wasSeeder then
    redis.call('HINCRBY', counts, 'complete', 1)
    if ARGV[5] == '1' then
        redis.call('HINCRBY', counts, 'downloaded', 1)
    end
end
local size = redis.call('HLEN', room)
local complete = tonumber(redis.call('HGET', counts, 'complete') or '0')
local result = { complete, size - complete, 0, 0 }
local wanted = #ARGV - 6
if wanted > 0 then
    local picks = redis.call('HRANDFIELD', room, wanted + 1, 'WITHVALUES')
    local chosen = 0
    for i = 1, #picks, 2 do
        local target = picks[i]
        if target ~= peer and chosen < wanted then
            chosen = chosen + 1
            local targetNode = string.sub(picks[i + 1], 1, -3)
            if targetNode == node then
                table.insert(result, target)
                table.insert(result, chosen - 1)
            elseif redis.call('PUBLISH', ARGV[6] .. targetNode, infoHash .. target .. ARGV[6 + chosen]) > 0 then
                result[3] = result[3] + 1
            else
                result[4] = result[4] + 1
            end
        end
    end
end
return result
