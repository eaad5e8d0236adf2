-- A one-time password set by an administrator must be changed at the next
-- sign-in (capa-store's users.rs), PostgreSQL dialect. Keep it equivalent to
-- migrations/sqlite/0010_password_change.sql.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
