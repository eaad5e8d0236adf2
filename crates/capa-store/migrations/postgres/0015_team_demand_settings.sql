-- A team's own demand analysis thresholds, PostgreSQL dialect. Keep it
-- equivalent to migrations/sqlite/0015_team_demand_settings.sql, which
-- explains what NULL means.
CREATE TABLE team_demand_settings (
    team_id BIGINT PRIMARY KEY REFERENCES teams (id),
    choice_max_ff BIGINT CHECK (choice_max_ff BETWEEN 0 AND 10000),
    core_range_max_ff BIGINT CHECK (core_range_max_ff BETWEEN 0 AND 10000),
    histogram_max BIGINT CHECK (histogram_max BETWEEN 1 AND 1000),
    appointments_per_session DOUBLE PRECISION CHECK (appointments_per_session > 0),
    working_weeks_per_quarter DOUBLE PRECISION CHECK (working_weeks_per_quarter > 0),
    weeks_per_quarter BIGINT CHECK (weeks_per_quarter BETWEEN 1 AND 1000)
);
