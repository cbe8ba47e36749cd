-- Joins or refreshes a peer in a room, held by this node, and sends offers to random other peers of the room:
-- those on other nodes are published to their node's channel here, in the same step, those on this node return.
-- KEYS: room hash (peer -> "node|S" or "node|L"), room counts
-- ARGV: peer_id (hex), node, seeder (1/0), completed (1/0), info_hash (hex), frame channel prefix, offer frames...
-- Returns: complete, incomplete, 1 if the room was empty before, offers sent to other nodes, n (local targets),
-- then n pairs (peer, offer index) of local targets, then (peer, node) for each target whose node nobody listens to
local room, counts = KEYS[1], KEYS[2]
local peer, node = ARGV[1], ARGV[2]
local old = redis.call('HGET', room, peer)
local wasSeeder = old and string.sub(old, -1) == 'S'
local seeder = wasSeeder or ARGV[3] == '1'
local value = node .. (seeder and '|S' or '|L')
if old ~= value then
    redis.call('HSET', room, peer, value)
end
if seeder and not wasSeeder then
    redis.call('HINCRBY', counts, 'complete', 1)
    if ARGV[4] == '1' then
        redis.call('HINCRBY', counts, 'downloaded', 1)
    end
end
local size = redis.call('HLEN', room)
local complete = tonumber(redis.call('HGET', counts, 'complete') or '0')
local result = { complete, size - complete, (not old and size == 1) and 1 or 0, 0, 0 }
local unheard = {}
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
                result[5] = result[5] + 1
            elseif redis.call('PUBLISH', ARGV[6] .. targetNode, ARGV[5] .. target .. ARGV[6 + chosen]) > 0 then
                result[4] = result[4] + 1
            else
                table.insert(unheard, target)
                table.insert(unheard, targetNode)
            end
        end
    end
end
for _, v in ipairs(unheard) do
    table.insert(result, v)
end
return result
