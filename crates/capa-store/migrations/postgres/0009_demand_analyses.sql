-- Demand analyses of uploaded discharge reports, PostgreSQL dialect. Keep it
-- equivalent to migrations/sqlite/0009_demand_analyses.sql, which explains
-- what is kept (aggregates only).
CREATE TABLE demand_analyses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    file_size BIGINT NOT NULL CHECK (file_size >= 0),
    file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
    uploaded_by BIGINT REFERENCES users (id),
    uploaded_at TIMESTAMPTZ NOT NULL,
    figures TEXT NOT NULL,
    applied_by BIGINT REFERENCES users (id),
    applied_at TIMESTAMPTZ
);
CREATE INDEX demand_analyses_team ON demand_analyses (team_id, uploaded_at);
