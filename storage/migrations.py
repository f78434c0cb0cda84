"""Numbered schema migrations. Append only: never edit a migration that has shipped.

The database's ``PRAGMA user_version`` is the number of the last migration applied.
Statements are separated by ';' and must not contain ';' inside string literals.
"""

from __future__ import annotations

NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

MIGRATIONS: list[str] = [
    # 1: users, trackers, FSM, audit
    f"""
    CREATE TABLE users (
        id          INTEGER PRIMARY KEY,           -- Telegram user id
        language    TEXT,                          -- saved choice: 'ru' | 'en' | NULL (not chosen)
        role        TEXT NOT NULL DEFAULT 'user',  -- 'user' | 'admin'
        username    TEXT,
        created_at  TEXT NOT NULL DEFAULT {NOW},
        last_seen_at TEXT NOT NULL DEFAULT {NOW}
    );

    CREATE TABLE trackers (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        owner_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name             TEXT NOT NULL,
        admin_url        TEXT NOT NULL,
        api_key_enc      BLOB NOT NULL,
        postback_url_enc BLOB,
        timezone         TEXT NOT NULL DEFAULT 'UTC',
        is_active        INTEGER NOT NULL DEFAULT 0,
        is_draft         INTEGER NOT NULL DEFAULT 0,
        created_at       TEXT NOT NULL DEFAULT {NOW},
        updated_at       TEXT NOT NULL DEFAULT {NOW}
    );
    CREATE INDEX ix_trackers_owner ON trackers(owner_id);
    CREATE UNIQUE INDEX ux_trackers_owner_name ON trackers(owner_id, name COLLATE NOCASE) WHERE is_draft = 0;
    CREATE UNIQUE INDEX ux_trackers_one_active ON trackers(owner_id) WHERE is_active = 1;

    CREATE TABLE fsm (
        key         TEXT PRIMARY KEY,
        state       TEXT,
        data        TEXT,
        updated_at  TEXT NOT NULL DEFAULT {NOW}
    );

    CREATE TABLE audit (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id     INTEGER NOT NULL,
        tracker_id  INTEGER,
        action      TEXT NOT NULL,
        details     TEXT,
        created_at  TEXT NOT NULL DEFAULT {NOW}
    );
    CREATE INDEX ix_audit_user ON audit(user_id, id)
    """,
    # 2: a tracker can be marked read-only by its owner (no write buttons, writes refused)
    """
    ALTER TABLE trackers ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0
    """,
    # 3: report dialect per tracker, per-user preferences (JSON), saved report setups
    f"""
    ALTER TABLE trackers ADD COLUMN report_dialect TEXT;
    ALTER TABLE users ADD COLUMN prefs TEXT NOT NULL DEFAULT '{{}}';
    CREATE TABLE saved_reports (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        setup       TEXT NOT NULL,                 -- JSON of the report setup
        created_at  TEXT NOT NULL DEFAULT {NOW},
        updated_at  TEXT NOT NULL DEFAULT {NOW}
    );
    CREATE UNIQUE INDEX ux_saved_reports_owner_name ON saved_reports(owner_id, name COLLATE NOCASE)
    """,
]
