-- Demand analyses of uploaded discharge reports (capa-store's demand.rs),
-- SQLite dialect. Keep it equivalent to
-- migrations/postgres/0009_demand_analyses.sql.
--
-- Only the report's aggregates are kept (`figures`: capa_core's StoredDemand
-- as JSON: counts, the f/f histogram, the pivot with diagnoses of fewer than
-- five episodes merged), with the file's name, size and SHA-256 and who
-- uploaded it when. No row, NHI, name or rare diagnosis of an episode.
CREATE TABLE demand_analyses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams (id),
    file_name TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    file_size INTEGER NOT NULL CHECK (file_size >= 0),
    file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
    uploaded_by INTEGER REFERENCES users (id),
    uploaded_at TEXT NOT NULL,
    figures TEXT NOT NULL,
    applied_by INTEGER REFERENCES users (id),
    applied_at TEXT
);
CREATE INDEX demand_analyses_team ON demand_analyses (team_id, uploaded_at);
