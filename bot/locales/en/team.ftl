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
