## Teams: members, invitations, joining, leaving, ownership hand-over, the audit (issue 16)

# the tracker's card
btn-members = 👥 Members
btn-audit = 📋 Audit
btn-leave = 🚪 Leave
leave-confirm =
    🚪 Leave <b>{ $name }</b>?
    You will no longer see its numbers or alerts, and you leave its on-call rotation. The owner is told. To come back you need a new invitation.
btn-leave-yes = Yes, leave
btn-leave-no = No, stay
member-you-left = 🚪 You left “{ $tracker }”.
member-left = 🚪 { $name } left “{ $tracker }”{ $rotation ->
        [yes] {" "}and its on-call rotation
       *[no] {""}
    }.
tracker-removed-for-member = 🗑 The tracker “{ $tracker }” was removed by its owner: it is no longer shared with you. Your trackers: /trackers

# the team screen
members-title =
    👥 <b>{ $tracker }</b> — team ({ $count ->
        [one] { $count } member
       *[other] { $count } members
    })
    { $people }
members-none = Nobody else is on the team yet. Invite someone: they get a link that works once.
members-refused = { $reason }
members-owner-line = 👑 { $name } — owner
members-line = 👤 { $name } — { $role }, { $scope }
members-invite-line = ✉️ Invitation: { $role }, { $scope } — expires in { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }
members-btn-invite = ➕ Invite
members-btn-member = 👤 { $name } · { $role }
members-btn-revoke = ✖️ Revoke invitation: { $role } · { $hours } h
members-revoked = ✖️ Invitation revoked: its link no longer works.
members-revoke-gone = That invitation was already used, revoked or expired.
member-gone = This person is no longer on the team. The team: /trackers → 👥 Members
member-card =
    👤 <b>{ $name }</b> on <b>{ $tracker }</b>
    Role: { $role }
    Sees: { $scope }
    Joined: { $joined }
member-btn-role = 🎭 Change role
member-btn-scope = 🎯 Change campaigns
member-btn-handover = 👑 Hand over ownership
member-btn-remove = 🚫 Remove from team
member-btn-remove-yes = Yes, remove
member-role-ask = 🎭 Role of { $name } on “{ $tracker }” (● now). It takes effect at once.
member-role-set = ✅ Role changed: now { $role }.
member-role-changed-you = 🎭 Your role on “{ $tracker }” is now: { $role }.
member-remove-confirm =
    🚫 Remove { $name } from “{ $tracker }”?
    They lose access at once and leave the on-call rotation; I tell them. Their saved reports stay theirs (without this tracker's data), alert rules stay with the tracker.
member-removed = 🚫 { $name } is no longer on the team{ $rotation ->
        [yes] {" "}nor in the on-call rotation
       *[no] {""}
    }.
member-removed-you = 🚫 The owner removed you from “{ $tracker }”: it is no longer shared with you. Your trackers: /trackers
member-scope-set = 🎯 Done: they now see { $scope }.
member-scope-changed-you = 🎯 The owner changed which campaigns of “{ $tracker }” you see. /stats shows the new set.

# invitations
invite-role-ask = ➕ Invite to <b>{ $tracker }</b>: pick the role. The link I give you works once and expires in 24 hours.
invite-roles-what =
    👁 <b>viewer</b> — { role-what-viewer }
    🛠 <b>operator</b> — { role-what-operator }
    🧭 <b>manager</b> — { role-what-manager }
role-what-viewer = statistics, conversions, clicks, logs, lists and cards, alerts; changes nothing.
role-what-operator = what a viewer does, plus ack, snooze and mute alerts, enable and disable campaigns and flows, postback tests.
role-what-manager = what an operator does, plus every other change, alert rules, the on-call rotation, subscriptions and digests.
invite-btn-viewer = 👁 Viewer
invite-btn-operator = 🛠 Operator
invite-btn-manager = 🧭 Manager
invite-scope-ask = Which campaigns of <b>{ $tracker }</b> may they see?
invite-btn-all = 🌐 All campaigns
invite-btn-some = 🎯 Only some…
invite-link =
    ✉️ Invitation to <b>{ $tracker }</b> as { $role } ({ $scope }).
    Forward this link to your teammate:
    { $link }
    It works once and expires in { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }. Do not post it in a public chat: whoever opens it first joins.
invite-sent = ✉️ The invitation link is in the message above: forward it. It works once.
scope-ask =
    🎯 Which campaigns of <b>{ $tracker }</b>? Pick campaign groups and/or a name prefix (a campaign in any of them is seen).
    Now: { $scope }
scope-groups-failed = ⚠️ I could not read the tracker's campaign groups just now; a name prefix still works.
scope-no-groups = The tracker has no campaign groups: use a name prefix.
scope-btn-prefix = ✏️ Name prefix
scope-btn-clear-prefix = ✖️ No prefix
scope-btn-done = ✅ Done
scope-btn-all = 🌐 All campaigns
scope-prefix-ask = ✏️ Send the beginning of the campaign names they may see (for example “Oleg ” or “[FB]”), up to 64 characters.
scope-err-prefix = A name prefix is one line of 1 to { $max } characters; “{ $text }” is not. Send it again.
scope-err-empty = Pick at least one group or set a name prefix, or go back and choose “All campaigns”.
scope-all = all campaigns
scope-or = {" "}or{" "}
scope-groups = { $count ->
        [one] group
       *[other] groups
    } { $groups }
scope-group-name = “{ $name }”
scope-group-id = #{ $id }
scope-prefix = names starting with “{ $prefix }”

# joining
join-offer =
    ✉️ { $inviter } invites you to the tracker <b>{ $tracker }</b> as { $role }.
    You may: { $what }
    Campaigns: { $scope }
    You will work with the tracker without its API key.
join-already = You are already on this team as { $role }; joining gives you the role above.
join-btn-yes = ✅ Join
join-btn-no = ✖️ No, thanks
join-dead = ⚠️ This invitation link no longer works — ask for a new one.
join-own = “{ $tracker }” is your own tracker: you cannot join it. Forward the link to your teammate.
join-open-again = ⚠️ Open the invitation link again, then press ✅ Join.
join-declined = ✖️ You did not join. The link still works until it expires, if you change your mind.
join-done =
    ✅ You are on the team of <b>{ $tracker }</b> as { $role }.
    You may: { $what }
    It is in /trackers; /stats, /alerts and the other commands work with it when it is your active tracker.
member-joined = 👥 { $name } joined “{ $tracker }” as { $role }.

# ownership hand-over
handover-confirm =
    👑 Hand “{ $tracker }” over to { $name }?
    They become the owner (with the API key and the team); you become a manager. I ask them first: nothing changes until they say yes.
handover-btn-offer = 👑 Yes, offer it
handover-offered = 👑 Offer sent to { $name }: they have { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    } to say yes.
handover-unreachable = ⚠️ I cannot write to { $name } (they may have blocked me): the offer was not made.
handover-offer =
    👑 { $owner } offers you the ownership of the tracker “{ $tracker }”.
    As the owner you hold its API key and decide who is on the team; { $owner } becomes a manager.
handover-btn-accept = ✅ Become the owner
handover-btn-decline = ✖️ Decline
handover-gone = ⚠️ This offer no longer stands (it was withdrawn, expired or you are no longer on the team).
handover-name-taken = You already have a tracker called “{ $tracker }”. Rename yours in /trackers first, then press again.
handover-accepted-you = 👑 You are now the owner of “{ $tracker }”. Its card in /trackers has the owner's buttons.
handover-accepted = 👑 { $name } took over “{ $tracker }”; you are now its { $role }.
handover-declined-you = ✖️ You declined; “{ $tracker }” stays as it was.
handover-declined = ✖️ { $name } declined to take over “{ $tracker }”; nothing changed.

# the audit
audit-title = 📋 <b>{ $tracker }</b> — audit (times in { $tz })
    { $entries }
audit-empty = Nothing recorded yet.
audit-btn-older = ◀ Older
audit-btn-newer = Newer ▶
audit-entry = 🕓 { $when } · { $who } ({ $role }): { $what }
audit-change = { $old } → { $new }
audit-field-change = { $field }: { $old } → { $new }
audit-scope = groups { $groups }, prefix “{ $prefix }”
audit-resource = { $action } · { $resource } #{ $id }
audit-resource-undo = ↩️ undid { $action } · { $resource } #{ $id }
audit-tracker-add = connected the tracker
audit-tracker-activate = made it their active tracker
audit-tracker-rename = renamed the tracker
audit-tracker-timezone = set the time zone to { $timezone }
audit-tracker-read_only = { $read_only ->
        [yes] made the tracker read-only
       *[no] allowed changes again (read-only off)
    }
audit-tracker-remove = removed the tracker
audit-tracker-api_key = replaced the API key
audit-tracker-postback_url = set the postback URL
audit-tracker-postback_url_removed = removed the postback URL
audit-postback-send = sent a test postback ({ $status }): { $answer }
audit-postback-verdict = postback test verdict: { $verdict }
audit-botlist-add = added entries to the bot list
audit-botlist-remove = removed entries from the bot list
audit-alerts-basic = enabled the basic alerts
audit-member-invite = created an invitation: { $role }
audit-member-revoke = revoked an invitation
audit-member-join = joined the team as { $role }
audit-member-leave = left the team
audit-member-remove = removed { $member } ({ $role }) from the team
audit-member-role = changed the role of { $member }
audit-member-scope = changed the campaigns { $member } sees
audit-member-handover_offer = offered the ownership to { $member }
audit-member-handover_accept = took over the ownership
audit-member-handover_decline = declined the ownership
