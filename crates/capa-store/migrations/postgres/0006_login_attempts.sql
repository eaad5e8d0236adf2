-- Sign-in attempts, reserved before a password is checked (capa-store's
-- attempts.rs), PostgreSQL dialect. Keep it equivalent to
-- migrations/sqlite/0006_login_attempts.sql, which explains the columns.
CREATE TABLE login_attempts (
    subject TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    failures BIGINT NOT NULL CHECK (failures >= 0),
    pending BIGINT NOT NULL CHECK (pending >= 0),
    pending_until TIMESTAMPTZ,
    next_at TIMESTAMPTZ
);
CREATE INDEX login_attempts_window ON login_attempts (window_start);
