-- The next vacant appointments of a diary (a booking's "just taken" answer)
-- in one range read: a team's diary, vacant, in order of start.
CREATE INDEX appointments_vacant ON appointments (team_id, kind, state, starts_at);
