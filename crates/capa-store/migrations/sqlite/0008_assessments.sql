-- The CAPA self-assessment (capa-store's assessments.rs), SQLite dialect.
-- Keep it equivalent to migrations/postgres/0008_assessments.sql.
--
-- One row per review of a team, on a date (one review a day per team); its
-- eleven items' ratings (NULL: not rated yet, else 0 No, 1 Partial, 2 Yes)
-- and notes. `copied_from` is the review it was started from, if any.
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    review_date TEXT NOT NULL,
    copied_from INTEGER REFERENCES assessments (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (team_id, review_date)
);

CREATE TABLE assessment_items (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 11),
    rating INTEGER CHECK (rating BETWEEN 0 AND 2),
    note TEXT NOT NULL,
    PRIMARY KEY (assessment_id, number)
);

-- Whether a first Partnership appointment was booked from a search by
-- skills or stream (evidence for the self-assessment's item 6).
ALTER TABLE bookings ADD COLUMN skills_searched INTEGER NOT NULL DEFAULT 0
    CHECK (skills_searched IN (0, 1));
