-- chiiki web store, first schema. Every table is written inside transactions by chiiki-store.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'assessor', 'viewer')),
    password_hash TEXT NOT NULL,
    lang          TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'ja')),
    created_at    INTEGER NOT NULL
) STRICT;

-- The session token itself is never stored, only its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    name TEXT NOT NULL,
    at   INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_name ON login_failures(name, at);

CREATE TABLE regions (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    name_ja   TEXT NOT NULL DEFAULT '',
    kind      TEXT,
    code      TEXT,
    lat       REAL,
    lon       REAL,
    position  INTEGER NOT NULL,
    -- Incremented by every change of the region's assessments or settled marks.
    revision  INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One assessor's sheet for one region: its version guards concurrent edits.
CREATE TABLE sheets (
    region_id  TEXT NOT NULL REFERENCES regions(id),
    assessor   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (region_id, assessor)
) STRICT;

CREATE TABLE marks (
    region_id TEXT NOT NULL,
    assessor  TEXT NOT NULL,
    condition INTEGER NOT NULL,
    strength  INTEGER NOT NULL CHECK (strength BETWEEN 0 AND 9),
    proposal  INTEGER NOT NULL CHECK (proposal BETWEEN 0 AND 9),
    keywords  TEXT NOT NULL DEFAULT '',
    evidence  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_id, assessor, condition),
    FOREIGN KEY (region_id, assessor) REFERENCES sheets(region_id, assessor) ON DELETE CASCADE
) STRICT;

-- An administrator's settled consensus for a condition, overriding the computed one.
CREATE TABLE settled (
    region_id  TEXT NOT NULL REFERENCES regions(id),
    condition  INTEGER NOT NULL,
    strength   INTEGER NOT NULL CHECK (strength BETWEEN 0 AND 9),
    proposal   INTEGER NOT NULL CHECK (proposal BETWEEN 0 AND 9),
    keywords   TEXT NOT NULL DEFAULT '',
    settled_by TEXT NOT NULL,
    settled_at INTEGER NOT NULL,
    PRIMARY KEY (region_id, condition)
) STRICT;

-- A published chart: an immutable snapshot, numbered per region.
CREATE TABLE publications (
    region_id    TEXT NOT NULL REFERENCES regions(id),
    version      INTEGER NOT NULL,
    published_by TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    assessors    TEXT NOT NULL,
    alpha        REAL,
    PRIMARY KEY (region_id, version)
) STRICT;

CREATE TABLE published_marks (
    region_id TEXT NOT NULL,
    version   INTEGER NOT NULL,
    condition INTEGER NOT NULL,
    strength  INTEGER NOT NULL,
    proposal  INTEGER NOT NULL,
    keywords  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_id, version, condition),
    FOREIGN KEY (region_id, version) REFERENCES publications(region_id, version) ON DELETE CASCADE
) STRICT;
