-- A one-time password set by an administrator must be changed at the next
-- sign-in (capa-store's users.rs), SQLite dialect. Keep it equivalent to
-- migrations/postgres/0010_password_change.sql.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
