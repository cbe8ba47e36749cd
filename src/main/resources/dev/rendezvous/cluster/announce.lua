-- Joins or refreshes a peer in a room, held by this node, and sends offers to random other peers of the room:
-- those on other nodes are published to their node's channel here, in the same step, those on this node return.
-- KEYS: room hash (peer -> "node|S" or "node|L"), room counts, room's WebSocket peers (a sorted set, all scores 0),
-- room's HTTP and UDP peers (unused here)
-- ARGV: peer_id (hex), node, seeder (1/0), completed (1/0), info_hash (hex), frame channel prefix, a random integer
-- in [0, 2^31) drawn by the node, offer frames...
-- Returns: complete, incomplete, 1 if the room was empty before, offers sent to other nodes, n (local targets),
-- then n pairs (peer, offer index) of local targets, then (peer, node) for each target whose node nobody listens to
local room, counts, ranked = KEYS[1], KEYS[2], KEYS[3]
local peer, node = ARGV[1], ARGV[2]
local complete, incomplete, first = joinRoom(room, counts, peer, node, ARGV[3], ARGV[4])
redis.call('ZADD', ranked, 'NX', 0, peer)
local result = { complete, incomplete, first, 0, 0 }
local unheard = {}
local wanted = #ARGV - 7
local others = redis.call('ZCARD', ranked) - 1
if wanted > 0 and others > 0 then
    -- Every other peer has the same chance: ranks drawn evenly among the others (join.lua), the announcer's skipped.
    math.randomseed(tonumber(ARGV[7]))
    local mine = redis.call('ZRANK', ranked, peer)
    local chosen = 0
    for _, r in ipairs(distinctRanks(others, wanted)) do
        local rank = r >= mine and r + 1 or r
        local target = redis.call('ZRANGE', ranked, rank, rank)[1]
        local held = redis.call('HGET', room, target)
        chosen = chosen + 1
        local targetNode = held and string.sub(held, 1, -3)
        if not held then
            redis.call('ZREM', ranked, target) -- cannot happen while only these scripts write; mended all the same
        elseif targetNode == node then
            table.insert(result, target)
            table.insert(result, chosen - 1)
            result[5] = result[5] + 1
        elseif redis.call('PUBLISH', ARGV[6] .. targetNode, ARGV[5] .. target .. ARGV[7 + chosen]) > 0 then
            result[4] = result[4] + 1
        else
            table.insert(unheard, target)
            table.insert(unheard, targetNode)
        end
    end
end
for _, v in ipairs(unheard) do
    table.insert(result, v)
end
return result
