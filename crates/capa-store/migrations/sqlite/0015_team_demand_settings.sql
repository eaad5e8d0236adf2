-- A team's own demand analysis thresholds (capa-store's demand_settings.rs),
-- SQLite dialect. Keep it equivalent to
-- migrations/postgres/0015_team_demand_settings.sql.
--
-- The keys of the team file's `[team.demand]` table as stated: NULL is "not
-- stated", and the analysis takes the default or the team's own setting
-- (working weeks, appointments per session) as the team file reader does.
-- A team without a row states none.
CREATE TABLE team_demand_settings (
    team_id INTEGER PRIMARY KEY REFERENCES teams (id),
    choice_max_ff INTEGER CHECK (choice_max_ff BETWEEN 0 AND 10000),
    core_range_max_ff INTEGER CHECK (core_range_max_ff BETWEEN 0 AND 10000),
    histogram_max INTEGER CHECK (histogram_max BETWEEN 1 AND 1000),
    appointments_per_session REAL CHECK (appointments_per_session > 0),
    working_weeks_per_quarter REAL CHECK (working_weeks_per_quarter > 0),
    weeks_per_quarter INTEGER CHECK (weeks_per_quarter BETWEEN 1 AND 1000)
);
