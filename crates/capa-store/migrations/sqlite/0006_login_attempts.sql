-- Sign-in attempts, reserved before a password is checked (capa-store's
-- attempts.rs), SQLite dialect. Keep it equivalent to
-- migrations/postgres/0006_login_attempts.sql.
--
-- One row per subject: an account (`acct:` and the SHA-256 of the lower-cased
-- username, so names typed at the sign-in form are not kept), an address
-- (`addr:`), or an account tried from an address (`pair:`, hashed likewise).
-- `pending` counts checks reserved and not yet settled; they count as spent
-- until `pending_until`, after which a reservation never settled (a request
-- that died) is given up. `next_at` is when an address that has not failed
-- may next try a locked account.
CREATE TABLE login_attempts (
    subject TEXT PRIMARY KEY,
    window_start TEXT NOT NULL,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    pending INTEGER NOT NULL CHECK (pending >= 0),
    pending_until TEXT,
    next_at TEXT
);
CREATE INDEX login_attempts_window ON login_attempts (window_start);
