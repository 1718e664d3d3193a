/**
 * Lua scripts for the multi-step operations: Redis runs each one atomically, so concurrent
 * replicas see all of it or none of it.
 */

/**
 * Lua that adds outbox items as ENQUEUE does (a new id pending, one the batch holds left as it is):
 * the id/recipient pairs of ARGV from index `from` on, into the batch's recipients hash KEYS[to] and
 * states hash KEYS[state]. For a script whose write makes messages due, so they are queued with it.
 */
const queueItems = (to: number, state: number, from: number) => `
for i = ${from}, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[${to}], ARGV[i], ARGV[i + 1]) == 1 then redis.call('HSET', KEYS[${state}], ARGV[i], 'pending') end
end`;

/**
 * KEYS: the goal's idempotency key (its claim), goal hash, the team's goals, all goals, the card's
 * outbox recipients and states. ARGV: goal id, then the goal hash's fields data, current, target and
 * direction, its creation score, how long the claim is kept in seconds ('' for a goal without a key),
 * then the card's id/recipient pairs. Creates the goal and queues its card in one step, and returns its
 * id; a key claimed before returns the id of the goal that claimed it, and nothing is written.
 */
export const CREATE_GOAL = `
if ARGV[7] ~= '' then
  local made = redis.call('GET', KEYS[1])
  if made then return made end
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[7])
end
redis.call('HSET', KEYS[2], 'data', ARGV[2], 'current', ARGV[3], 'target', ARGV[4], 'direction', ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[1])${queueItems(5, 6, 8)}
return ARGV[1]
`;

/**
 * KEYS: goal hash, idempotency set, events list, the celebration's outbox recipients and states.
 * ARGV: mode (value|delta), amount, at, idempotency key, event JSON prefix, the largest size a goal's
 * number may have, then the celebration's id/recipient pairs, queued by the update that reaches the
 * target. Returns {applied, reachedNow, refused}: a result that is not finite or past the limit
 * (before rounding) is refused and changes nothing, the key included.
 */
export const ADD_PROGRESS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
if ARGV[4] ~= '' and redis.call('SISMEMBER', KEYS[2], ARGV[4]) == 1 then return {0, 0, 0} end
local current = tonumber(redis.call('HGET', KEYS[1], 'current'))
local target = tonumber(redis.call('HGET', KEYS[1], 'target'))
local direction = redis.call('HGET', KEYS[1], 'direction')
local amount = tonumber(ARGV[2])
local limit = tonumber(ARGV[6])
local exact = amount
if ARGV[1] == 'delta' and amount ~= nil then exact = current + amount end
if exact == nil or exact ~= exact or math.abs(exact) > limit then return {0, 0, 1} end
-- rounded as core rounds (12 significant digits) before it is compared with the target and stored
local stored = string.format('%.12g', exact)
local nextValue = tonumber(stored)
if ARGV[4] ~= '' then redis.call('SADD', KEYS[2], ARGV[4]) end
redis.call('HSET', KEYS[1], 'current', stored)
local reached = (direction == 'higher' and nextValue >= target) or (direction == 'lower' and nextValue <= target)
local reachedNow = 0
if reached and redis.call('HSETNX', KEYS[1], 'reachedAt', ARGV[3]) == 1 then reachedNow = 1 end
redis.call('RPUSH', KEYS[3], cjson.encode({value = nextValue, delta = nextValue - current, at = ARGV[3], meta = ARGV[5]}))
if reachedNow == 1 then${queueItems(4, 5, 7)}
end
return {1, reachedNow, 0}
`;

/**
 * KEYS: the week's claim, round JSON, round key, all rounds, the team's rounds, the team's week index,
 * the round's check-ins' outbox recipients and states. ARGV: round id, round JSON, round key, week
 * score, a claim to take over ('' for none), then the check-ins' id/recipient pairs. Claims the week
 * and writes its round and queues its check-ins in one step; returns the id of the week's round,
 * which is another one's when the week was claimed before (and then nothing is queued).
 */
export const OPEN_ROUND = `
local claimed = redis.call('GET', KEYS[1])
if claimed and claimed ~= ARGV[5] then return claimed end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('SADD', KEYS[5], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[1])${queueItems(7, 8, 6)}
return ARGV[1]
`;

/**
 * KEYS: the week's marks of who was asked (hash → team), and the set of teams that marked anyone
 * that week. ARGV: the team, seconds to keep the marks, then the keyed hashes of the people the
 * team's round asks. Marks those no team asked this week for the team, and returns those whose mark
 * is the team's (made now, or by the team before).
 */
export const ASK_ONCE = `
local mine = {}
for i = 3, #ARGV do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[1])
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then mine[#mine + 1] = ARGV[i] end
end
if #mine > 0 then redis.call('SADD', KEYS[2], ARGV[1]) end
for k = 1, 2 do
  if #ARGV > 2 and redis.call('EXISTS', KEYS[k]) == 1 and redis.call('TTL', KEYS[k]) < 0 then redis.call('EXPIRE', KEYS[k], ARGV[2]) end
end
return mine
`;

/**
 * KEYS: round JSON, round key, answered set, loose sealed list, sealed version. ARGV: hash, sealed
 * answer. Nothing is counted while open.
 */
export const RECORD_ANSWER = `
local round = redis.call('GET', KEYS[1])
if not round then return 'unknown_round' end
if cjson.decode(round).state ~= 'open' or redis.call('EXISTS', KEYS[2]) == 0 then return 'closed' end
if redis.call('SADD', KEYS[3], ARGV[1]) == 0 then return 'duplicate' end
redis.call('RPUSH', KEYS[4], ARGV[2])
redis.call('INCR', KEYS[5])
return 'recorded'
`;

/**
 * KEYS: round JSON, round key, loose sealed list, batches list, sealed version. ARGV: the batch, then
 * the loose entries it holds. 1 when they were replaced by it; 0, and nothing changed, when the
 * round is not open or one of them is gone.
 */
export const BATCH_ANSWERS = `
local round = redis.call('GET', KEYS[1])
if not round or cjson.decode(round).state ~= 'open' or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local wanted = {}
for i = 2, #ARGV do wanted[ARGV[i]] = true end
local kept, found = {}, 0
for _, entry in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
  if wanted[entry] then
    found = found + 1
    wanted[entry] = nil
  else
    kept[#kept + 1] = entry
  end
end
if found ~= #ARGV - 1 then return 0 end
redis.call('DEL', KEYS[3])
for i = 1, #kept, 1000 do redis.call('RPUSH', KEYS[3], unpack(kept, i, math.min(i + 999, #kept))) end
redis.call('RPUSH', KEYS[4], ARGV[1])
redis.call('INCR', KEYS[5])
return 1
`;

/**
 * KEYS: round JSON, key, answered set, loose sealed list, counts hash, comments list, respondents,
 * withheld flag, batches list, sealed version, unsummarised flag. ARGV: the sealed version counted,
 * the number of entries counted, closed round JSON, respondents, withheld ('1' or ''), unsummarised
 * ('1' or ''), number of count fields, then field/count pairs, then the comments. 0 when answers or
 * a batch came since they were counted (an answer recorded by a Kompis that does not move the
 * version still changes the number).
 */
export const CLOSE_ROUND = `
local round = redis.call('GET', KEYS[1])
if not round or cjson.decode(round).state ~= 'open' then return 1 end
if tonumber(redis.call('GET', KEYS[10]) or '0') ~= tonumber(ARGV[1]) then return 0 end
if redis.call('LLEN', KEYS[4]) + redis.call('LLEN', KEYS[9]) ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[3])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[8], KEYS[9], KEYS[10], KEYS[11])
redis.call('SET', KEYS[7], ARGV[4])
if ARGV[5] == '1' then redis.call('SET', KEYS[8], '1') end
if ARGV[6] == '1' then redis.call('SET', KEYS[11], '1') end
local i = 8
for _ = 1, tonumber(ARGV[7]) do
  redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1])
  i = i + 2
end
for j = i, #ARGV do redis.call('RPUSH', KEYS[6], ARGV[j]) end
return 1
`;

/** KEYS: round JSON. ARGV: the new closing time. Moves it only while the round is open. */
export const CLOSE_AT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local round = cjson.decode(raw)
if round.state ~= 'open' then return 0 end
round.closesAt = ARGV[1]
redis.call('SET', KEYS[1], cjson.encode(round))
return 1
`;

/** KEYS: lock. ARGV: owner. Deletes only the owner's lock. */
export const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS: lock. ARGV: owner, ttl ms. Takes a free lock or extends one's own. */
export const ACQUIRE_LOCK = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** KEYS: recipients hash, states hash. ARGV: id/recipient pairs. Adds the new ids as pending; returns how many were new. */
/**
 * KEYS: batch states, batch tries. ARGV: item id, state ('' to put it back as pending with one try
 * more). Changes an item the batch holds and nothing else: a send that ends after its batch was
 * dropped writes no trace of whom it was for. Returns the item's tries, 0 for no such item.
 */
export const MARK_ITEM = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
end
redis.call('HSET', KEYS[1], ARGV[1], 'pending')
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
`;

export const ENQUEUE = `
local added = 0
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('HSET', KEYS[2], ARGV[i], 'pending')
    added = added + 1
  end
end
return added
`;

/**
 * KEYS: an outbox batch's recipients, states and tries. ARGV: id, recipient, state, tries, for each
 * item of an imported backup. An item sent in the store or in the backup stays sent (and one in
 * doubt in either stays in doubt), and keeps the larger count of tries: nothing goes out twice.
 */
export const IMPORT_ITEMS = `
local order = {pending = 0, sending = 1, sent = 2}
for i = 1, #ARGV, 4 do
  local held = redis.call('HGET', KEYS[2], ARGV[i])
  if not held or order[ARGV[i + 2]] > (order[held] or -1) then redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2]) end
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  if tonumber(ARGV[i + 3]) > tonumber(redis.call('HGET', KEYS[3], ARGV[i]) or '0') then redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 3]) end
end
`;
