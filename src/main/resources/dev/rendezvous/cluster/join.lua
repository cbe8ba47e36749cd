-- Prepended to the scripts that join a peer and draw random others (announce, announce_address).

-- Joins or refreshes `field` in room hash `room` as held by `node`, seeding if `seeds` ('1') or if it did; counts a
-- new seeder in `counts`, and a completion too if `completed` ('1'). Returns complete, incomplete, and 1 if the room
-- was empty before (else 0).
local function joinRoom(room, counts, field, node, seeds, completed)
    local old = redis.call('HGET', room, field)
    local wasSeeder = old and string.sub(old, -1) == 'S'
    local seeder = wasSeeder or seeds == '1'
    local value = node .. (seeder and '|S' or '|L')
    if old ~= value then
        redis.call('HSET', room, field, value)
    end
    if seeder and not wasSeeder then
        redis.call('HINCRBY', counts, 'complete', 1)
        if completed == '1' then
            redis.call('HINCRBY', counts, 'downloaded', 1)
        end
    end
    local size = redis.call('HLEN', room)
    local complete = tonumber(redis.call('HGET', counts, 'complete') or '0')
    return complete, size - complete, (not old and size == 1) and 1 or 0
end

-- Draws min(n, count) distinct ranks of [0, count), each subset equally likely (Floyd's algorithm): O(n), whatever the
-- room's size. Peers are drawn by rank in a room's sorted set, not by HRANDFIELD: for a hash in a listpack that returns
-- a random set in the hash's (join) order, and for a hashtable its choice is measurably uneven (a room of 200 peers:
-- some chosen three times as often as others). The caller seeds math.random with the node's random value: Redis
-- before 7.0 seeds it alike for every run.
local function distinctRanks(count, n)
    local ranks = {}
    if n >= count then
        for r = 0, count - 1 do
            table.insert(ranks, r)
        end
        return ranks
    end
    local taken = {}
    for j = count - n + 1, count do
        local r = math.random(j) - 1
        if taken[r] then
            r = j - 1
        end
        taken[r] = true
        table.insert(ranks, r)
    end
    return ranks
end
