/** Versioned schema: entry i takes the database from user_version i to i + 1. Never edit a shipped entry; add one. */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE unanswered (id TEXT PRIMARY KEY, question TEXT NOT NULL, lang TEXT NOT NULL, asked_at TEXT NOT NULL,
    channel TEXT, closed_at TEXT, closed_by TEXT);
  CREATE INDEX unanswered_open ON unanswered (closed_at, asked_at);
  CREATE TABLE feedback (id TEXT PRIMARY KEY, answer_id TEXT NOT NULL, vote TEXT NOT NULL, reason TEXT,
    passage_ids TEXT NOT NULL, lang TEXT NOT NULL, at TEXT NOT NULL);
  CREATE TABLE seen_events (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
  CREATE TABLE conversations (key TEXT PRIMARY KEY, ref TEXT NOT NULL, saved_at TEXT NOT NULL);
  CREATE TABLE user_teams (user TEXT PRIMARY KEY, team TEXT NOT NULL);
  CREATE TABLE locks (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
  CREATE TABLE goals (id TEXT PRIMARY KEY, team TEXT NOT NULL, data TEXT NOT NULL, current REAL NOT NULL, reached_at TEXT);
  CREATE INDEX goals_team ON goals (team);
  CREATE TABLE progress (seq INTEGER PRIMARY KEY AUTOINCREMENT, goal_id TEXT NOT NULL, value REAL NOT NULL, delta REAL NOT NULL,
    source TEXT NOT NULL, actor TEXT, idempotency_key TEXT, at TEXT NOT NULL, UNIQUE (goal_id, idempotency_key));
  CREATE TABLE kudos (id TEXT PRIMARY KEY, team TEXT NOT NULL, from_user TEXT NOT NULL, to_user TEXT NOT NULL, text TEXT NOT NULL,
    goal_id TEXT, at TEXT NOT NULL);
  CREATE INDEX kudos_team_at ON kudos (team, at);
  CREATE TABLE rounds (id TEXT PRIMARY KEY, team TEXT NOT NULL, week TEXT NOT NULL, question_ids TEXT NOT NULL,
    opens_at TEXT NOT NULL, closes_at TEXT NOT NULL, state TEXT NOT NULL, respondents INTEGER NOT NULL DEFAULT 0,
    UNIQUE (team, week));
  -- the secret and the answered set live apart from the counts and are deleted when the round closes
  CREATE TABLE round_keys (round_id TEXT PRIMARY KEY, key BLOB NOT NULL);
  CREATE TABLE round_answered (round_id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (round_id, hash)) WITHOUT ROWID;
  CREATE TABLE round_counts (round_id TEXT NOT NULL, question_id TEXT NOT NULL, score TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (round_id, question_id, score)) WITHOUT ROWID;
  CREATE TABLE round_comments (round_id TEXT NOT NULL, text TEXT NOT NULL);
  `,
  `
  ALTER TABLE rounds ADD COLUMN remind_at TEXT;
  ALTER TABLE rounds ADD COLUMN k INTEGER NOT NULL DEFAULT 5;
  ALTER TABLE rounds ADD COLUMN invited INTEGER;
  CREATE TABLE teams (id TEXT PRIMARY KEY, data TEXT NOT NULL);
  CREATE TABLE outbox (batch TEXT NOT NULL, id TEXT NOT NULL, recipient TEXT NOT NULL, state TEXT NOT NULL,
    PRIMARY KEY (batch, id)) WITHOUT ROWID;
  `,
  `
  -- answers of an open round are sealed by core (encrypted) and counted only when it closes
  CREATE TABLE round_sealed (round_id TEXT NOT NULL, entry TEXT NOT NULL);
  CREATE INDEX round_sealed_round ON round_sealed (round_id);
  ALTER TABLE rounds ADD COLUMN comment_k INTEGER;
  ALTER TABLE rounds ADD COLUMN comments_withheld INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE rounds ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
  `,
  `
  CREATE TABLE answer_citations (answer_id TEXT PRIMARY KEY, passage_ids TEXT NOT NULL, expires_at INTEGER NOT NULL);
  CREATE INDEX answer_citations_expiry ON answer_citations (expires_at);
  `,
  `
  ALTER TABLE unanswered ADD COLUMN why TEXT;
  `,
  `
  CREATE INDEX seen_events_expiry ON seen_events (expires_at);
  `,
  `
  -- an open round's loose answers are gathered into batches; the version moves with every answer and batch
  ALTER TABLE round_sealed ADD COLUMN batched INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE rounds ADD COLUMN sealed_version INTEGER NOT NULL DEFAULT 0;
  UPDATE rounds SET sealed_version = (SELECT COUNT(*) FROM round_sealed WHERE round_sealed.round_id = rounds.id);
  `,
  `
  -- the question asked last in a thread, which a follow-up goes on from; gone when it expires
  CREATE TABLE last_questions (key TEXT PRIMARY KEY, question TEXT NOT NULL, expires_at INTEGER NOT NULL);
  CREATE INDEX last_questions_expiry ON last_questions (expires_at);
  `,
  `
  -- how often the platform did not take a message: the ones tried least go first
  ALTER TABLE outbox ADD COLUMN tries INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- a goal's number is its place among the team's goals by creation time, then id, as in Redis and in an export
  ALTER TABLE goals ADD COLUMN created_ms INTEGER;
  UPDATE goals SET created_ms = CAST(ROUND((julianday(json_extract(data, '$.createdAt')) - 2440587.5) * 86400000) AS INTEGER);
  DROP INDEX goals_team;
  CREATE INDEX goals_team_created ON goals (team, created_ms, id);
  `,
  `
  -- who was asked in a week, as keyed hashes, and by which team: a person is asked once a week, whatever team asks
  CREATE TABLE pulse_asked (week TEXT NOT NULL, hash TEXT NOT NULL, team TEXT NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (week, hash)) WITHOUT ROWID;
  CREATE INDEX pulse_asked_expiry ON pulse_asked (expires_at);
  `,
  `
  -- keyed hashes of a round's leads when it opened: they alone get its summary, and none of them may answer it
  ALTER TABLE rounds ADD COLUMN lead_hashes TEXT;
  `,
  `
  -- a round whose close found more answers than people who answered: nothing of it is shown
  ALTER TABLE rounds ADD COLUMN unsummarised INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- the goal a team's idempotency key made (a Slack form's view), so the form sent again makes no second one
  CREATE TABLE goal_keys (team TEXT NOT NULL, key TEXT NOT NULL, goal_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (team, key)) WITHOUT ROWID;
  CREATE INDEX goal_keys_expiry ON goal_keys (expires_at);
  `,
];
