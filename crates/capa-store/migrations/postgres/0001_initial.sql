-- The first schema of capa's store, PostgreSQL dialect. Keep it equivalent to
-- migrations/sqlite/0001_initial.sql: same tables, columns, constraints and
-- indexes, differing only where the dialects must (keys, types, triggers).
-- Every integer is BIGINT so that one Rust type (i64) reads both backends.

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE teams (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    layout TEXT NOT NULL,
    year_start_month BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    hours_per_week DOUBLE PRECISION NOT NULL,
    working_weeks_kind TEXT NOT NULL CHECK (working_weeks_kind IN ('fixed', 'from-days-away')),
    working_weeks DOUBLE PRECISION,
    annual_leave_days DOUBLE PRECISION,
    public_holidays DOUBLE PRECISION,
    study_days DOUBLE PRECISION,
    accepted_referrals_per_week DOUBLE PRECISION NOT NULL,
    conversion_to_core DOUBLE PRECISION NOT NULL,
    core_multiplier_kind TEXT NOT NULL CHECK (core_multiplier_kind IN ('fixed', 'derived')),
    core_multiplier DOUBLE PRECISION,
    core_appointments_per_session DOUBLE PRECISION,
    core_working_weeks DOUBLE PRECISION,
    core_average_appointments DOUBLE PRECISION,
    choice_appointments_per_session DOUBLE PRECISION NOT NULL,
    choice_allocation TEXT NOT NULL CHECK (choice_allocation IN ('equal', 'fte', 'manual')),
    balance_low DOUBLE PRECISION NOT NULL,
    balance_high DOUBLE PRECISION NOT NULL,
    share_low DOUBLE PRECISION NOT NULL,
    share_high DOUBLE PRECISION NOT NULL,
    diary_notice_weeks BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE streams (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    multiplier_kind TEXT CHECK (multiplier_kind IN ('fixed', 'derived')),
    multiplier DOUBLE PRECISION,
    appointments_per_session DOUBLE PRECISION,
    working_weeks DOUBLE PRECISION,
    average_appointments DOUBLE PRECISION
);
-- Team::new treats stream names case-insensitively, so the database does too.
CREATE UNIQUE INDEX streams_team_name ON streams (team_id, lower(name));

CREATE TABLE clinicians (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    initials TEXT NOT NULL,
    name TEXT NOT NULL,
    discipline TEXT,
    fte DOUBLE PRECISION NOT NULL CHECK (fte > 0 AND fte <= 1),
    does_choice BOOLEAN NOT NULL,
    choice_allocation BIGINT CHECK (choice_allocation >= 0),
    start_date DATE,
    leaving_date DATE,
    UNIQUE (team_id, initials),
    -- Lets memberships prove their clinician belongs to their team.
    UNIQUE (id, team_id)
);

CREATE TABLE clinician_skills (
    clinician_id BIGINT NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('core', 'advanced')),
    PRIMARY KEY (clinician_id, domain)
);

CREATE TABLE clinician_streams (
    clinician_id BIGINT NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    stream_id BIGINT NOT NULL REFERENCES streams (id),
    PRIMARY KEY (clinician_id, stream_id)
);
CREATE INDEX clinician_streams_stream ON clinician_streams (stream_id);

CREATE TABLE job_plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinician_id BIGINT NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    version BIGINT NOT NULL CHECK (version >= 1),
    applies_from DATE,
    created_at TIMESTAMPTZ NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (clinician_id, version)
);

CREATE TABLE job_plan_cells (
    job_plan_id BIGINT NOT NULL REFERENCES job_plans (id) ON DELETE CASCADE,
    session BIGINT NOT NULL CHECK (session >= 0),
    day BIGINT NOT NULL CHECK (day >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('choice', 'core', 'specific', 'other')),
    stream_id BIGINT REFERENCES streams (id),
    label TEXT,
    category TEXT,
    PRIMARY KEY (job_plan_id, session, day),
    CHECK ((kind = 'specific') = (stream_id IS NOT NULL)),
    CHECK ((kind = 'other') = (label IS NOT NULL AND category IS NOT NULL))
);
CREATE INDEX job_plan_cells_stream ON job_plan_cells (stream_id);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('team-lead', 'clinician', 'booking-administrator', 'viewer')),
    clinician_id BIGINT,
    PRIMARY KEY (user_id, team_id),
    FOREIGN KEY (clinician_id, team_id) REFERENCES clinicians (id, team_id),
    CHECK ((role = 'clinician') = (clinician_id IS NOT NULL))
);
CREATE INDEX memberships_team ON memberships (team_id);
CREATE INDEX memberships_clinician ON memberships (clinician_id);

CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    subject TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL
);

-- No foreign keys: the history must outlive the teams, users and plans it
-- describes, and ON DELETE SET NULL would be an UPDATE the triggers refuse.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    user_id BIGINT,
    team_id BIGINT,
    entity_kind TEXT NOT NULL,
    entity_id BIGINT,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_team ON audit_log (team_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id, id);

CREATE FUNCTION audit_log_refuses_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP;
END
$$;

CREATE TRIGGER audit_log_refuses_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuses_change();

CREATE TRIGGER audit_log_refuses_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuses_change();
