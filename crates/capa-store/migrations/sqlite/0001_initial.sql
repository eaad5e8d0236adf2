-- The first schema of capa's store, SQLite dialect. Keep it equivalent to
-- migrations/postgres/0001_initial.sql: same tables, columns, constraints and
-- indexes, differing only where the dialects must (keys, types, triggers).
-- Dates are TEXT (YYYY-MM-DD) and timestamps TEXT (RFC 3339, UTC), as sqlx
-- writes them; booleans are 0 or 1.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    is_admin INTEGER NOT NULL CHECK (is_admin IN (0, 1)),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    layout TEXT NOT NULL,
    year_start_month INTEGER NOT NULL,
    time_zone TEXT NOT NULL,
    hours_per_week REAL NOT NULL,
    working_weeks_kind TEXT NOT NULL CHECK (working_weeks_kind IN ('fixed', 'from-days-away')),
    working_weeks REAL,
    annual_leave_days REAL,
    public_holidays REAL,
    study_days REAL,
    accepted_referrals_per_week REAL NOT NULL,
    conversion_to_core REAL NOT NULL,
    core_multiplier_kind TEXT NOT NULL CHECK (core_multiplier_kind IN ('fixed', 'derived')),
    core_multiplier REAL,
    core_appointments_per_session REAL,
    core_working_weeks REAL,
    core_average_appointments REAL,
    choice_appointments_per_session REAL NOT NULL,
    choice_allocation TEXT NOT NULL CHECK (choice_allocation IN ('equal', 'fte', 'manual')),
    balance_low REAL NOT NULL,
    balance_high REAL NOT NULL,
    share_low REAL NOT NULL,
    share_high REAL NOT NULL,
    diary_notice_weeks INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE streams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    multiplier_kind TEXT CHECK (multiplier_kind IN ('fixed', 'derived')),
    multiplier REAL,
    appointments_per_session REAL,
    working_weeks REAL,
    average_appointments REAL
);
-- Team::new treats stream names case-insensitively, so the database does too.
CREATE UNIQUE INDEX streams_team_name ON streams (team_id, lower(name));

CREATE TABLE clinicians (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    initials TEXT NOT NULL,
    name TEXT NOT NULL,
    discipline TEXT,
    fte REAL NOT NULL CHECK (fte > 0 AND fte <= 1),
    does_choice INTEGER NOT NULL CHECK (does_choice IN (0, 1)),
    choice_allocation INTEGER CHECK (choice_allocation >= 0),
    start_date TEXT,
    leaving_date TEXT,
    UNIQUE (team_id, initials),
    -- Lets memberships prove their clinician belongs to their team.
    UNIQUE (id, team_id)
);

CREATE TABLE clinician_skills (
    clinician_id INTEGER NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('core', 'advanced')),
    PRIMARY KEY (clinician_id, domain)
);

CREATE TABLE clinician_streams (
    clinician_id INTEGER NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    stream_id INTEGER NOT NULL REFERENCES streams (id),
    PRIMARY KEY (clinician_id, stream_id)
);
CREATE INDEX clinician_streams_stream ON clinician_streams (stream_id);

CREATE TABLE job_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    clinician_id INTEGER NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    applies_from TEXT,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (clinician_id, version)
);

CREATE TABLE job_plan_cells (
    job_plan_id INTEGER NOT NULL REFERENCES job_plans (id) ON DELETE CASCADE,
    session INTEGER NOT NULL CHECK (session >= 0),
    day INTEGER NOT NULL CHECK (day >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('choice', 'core', 'specific', 'other')),
    stream_id INTEGER REFERENCES streams (id),
    label TEXT,
    category TEXT,
    PRIMARY KEY (job_plan_id, session, day),
    CHECK ((kind = 'specific') = (stream_id IS NOT NULL)),
    CHECK ((kind = 'other') = (label IS NOT NULL AND category IS NOT NULL))
);
CREATE INDEX job_plan_cells_stream ON job_plan_cells (stream_id);

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('team-lead', 'clinician', 'booking-administrator', 'viewer')),
    clinician_id INTEGER,
    PRIMARY KEY (user_id, team_id),
    FOREIGN KEY (clinician_id, team_id) REFERENCES clinicians (id, team_id),
    CHECK ((role = 'clinician') = (clinician_id IS NOT NULL))
);
CREATE INDEX memberships_team ON memberships (team_id);
CREATE INDEX memberships_clinician ON memberships (clinician_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    subject TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start TEXT NOT NULL
);

-- No foreign keys: the history must outlive the teams, users and plans it
-- describes, and ON DELETE SET NULL would be an UPDATE the triggers refuse.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id INTEGER,
    team_id INTEGER,
    entity_kind TEXT NOT NULL,
    entity_id INTEGER,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_team ON audit_log (team_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id, id);

CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE is refused');
END;

CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: DELETE is refused');
END;
