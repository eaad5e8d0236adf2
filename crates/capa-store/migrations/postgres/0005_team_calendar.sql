-- Team settings for issue 9 and the holidays every team gets from its
-- calendar, PostgreSQL dialect. Keep it equivalent to
-- migrations/sqlite/0005_team_calendar.sql.

-- Where the team's public holidays come from (capa_core's HolidayCalendar
-- id: 'nz', 'nz-wellington', 'uk-england-wales', 'none' ...); teams that
-- work in a UK time zone start with the bank holidays of England and Wales.
ALTER TABLE teams ADD COLUMN holiday_calendar TEXT NOT NULL DEFAULT 'nz';
UPDATE teams SET holiday_calendar = 'uk-england-wales' WHERE time_zone LIKE 'Europe/London';
-- Leave longer than this many weeks reduces targets pro rata.
ALTER TABLE teams ADD COLUMN long_leave_weeks BIGINT NOT NULL DEFAULT 4
    CHECK (long_leave_weeks >= 0);
-- Working days to re-offer a DNA'd or cancelled first appointment.
ALTER TABLE teams ADD COLUMN reoffer_working_days BIGINT NOT NULL DEFAULT 5
    CHECK (reoffer_working_days >= 0);
-- The team's limit on the internal wait (managed list; preferred clinicians).
ALTER TABLE teams ADD COLUMN max_wait_weeks BIGINT NOT NULL DEFAULT 6
    CHECK (max_wait_weeks >= 0);

-- A holiday is one the team added, or one its calendar gave it.
ALTER TABLE team_holidays ADD COLUMN source TEXT NOT NULL DEFAULT 'team'
    CHECK (source IN ('team', 'calendar'));

-- The calendar years a team's holidays have been filled in for from its
-- calendar, so a holiday the team removes stays removed.
CREATE TABLE team_holiday_years (
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    PRIMARY KEY (team_id, year)
);
