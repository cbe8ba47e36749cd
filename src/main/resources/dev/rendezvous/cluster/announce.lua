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
local old = redis.call('HGET', room, peer)
local wasSeeder = old and string.sub(old, -1) == 'S'
local seeder = wasSeeder or ARGV[3] == '1'
local value = node .. (seeder and '|S' or '|L')
if old ~= value then
    redis.call('HSET', room, peer, value)
end
redis.call('ZADD', ranked, 'NX', 0, peer)
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
local wanted = #ARGV - 7
local others = redis.call('ZCARD', ranked) - 1
if wanted > 0 and others > 0 then
    -- Targets are drawn by rank in the room's sorted set, not by HRANDFIELD: for a hash in a listpack that returns a
    -- random set in the hash's (join) order, and for a hashtable its choice is measurably uneven (a room of 200 peers:
    -- some chosen three times as often as others). Ranks drawn uniformly (Floyd's algorithm) give every other peer
    -- the same chance. The node's random value seeds the generator: Redis before 7.0 seeds it alike for every run.
    math.randomseed(tonumber(ARGV[7]))
    local mine = redis.call('ZRANK', ranked, peer)
    local ranks = {}
    if wanted >= others then
        for r = 0, others - 1 do
            table.insert(ranks, r)
        end
    else
        local taken = {}
        for j = others - wanted + 1, others do
            local r = math.random(j) - 1
            if taken[r] then
                r = j - 1
            end
            taken[r] = true
            table.insert(ranks, r)
        end
    end
    local chosen = 0
    for _, r in ipairs(ranks) do
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
