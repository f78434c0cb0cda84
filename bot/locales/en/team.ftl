## Teams: roles and what the access decision says (issue 16)
role-viewer = viewer
role-operator = operator
role-manager = manager
role-owner = owner
access-role-refused = 🔒 Your role on <b>{ $tracker }</b> is { $role }: it does not allow this. The tracker's owner can change your role.
tracker-gone = This tracker is gone or no longer shared with you. Your trackers: /trackers
trackers-list-shared = 👥 — shared with you, with your role.
tracker-item-shared = 👥 { $name } · { $role }
tracker-card-member = 👥 Shared with you. Your role: <b>{ $role }</b>.
tracker-card-shared =
    📡 <b>{ $name }</b>{ $active_mark ->
        [yes] {" "}★ active
       *[no] {""}
    }
pb-click-out-of-scope = 🎯 This click is not among your campaigns' clicks of the last 30 days, so I do not send the test: it could make a conversion in another buyer's campaign. Pick one of your clicks.
member-subs-stopped = 🔕 The notifications { $name } set up for “{ $tracker }” stopped ({ $count ->
        [one] { $count } chat
       *[other] { $count } chats
    }). To keep a team chat hearing the tracker, send /subscribe there.
audit-alert-ack = acked the alert “{ $rule }”
audit-alert-snooze = { $until ->
        [off] woke the alert “{ $rule }” before its snooze ended
       *[other] snoozed the alert “{ $rule }”
    }
audit-rule-mute = { $until ->
        [off] unmuted the alert rule “{ $rule }”
       *[other] muted the alert rule “{ $rule }”
    }
audit-rule-create = created the alert rule “{ $rule }”
audit-rule-update = changed the alert rule “{ $rule }”
audit-rule-enable = enabled the alert rule “{ $rule }”
audit-rule-disable = disabled the alert rule “{ $rule }”
audit-rule-delete = deleted the alert rule “{ $rule }”
