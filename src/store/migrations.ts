/**
 * Numbered migrations. Migration N takes a database at user_version N-1 to N. Never edit a
 * migration that has shipped: add the next one.
 */
export const migrations: readonly string[] = [
  // 1: the CRM model and import runs.
  `
  CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'rejected', 'failed')),
    message TEXT
  );

  CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    region TEXT,
    segment TEXT
  );

  CREATE TABLE reps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email TEXT UNIQUE COLLATE NOCASE,
    team_id INTEGER REFERENCES teams(id),
    region TEXT,
    segment TEXT,
    manager TEXT,
    hire_date TEXT,
    slack_user_id TEXT UNIQUE,
    import_id INTEGER REFERENCES import_runs(id)
  );

  CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    external_id TEXT UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    segment TEXT,
    region TEXT,
    industry TEXT,
    import_id INTEGER REFERENCES import_runs(id)
  );

  CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    product TEXT,
    value_cents INTEGER NOT NULL CHECK (value_cents >= 0),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    import_id INTEGER REFERENCES import_runs(id),
    CHECK (end_date >= start_date)
  );
  CREATE INDEX contracts_account ON contracts(account_id);
  CREATE INDEX contracts_end ON contracts(end_date);

  CREATE TABLE opportunities (
    id TEXT PRIMARY KEY,
    name TEXT,
    account_id INTEGER REFERENCES accounts(id),
    owner_id INTEGER NOT NULL REFERENCES reps(id),
    stage TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    probability REAL CHECK (probability IS NULL OR (probability >= 0 AND probability <= 100)),
    product TEXT,
    created_date TEXT NOT NULL,
    close_date TEXT NOT NULL,
    next_step TEXT,
    last_activity_date TEXT,
    is_closed INTEGER NOT NULL CHECK (is_closed IN (0, 1)),
    is_won INTEGER NOT NULL CHECK (is_won IN (0, 1)),
    import_id INTEGER REFERENCES import_runs(id),
    changed_at TEXT NOT NULL,
    CHECK (is_won = 0 OR is_closed = 1)
  );
  CREATE INDEX opportunities_owner ON opportunities(owner_id);
  CREATE INDEX opportunities_close ON opportunities(close_date);
  CREATE INDEX opportunities_account ON opportunities(account_id);

  -- One row each time a deal entered a stage. entered_at is an ISO date or datetime.
  CREATE TABLE stage_history (
    id INTEGER PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    import_id INTEGER REFERENCES import_runs(id),
    UNIQUE (opportunity_id, entered_at, stage)
  );

  -- One row each time a deal's close date was set to a new value.
  CREATE TABLE close_date_history (
    id INTEGER PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    close_date TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    import_id INTEGER REFERENCES import_runs(id),
    UNIQUE (opportunity_id, changed_at, close_date)
  );

  -- A re-import that changes a deal's stage or close date appends to its history.
  CREATE TRIGGER opportunities_stage_change AFTER UPDATE OF stage ON opportunities
  WHEN old.stage IS NOT new.stage
  BEGIN
    INSERT OR IGNORE INTO stage_history (opportunity_id, stage, entered_at, import_id)
    VALUES (new.id, new.stage, new.changed_at, new.import_id);
  END;
  CREATE TRIGGER opportunities_close_date_change AFTER UPDATE OF close_date ON opportunities
  WHEN old.close_date IS NOT new.close_date
  BEGIN
    INSERT OR IGNORE INTO close_date_history (opportunity_id, close_date, changed_at, import_id)
    VALUES (new.id, new.close_date, new.changed_at, new.import_id);
  END;

  CREATE TABLE quotas (
    rep_id INTEGER NOT NULL REFERENCES reps(id),
    period TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    import_id INTEGER REFERENCES import_runs(id),
    PRIMARY KEY (rep_id, period)
  );

  -- scope is 'company', 'region:X', 'team:X', 'segment:X' or 'rep:Name'.
  CREATE TABLE forecast_submissions (
    id INTEGER PRIMARY KEY,
    submitted_by TEXT NOT NULL,
    scope TEXT NOT NULL,
    period TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    submitted_at TEXT NOT NULL,
    import_id INTEGER REFERENCES import_runs(id),
    UNIQUE (submitted_by, scope, period, submitted_at)
  );
  CREATE INDEX forecast_submissions_period ON forecast_submissions(period, scope);
  `,
  // 2: stored analyses and the bot's own daily forecast snapshots.
  `
  CREATE TABLE analyses (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    scope TEXT NOT NULL,
    period TEXT NOT NULL,
    as_of TEXT NOT NULL,
    import_id INTEGER,
    definition_version INTEGER NOT NULL,
    refresh_id INTEGER NOT NULL,
    -- 1 when this period is the one readers get when they name none
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    computed_at TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  -- Readers match scope and period case-insensitively ("team:west" finds "team:West").
  CREATE INDEX analyses_latest ON analyses(name, scope COLLATE NOCASE, period COLLATE NOCASE, id DESC);
  CREATE INDEX analyses_default ON analyses(name, scope COLLATE NOCASE, id DESC) WHERE is_default = 1;

  CREATE TABLE refresh_runs (
    id INTEGER PRIMARY KEY,
    as_of TEXT NOT NULL,
    import_id INTEGER,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'failed')),
    message TEXT
  );

  -- scope as in forecast_submissions; method 'ensemble' is the headline point forecast.
  CREATE TABLE forecast_snapshots (
    taken_on TEXT NOT NULL,
    period TEXT NOT NULL,
    scope TEXT NOT NULL,
    method TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    refresh_id INTEGER,
    PRIMARY KEY (taken_on, period, scope, method)
  );
  `,
  // 3: Slack users linked to a manager named in the reps' manager column who carries no quota (so
  // has no rep row of their own). A Slack user is linked to a rep or to a manager, never both.
  `
  CREATE TABLE manager_links (
    slack_user_id TEXT PRIMARY KEY,
    manager_name TEXT NOT NULL COLLATE NOCASE,
    linked_at TEXT NOT NULL
  );
  `,
  // 4: rituals (definitions, agenda, skip dates, change log) and occurrences: one row per post
  // that must go out exactly once, claimed with a lease. Instants are ISO-8601 UTC text, wall times
  // local text in the ritual's zone. Portable SQL: a PostgreSQL store will follow.
  `
  CREATE TABLE rituals (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('monthly-review', 'quarterly-planning', 'year-end-review', 'custom')),
    channel_id TEXT NOT NULL,
    rrule TEXT NOT NULL,
    dtstart TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    lead TEXT NOT NULL,
    lead_on_business_day INTEGER NOT NULL DEFAULT 0 CHECK (lead_on_business_day IN (0, 1)),
    facilitator_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'paused')),
    -- posts due before this instant are never made up: set on create, resume and schedule change
    schedule_since TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  CREATE TABLE ritual_agenda_items (
    ritual_id INTEGER NOT NULL REFERENCES rituals(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    PRIMARY KEY (ritual_id, position)
  );

  CREATE TABLE ritual_skip_dates (
    ritual_id INTEGER NOT NULL REFERENCES rituals(id) ON DELETE CASCADE,
    skip_date TEXT NOT NULL,
    PRIMARY KEY (ritual_id, skip_date)
  );

  -- Kept when a ritual is removed, so who changed what stays on record.
  CREATE TABLE ritual_changes (
    id INTEGER PRIMARY KEY,
    ritual_id INTEGER NOT NULL,
    ritual_name TEXT NOT NULL,
    actor TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'pause', 'resume', 'remove')),
    changes TEXT NOT NULL
  );
  CREATE INDEX ritual_changes_ritual ON ritual_changes(ritual_id, id);

  -- subject groups a history (ritual:12, user:U0123); deadline_at is when posting becomes pointless.
  CREATE TABLE occurrences (
    id INTEGER PRIMARY KEY,
    occurrence_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    due_at TEXT NOT NULL,
    deadline_at TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'claimed', 'posted', 'late', 'missed', 'failed', 'cancelled')),
    lease_holder TEXT,
    lease_until TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    first_claimed_at TEXT,
    message_ts TEXT,
    note TEXT,
    reason TEXT,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE INDEX occurrences_open ON occurrences(due_at) WHERE state IN ('pending', 'claimed');
  CREATE INDEX occurrences_subject ON occurrences(subject, due_at);

  -- The last time any process ran a scheduler pass: a gap is downtime, named in late posts.
  CREATE TABLE scheduler_heartbeats (
    name TEXT PRIMARY KEY,
    last_tick_at TEXT NOT NULL,
    holder TEXT NOT NULL
  );
  `,
  // 5: action items and their audit trail (one row per change, numbered by the item's version),
  // Slack users' time zones (users.info tz, refreshed weekly) and the reminder sends claimed.
  `
  CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    owner_id TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    -- a calendar date read in deadline_zone (IANA), the owner's zone when it was given to them
    deadline TEXT NOT NULL,
    deadline_zone TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('review', 'deal', 'manual')),
    review_key TEXT,
    ritual TEXT,
    -- no foreign key: an item outlives its deal leaving the CRM export
    deal_id TEXT,
    state TEXT NOT NULL CHECK (state IN ('open', 'done', 'dropped')),
    drop_reason TEXT,
    done_at TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    -- the Slack request that created it (view or trigger id), so a retried submission creates one item
    request_key TEXT UNIQUE,
    channel_id TEXT,
    message_ts TEXT,
    CHECK (source <> 'review' OR review_key IS NOT NULL),
    CHECK (source <> 'deal' OR deal_id IS NOT NULL),
    CHECK ((state = 'done') = (done_at IS NOT NULL)),
    CHECK ((state = 'dropped') = (drop_reason IS NOT NULL))
  );
  CREATE INDEX action_items_owner ON action_items(owner_id, state, deadline);
  CREATE INDEX action_items_state ON action_items(state, deadline);
  CREATE INDEX action_items_review ON action_items(review_key);
  CREATE INDEX action_items_deal ON action_items(deal_id);
  CREATE INDEX action_items_ritual ON action_items(ritual, state);

  CREATE TABLE action_item_events (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES action_items(id),
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'done', 'reopened', 'reassigned', 'deadline_changed', 'dropped')),
    actor_id TEXT NOT NULL,
    at TEXT NOT NULL,
    from_value TEXT,
    to_value TEXT,
    note TEXT,
    UNIQUE (item_id, version)
  );

  CREATE TABLE slack_user_zones (
    slack_user_id TEXT PRIMARY KEY,
    time_zone TEXT NOT NULL,
    fetched_at TEXT NOT NULL
  );

  -- Once per key (recipient and local date) across restarts and instances. To merge into the
  -- rituals' persisted occurrences when that store lands.
  CREATE TABLE reminder_sends (
    key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    claimed_at TEXT NOT NULL
  );
  `,
  // 6: when each deal was first seen flagged for executive attention, so the 48-hour intervention
  // window starts there and not at every refresh.
  `
  CREATE TABLE deal_flags (
    deal_id TEXT PRIMARY KEY,
    first_flagged_at TEXT NOT NULL
  );
  `,
  // 7: the parts of an occurrence that follow its message (a pre-read's thread messages and its
  // uploaded files), each recorded once done, so a taker-over after a crash posts only what is left.
  // A files part is recorded "started" with its file ids before they are shared. And the source of
  // a pre-read's executive summary, recorded with its occurrence.
  `
  CREATE TABLE occurrence_parts (
    occurrence_id INTEGER NOT NULL REFERENCES occurrences(id),
    part TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('started', 'done')),
    ts TEXT,
    file_ids TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (occurrence_id, part)
  );
  -- which summary a pre-read carried: "Claude", or "template — <why>"
  ALTER TABLE occurrences ADD COLUMN summary_source TEXT;
  `,
  // 8: schedules that are not rituals (the daily refresh), stored as an RRULE in their zone like a
  // ritual's; their runs are occurrences. A run's outcome (exit code, refresh, rows) as JSON.
  `
  CREATE TABLE schedules (
    name TEXT PRIMARY KEY,
    rrule TEXT NOT NULL,
    dtstart TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    -- runs due before this instant are never made up: set when the schedule is created or changed
    schedule_since TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  ALTER TABLE occurrences ADD COLUMN result TEXT;
  `,
  // 9: no query reads deals by owner, close date or account (the refresh reads the table in rowid
  // ranges, a deal is looked up by its id, no rep or account is ever deleted), so these three
  // indexes were only upkeep: keeping them current was half of a 1M-row import's time.
  `
  DROP INDEX IF EXISTS opportunities_owner;
  DROP INDEX IF EXISTS opportunities_close;
  DROP INDEX IF EXISTS opportunities_account;
  `,
];

export const SCHEMA_VERSION = migrations.length;
