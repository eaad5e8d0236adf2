-- The Partnership and Choice diaries, PostgreSQL dialect. Keep it equivalent to
-- migrations/sqlite/0003_diary.sql.

-- The least that booking needs to know of a family: an NHI (validated by
-- capa_core::Nhi, upper case) or a local reference, a display label and the
-- date the referral was accepted. Nothing clinical, no address.
CREATE TABLE clients (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    nhi TEXT CHECK (nhi = upper(nhi) AND length(nhi) = 7),
    local_ref TEXT CHECK (length(local_ref) BETWEEN 1 AND 64),
    label TEXT,
    accepted_on DATE,
    created_at TIMESTAMPTZ NOT NULL,
    CHECK ((nhi IS NULL) <> (local_ref IS NULL)),
    UNIQUE (team_id, nhi),
    UNIQUE (team_id, local_ref),
    -- Lets appointments prove their client belongs to their team.
    UNIQUE (id, team_id)
);

-- Both diaries: numbered Partnership offers (Core, or Specific per stream)
-- and Choice slots. A row keeps the family it was booked for after its
-- outcome, so history and waits can be measured.
CREATE TABLE appointments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    clinician_id BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('partnership', 'specific', 'choice')),
    stream_id BIGINT REFERENCES streams (id),
    quarter TEXT NOT NULL,
    number BIGINT CHECK (number >= 1),
    starts_at TIMESTAMPTZ NOT NULL,
    ends_at TIMESTAMPTZ NOT NULL,
    location TEXT,
    state TEXT NOT NULL CHECK (state IN ('vacant', 'booked', 'attended', 'dna',
        'cancelled_by_family', 'cancelled_by_service')),
    client_id BIGINT,
    choice_appointment_id BIGINT REFERENCES appointments (id),
    booked_at TIMESTAMPTZ,
    booked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    outcome_at TIMESTAMPTZ,
    replaces_id BIGINT REFERENCES appointments (id),
    created_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (clinician_id, team_id) REFERENCES clinicians (id, team_id),
    FOREIGN KEY (client_id, team_id) REFERENCES clients (id, team_id),
    CHECK ((kind = 'specific') = (stream_id IS NOT NULL)),
    CHECK ((kind = 'choice') = (number IS NULL)),
    CHECK ((state = 'vacant') = (client_id IS NULL))
);
-- One AD4 per clinician, quarter and diary (a Specific stream has its own
-- numbers; COALESCE because NULLs never clash in a unique index).
CREATE UNIQUE INDEX appointments_number
    ON appointments (clinician_id, quarter, kind, COALESCE(stream_id, 0), number)
    WHERE number IS NOT NULL;
-- A missed appointment is re-offered once.
CREATE UNIQUE INDEX appointments_replaces ON appointments (replaces_id)
    WHERE replaces_id IS NOT NULL;
CREATE INDEX appointments_team_quarter ON appointments (team_id, quarter, starts_at);
CREATE INDEX appointments_team_starts ON appointments (team_id, starts_at);
CREATE INDEX appointments_clinician ON appointments (clinician_id, starts_at);
CREATE INDEX appointments_client ON appointments (client_id);
CREATE INDEX appointments_choice ON appointments (choice_appointment_id);

-- Every booking ever made. The partial unique index is the database's own
-- guarantee that an appointment has at most one active booking, whatever
-- the application does.
CREATE TABLE bookings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appointment_id BIGINT NOT NULL REFERENCES appointments (id),
    client_id BIGINT NOT NULL REFERENCES clients (id),
    choice_appointment_id BIGINT REFERENCES appointments (id),
    booked_at TIMESTAMPTZ NOT NULL,
    booked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    active BOOLEAN NOT NULL,
    ended_at TIMESTAMPTZ,
    CHECK (active = (ended_at IS NULL))
);
CREATE UNIQUE INDEX bookings_one_active ON bookings (appointment_id) WHERE active;
CREATE INDEX bookings_client ON bookings (client_id);

CREATE TABLE team_holidays (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (team_id, day)
);

CREATE TABLE clinician_leave (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinician_id BIGINT NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    first_day DATE NOT NULL,
    last_day DATE NOT NULL,
    CHECK (last_day >= first_day)
);
CREATE INDEX clinician_leave_clinician ON clinician_leave (clinician_id, first_day);

-- Families nothing fitted within the team's limit: visible, with the reason
-- and what they need, until resolved. A family is on the open list once.
CREATE TABLE managed_list (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    client_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    needs_json TEXT NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    added_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    resolved_at TIMESTAMPTZ,
    resolution TEXT,
    FOREIGN KEY (client_id, team_id) REFERENCES clients (id, team_id),
    CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);
CREATE UNIQUE INDEX managed_list_open ON managed_list (team_id, client_id)
    WHERE resolved_at IS NULL;

-- Private ICS feeds: only the SHA-256 of the secret URL token is kept.
CREATE TABLE calendar_feeds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinician_id BIGINT NOT NULL REFERENCES clinicians (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX calendar_feeds_clinician ON calendar_feeds (clinician_id);
