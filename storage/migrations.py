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
    # 4: alerts — rules, their state machine per identity, alert episodes and their messages,
    # subscriptions, silences, on-call, quiet hours, the outbox, conversion webhook secrets, digests
    f"""
    CREATE TABLE alert_rules (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        owner_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        tracker_id   INTEGER NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
        kind         TEXT NOT NULL,
        name         TEXT NOT NULL,
        campaign_id  INTEGER,                       -- scope: NULL = the whole tracker / every campaign
        params       TEXT NOT NULL DEFAULT '{{}}',   -- JSON: window, for_seconds, thresholds, ...
        severity     TEXT NOT NULL DEFAULT 'warning',  -- critical | warning | info
        enabled      INTEGER NOT NULL DEFAULT 1,
        muted_until  TEXT,                          -- ISO UTC: the rule is muted until then
        created_at   TEXT NOT NULL DEFAULT {NOW},
        updated_at   TEXT NOT NULL DEFAULT {NOW}
    );
    CREATE INDEX ix_alert_rules_tracker ON alert_rules(tracker_id);

    CREATE TABLE alert_states (
        rule_id      INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
        scope        TEXT NOT NULL,                 -- '' or e.g. 'campaign:12'
        state        TEXT NOT NULL,                 -- ok | pending | firing | error
        since        TEXT NOT NULL,
        fail_count   INTEGER NOT NULL DEFAULT 0,
        last_value   REAL,
        note         TEXT,                          -- e.g. not enough traffic to judge
        data         TEXT NOT NULL DEFAULT '{{}}',   -- JSON kept by the rule kind between ticks
        updated_at   TEXT NOT NULL DEFAULT {NOW},
        PRIMARY KEY (rule_id, scope)
    );

    CREATE TABLE alerts (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        rule_id        INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
        scope          TEXT NOT NULL,
        tracker_id     INTEGER NOT NULL,
        severity       TEXT NOT NULL,
        opened_at      TEXT NOT NULL,
        resolved_at    TEXT,
        first_value    REAL,
        last_value     REAL,
        worst_value    REAL,
        repeats        INTEGER NOT NULL DEFAULT 0,
        last_notified_at TEXT,
        acked_by       INTEGER,
        acked_by_name  TEXT,
        acked_at       TEXT,
        snoozed_until  TEXT,
        escalation_step INTEGER NOT NULL DEFAULT 0,
        escalate_at    TEXT,
        details        TEXT NOT NULL DEFAULT '{{}}'   -- JSON: what the messages say
    );
    CREATE UNIQUE INDEX ux_alerts_one_open ON alerts(rule_id, scope) WHERE resolved_at IS NULL;
    CREATE INDEX ix_alerts_tracker ON alerts(tracker_id, resolved_at);

    CREATE TABLE alert_messages (
        alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        chat_id      INTEGER NOT NULL,
        message_id   INTEGER NOT NULL,
        PRIMARY KEY (alert_id, chat_id)
    );

    CREATE TABLE subscriptions (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id      INTEGER NOT NULL,
        tracker_id   INTEGER NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
        created_by   INTEGER NOT NULL,
        chat_type    TEXT NOT NULL DEFAULT 'private',  -- private | group | supergroup
        title        TEXT,
        language     TEXT,                          -- language of the messages in that chat
        min_severity TEXT NOT NULL DEFAULT 'info',
        conversions  INTEGER NOT NULL DEFAULT 0,    -- conversion pushes to this chat
        digest_time  TEXT,                          -- HH:MM in the zone of the tracker, NULL = no digest
        active       INTEGER NOT NULL DEFAULT 1,
        created_at   TEXT NOT NULL DEFAULT {NOW},
        UNIQUE (chat_id, tracker_id)
    );

    CREATE TABLE quiet_hours (
        user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        starts       TEXT NOT NULL,                 -- HH:MM
        ends         TEXT NOT NULL,
        timezone     TEXT NOT NULL DEFAULT 'UTC'
    );

    CREATE TABLE oncall (
        tracker_id   INTEGER PRIMARY KEY REFERENCES trackers(id) ON DELETE CASCADE,
        rotation     TEXT NOT NULL DEFAULT 'weekly',  -- daily | weekly
        people       TEXT NOT NULL DEFAULT '[]',      -- JSON list of Telegram user ids, in order
        handover     TEXT NOT NULL DEFAULT '10:00',   -- 'HH:MM' in timezone
        timezone     TEXT NOT NULL DEFAULT 'UTC',
        started_on   TEXT NOT NULL,                   -- date the turn of the first person began
        backup_id    INTEGER,
        team_chat_id INTEGER,
        escalate_minutes INTEGER NOT NULL DEFAULT 15,
        max_repeats  INTEGER NOT NULL DEFAULT 3
    );

    CREATE TABLE outbox (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id      INTEGER NOT NULL,
        payload      TEXT NOT NULL,                 -- JSON: what to render (type, ids, args)
        silent       INTEGER NOT NULL DEFAULT 0,
        dedup_key    TEXT UNIQUE,                   -- the same notification is never queued twice
        created_at   TEXT NOT NULL DEFAULT {NOW},
        not_before   TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        sent_at      TEXT,
        message_id   INTEGER,
        failed       TEXT
    );
    CREATE INDEX ix_outbox_pending ON outbox(sent_at, failed, id);

    CREATE TABLE webhook_secrets (
        tracker_id   INTEGER PRIMARY KEY REFERENCES trackers(id) ON DELETE CASCADE,
        secret_hash  TEXT NOT NULL UNIQUE,          -- sha256 of the URL secret (lookup)
        secret_enc   BLOB NOT NULL                  -- the secret itself, encrypted (to show the URL again)
    );

    CREATE TABLE digest_log (
        chat_id      INTEGER NOT NULL,
        tracker_id   INTEGER NOT NULL,
        day          TEXT NOT NULL,
        PRIMARY KEY (chat_id, tracker_id, day)
    )
    """,
    # 5: facts about the installation itself, checked at start-up: a value sealed with the secret
    # key (does SECRET_KEY still open what was saved?) and the Telegram bot the data belongs to
    f"""
    CREATE TABLE meta (
        name        TEXT PRIMARY KEY,
        value       BLOB NOT NULL,
        updated_at  TEXT NOT NULL DEFAULT {NOW}
    )
    """,
    # 6: a tracker's team (issue 16): members besides the owner, with a role and an optional buyer
    # scope (JSON: Keitaro campaign groups and/or a name prefix), and one-time invitations (only
    # the token's SHA-256 is kept)
    """
    CREATE TABLE members (
        tracker_id   INTEGER NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
        user_id      INTEGER NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'manager')),
        scope        TEXT,
        invited_by   INTEGER NOT NULL,
        joined_at    TEXT NOT NULL,
        PRIMARY KEY (tracker_id, user_id)
    );
    CREATE INDEX ix_members_user ON members(user_id);

    CREATE TABLE invitations (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        tracker_id   INTEGER NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
        token_hash   TEXT NOT NULL UNIQUE,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'manager')),
        scope        TEXT,
        invited_by   INTEGER NOT NULL,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        used_at      TEXT,
        used_by      INTEGER,
        revoked_at   TEXT
    );
    CREATE INDEX ix_invitations_tracker ON invitations(tracker_id)
    """,
    # 7: teams, step 2 (issue 16): which tracker a member has made active (their own trackers keep
    # trackers.is_active), the role an audited action was done in, a person's display name (who
    # joined, who did what) and the language Telegram gives for them (to tell them things in it
    # before they chose one), the tracker's audit by tracker, and ownership hand-overs waiting for
    # the new owner's yes
    f"""
    ALTER TABLE members ADD COLUMN is_active INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE audit ADD COLUMN role TEXT;
    ALTER TABLE users ADD COLUMN name TEXT;
    ALTER TABLE users ADD COLUMN telegram_language TEXT;
    CREATE INDEX ix_audit_tracker ON audit(tracker_id, id);

    CREATE TABLE handovers (
        tracker_id   INTEGER PRIMARY KEY REFERENCES trackers(id) ON DELETE CASCADE,
        from_user    INTEGER NOT NULL,
        to_user      INTEGER NOT NULL,
        created_at   TEXT NOT NULL DEFAULT {NOW},
        expires_at   TEXT NOT NULL
    )
    """,
    # 8: automations (issue 17): a rule's optional action (what: pause_campaign; how: propose,
    # auto after N minutes unacknowledged, dry_run) and each alert's automation — when the automatic
    # write is due, when it was made (claimed: never twice for one alert), when it was undone, and
    # what it did (JSON: status, reason, the write's undo data)
    """
    ALTER TABLE alert_rules ADD COLUMN action_kind TEXT;
    ALTER TABLE alert_rules ADD COLUMN action_mode TEXT;
    ALTER TABLE alert_rules ADD COLUMN action_delay_minutes INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE alerts ADD COLUMN auto_scheduled_at TEXT;
    ALTER TABLE alerts ADD COLUMN auto_done_at TEXT;
    ALTER TABLE alerts ADD COLUMN auto_undone_at TEXT;
    ALTER TABLE alerts ADD COLUMN automation TEXT;
    CREATE INDEX ix_alerts_auto_done ON alerts(tracker_id, auto_done_at)
    """,
    # 9: several processes on one database (issue 18): leases (one alert engine at a time: the
    # holder, until when, and an epoch that grows with every change of holder, so a process that lost
    # its lease cannot write as if it still held it) and the outbox's claims (a row is being sent by
    # one worker until claimed_until; a claim of a worker that died runs out)
    """
    CREATE TABLE leases (
        name         TEXT PRIMARY KEY,
        holder       TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        epoch        INTEGER NOT NULL DEFAULT 1
    );
    ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    ALTER TABLE outbox ADD COLUMN claimed_until TEXT
    """,
    # 10: which invitation a person opened (issue 18): between the link and ✅ Join the bot remembers
    # the invitation (never the token) in the database, so the press may land on any worker process
    """
    CREATE TABLE invitation_opens (
        user_id        INTEGER PRIMARY KEY,
        invitation_id  INTEGER NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
        opened_at      TEXT NOT NULL
    )
    """,
    # issue 19, part 5 (incident timeline): every alert's events, append-only — fired, notified (the
    # chat), acked, snoozed, escalated, actions, notes, resolved… — with the actor (id and name at
    # the time), a small JSON detail and a dedup key (a step repeated after a crash records nothing
    # twice); and alert messages found by (chat, message) for notes typed as replies to them (the
    # newest one in alert_messages, older ones -- repeats, escalations -- by their sent outbox row)
    """
    CREATE TABLE alert_events (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        at           TEXT NOT NULL,
        kind         TEXT NOT NULL,
        actor_id     INTEGER,
        actor_name   TEXT,
        chat_id      INTEGER,
        detail       TEXT NOT NULL DEFAULT '{}',
        dedup        TEXT
    );
    CREATE INDEX ix_alert_events_alert ON alert_events(alert_id, id);
    CREATE UNIQUE INDEX ux_alert_events_dedup ON alert_events(alert_id, dedup);
    CREATE INDEX ix_alert_messages_message ON alert_messages(chat_id, message_id);
    CREATE INDEX ix_outbox_message ON outbox(chat_id, message_id)
    """,
    # maintenance windows (issue 19, part 3): a window silences a tracker, one campaign of it or one
    # rule, once (starts_at..ends_at) or every day (daily_start HH:MM for length_minutes in the
    # window's time zone), until cancelled; each occurrence records when its start and end were
    # announced and, at the end, how many alerts it suppressed and how many still fired
    """
    CREATE TABLE maintenance_windows (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        tracker_id      INTEGER NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
        target          TEXT NOT NULL,
        campaign_id     INTEGER,
        rule_id         INTEGER,
        label           TEXT NOT NULL DEFAULT '',
        starts_at       TEXT,
        ends_at         TEXT,
        daily_start     TEXT,
        length_minutes  INTEGER,
        timezone        TEXT NOT NULL DEFAULT 'UTC',
        created_by      INTEGER NOT NULL,
        created_by_name TEXT,
        created_at      TEXT NOT NULL,
        cancelled_at    TEXT,
        cancelled_by    INTEGER
    );
    CREATE INDEX ix_maintenance_windows_tracker ON maintenance_windows(tracker_id, cancelled_at);
    CREATE TABLE maintenance_occurrences (
        window_id       INTEGER NOT NULL REFERENCES maintenance_windows(id) ON DELETE CASCADE,
        occurrence      TEXT NOT NULL,
        starts_at       TEXT NOT NULL,
        ends_at         TEXT NOT NULL,
        start_announced_at TEXT,
        end_announced_at   TEXT,
        suppressed      INTEGER,
        still_firing    INTEGER,
        PRIMARY KEY (window_id, occurrence)
    )
    """,
    # issue 19, part 2 (storms): alerts of one tracker that fire together are one message -- the
    # group (collecting new alerts until collect_until; resolved once all its alerts are), which
    # alert belongs to which group, and which of the group's alerts each chat was told of (a chat
    # hears only the alerts it would have heard alone)
    """
    CREATE TABLE alert_groups (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        tracker_id     INTEGER NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
        opened_at      TEXT NOT NULL,
        collect_until  TEXT NOT NULL,
        resolved_at    TEXT,
        reminded_at    TEXT
    );
    CREATE INDEX ix_alert_groups_tracker ON alert_groups(tracker_id, collect_until);
    ALTER TABLE alerts ADD COLUMN group_id INTEGER;
    CREATE INDEX ix_alerts_group ON alerts(group_id);
    CREATE TABLE alert_group_chats (
        group_id     INTEGER NOT NULL REFERENCES alert_groups(id) ON DELETE CASCADE,
        chat_id      INTEGER NOT NULL,
        alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, chat_id, alert_id)
    )
    """,
    # issue 19, the alert chart: whether an alert's message in a chat went out as a photo (its chart)
    # with the text as its caption: such a message is edited with editMessageCaption, and the chart
    # row after it sends nothing
    """
    ALTER TABLE alert_messages ADD COLUMN photo INTEGER NOT NULL DEFAULT 0
    """,
]
