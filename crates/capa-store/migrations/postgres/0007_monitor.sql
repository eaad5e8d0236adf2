-- Quarterly monitoring and review (issue 11), PostgreSQL dialect. Keep it
-- equivalent to migrations/sqlite/0007_monitor.sql.

-- Open Partnership caseload of a full-time clinician above which the
-- monitor flags caseload_high (pro rata to FTE); capa_core's
-- monitor::settings::DEFAULT_CASELOAD_THRESHOLD.
ALTER TABLE teams ADD COLUMN caseload_threshold BIGINT NOT NULL DEFAULT 20
    CHECK (caseload_threshold BETWEEN 1 AND 1000);
-- The access targets: a share of families seen within so many weeks of
-- referral (New Zealand: 80% within 3 weeks, 95% within 8 weeks).
ALTER TABLE teams ADD COLUMN access_short_weeks BIGINT NOT NULL DEFAULT 3
    CHECK (access_short_weeks BETWEEN 1 AND 104);
ALTER TABLE teams ADD COLUMN access_short_share DOUBLE PRECISION NOT NULL DEFAULT 0.8
    CHECK (access_short_share > 0 AND access_short_share <= 1);
ALTER TABLE teams ADD COLUMN access_long_weeks BIGINT NOT NULL DEFAULT 8
    CHECK (access_long_weeks BETWEEN 1 AND 104);
ALTER TABLE teams ADD COLUMN access_long_share DOUBLE PRECISION NOT NULL DEFAULT 0.95
    CHECK (access_long_share > 0 AND access_long_share <= 1);

-- A quarter's review marked done: the evidence the self-assessment uses
-- that targets are reviewed. One mark per team and quarter (Quarter::key).
-- The name is kept beside the user so the mark still says who after the
-- account is removed.
CREATE TABLE review_marks (
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    quarter TEXT NOT NULL CHECK (length(quarter) BETWEEN 6 AND 8),
    done_on DATE NOT NULL,
    done_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    done_by_name TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, quarter)
);

-- The actions agreed for a clinician at a quarter's review, kept with the
-- quarter.
CREATE TABLE review_notes (
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    quarter TEXT NOT NULL CHECK (length(quarter) BETWEEN 6 AND 8),
    clinician_id BIGINT NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (team_id, quarter, clinician_id)
);

-- A Partnership episode closed: the first appointment that started it
-- (attended), the day it closed. Open caseload = started - closed.
CREATE TABLE episode_closures (
    id BIGSERIAL PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    appointment_id BIGINT NOT NULL UNIQUE REFERENCES appointments (id),
    closed_on DATE NOT NULL,
    closed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX episode_closures_team ON episode_closures (team_id, closed_on);
