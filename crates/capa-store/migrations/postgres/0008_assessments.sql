-- The CAPA self-assessment (capa-store's assessments.rs), PostgreSQL
-- dialect. Keep it equivalent to migrations/sqlite/0008_assessments.sql,
-- which explains the columns.
CREATE TABLE assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    review_date DATE NOT NULL,
    copied_from BIGINT REFERENCES assessments (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (team_id, review_date)
);

CREATE TABLE assessment_items (
    assessment_id BIGINT NOT NULL REFERENCES assessments (id),
    number BIGINT NOT NULL CHECK (number BETWEEN 1 AND 11),
    rating BIGINT CHECK (rating BETWEEN 0 AND 2),
    note TEXT NOT NULL,
    PRIMARY KEY (assessment_id, number)
);

ALTER TABLE bookings ADD COLUMN skills_searched BOOLEAN NOT NULL DEFAULT FALSE;
