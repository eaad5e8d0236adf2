-- Quarterly monitoring and review (issue 11), SQLite dialect. Keep it
-- equivalent to migrations/postgres/0007_monitor.sql.

-- Open Partnership caseload of a full-time clinician above which the
-- monitor flags caseload_high (pro rata to FTE); capa_core's
-- monitor::settings::DEFAULT_CASELOAD_THRESHOLD.
ALTER TABLE teams ADD COLUMN caseload_threshold INTEGER NOT NULL DEFAULT 20
    CHECK (caseload_threshold BETWEEN 1 AND 1000);
-- The access targets: a share of families seen within so many weeks of
-- referral (New Zealand: 80% within 3 weeks, 95% within 8 weeks).
ALTER TABLE teams ADD COLUMN access_short_weeks INTEGER NOT NULL DEFAULT 3
    CHECK (access_short_weeks BETWEEN 1 AND 104);
ALTER TABLE teams ADD COLUMN access_short_share REAL NOT NULL DEFAULT 0.8
    CHECK (access_short_share > 0 AND access_short_share <= 1);
ALTER TABLE teams ADD COLUMN access_long_weeks INTEGER NOT NULL DEFAULT 8
    CHECK (access_long_weeks BETWEEN 1 AND 104);
ALTER TABLE teams ADD COLUMN access_long_share REAL NOT NULL DEFAULT 0.95
    CHECK (access_long_share > 0 AND access_long_share <= 1);

-- A quarter's review marked done: the evidence the self-assessment uses
-- that targets are reviewed. One mark per team and quarter (Quarter::key).
-- The name is kept beside the user so the mark still says who after the
-- account is removed.
CREATE TABLE review_marks (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    quarter TEXT NOT NULL CHECK (length(quarter) BETWEEN 6 AND 8),
    done_on TEXT NOT NULL,
    done_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    done_by_name TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (team_id, quarter)
);

-- The actions agreed for a clinician at a quarter's review, kept with the
-- quarter.
CREATE TABLE review_notes (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    quarter TEXT NOT NULL CHECK (length(quarter) BETWEEN 6 AND 8),
    clinician_id INTEGER NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (team_id, quarter, clinician_id)
);

-- A Partnership episode closed: the first appointment that started it
-- (attended), the day it closed. Open caseload = started - closed.
CREATE TABLE episode_closures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments (id),
    closed_on TEXT NOT NULL,
    closed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX episode_closures_team ON episode_closures (team_id, closed_on);
