## On call: /oncall, /quiet, /subscribe, /unsubscribe, /hook, conversion pushes, the daily digest
cmd-oncall = Who is on call; the rotation and escalation
cmd-quiet = Quiet hours: e.g. /quiet 23:00-08:00, /quiet off
cmd-subscribe = Notifications of a tracker in this chat (private or group)
cmd-unsubscribe = Stop a tracker's notifications in this chat
cmd-hook = Conversion pushes: the URL to paste into Keitaro

## Severities
sub-sev-critical = 🔴 critical
sub-sev-warning = 🟠 warning
sub-sev-info = 🔵 info

## /subscribe
sub-not-admin = ⛔ Only an admin of this group can change its notifications.
sub-not-admin-short = Only a group admin can change this.
sub-no-tracker-group = You have no tracker yet. Connect one in a private chat with me (/trackers), then send /subscribe here again.
sub-tracker-gone = That tracker is not yours or was removed.
sub-where-private = this chat
sub-where-group = the group “{ $title }”
sub-title = 🔔 <b>Notifications in { $where }</b>
sub-tracker = Tracker: <b>{ $tracker }</b>
sub-severity = Alerts: { $severity } and above
sub-on = ✅ Subscribed
sub-off = Not subscribed yet. Choose the tracker and the lowest severity to hear about, then press “Subscribe”.
sub-conversions-on = 💰 Conversion pushes: on
sub-conversions-off = 💰 Conversion pushes: off
sub-digest-at = 🗓 Daily digest at { $time } ({ $tz })
sub-digest-off = 🗓 Daily digest: off
sub-done = ✅ Subscribed to { $tracker }.
sub-done-critical = ✅ Subscribed to { $tracker } with conversion pushes on; of the alerts only critical ones come here (change it on this screen).
sub-saved = Saved
sub-btn-subscribe = 🔔 Subscribe
sub-btn-unsubscribe = 🔕 Unsubscribe
sub-btn-conv-on = 💰 Enable conversions
sub-btn-conv-off = 💰 Disable conversions
sub-btn-digest = 🗓 Daily digest
sub-btn-hook = 🔗 URL for Keitaro
sub-btn-digest-off = 🚫 No digest
sub-digest-ask = 🗓 At what time should the daily digest come? Send HH:MM, e.g. <code>09:00</code> (time zone of the tracker: { $tz }). It tells of yesterday: totals against the day before, the best and worst campaigns, the alerts and who acked them.
sub-digest-saved = 🗓 The digest will come every day at { $time } ({ $tz }).
oncall-err-hhmm = That is not a time of day. Send it as HH:MM, e.g. <code>09:30</code>.

## /unsubscribe
unsub-none = This chat is not subscribed to any tracker.
unsub-which = Which tracker should stop notifying this chat?
unsub-btn-all = 🔕 All of them
unsub-done = 🔕 { $tracker } no longer notifies this chat.

## /hook: the conversion webhook
hook-private-only = 🔒 The webhook URL contains a secret, so I show it only in a private chat: send /hook to me there. Conversion pushes for this group are enabled in /subscribe.
hook-title = 🔗 <b>Conversion pushes for { $tracker }</b>
hook-how =
    In Keitaro open the campaign → <b>S2S postbacks</b> → <b>Add a postback</b> and paste:

    URL: { $url }
    Method: <b>GET</b>
    Statuses: the ones you want to hear about (e.g. lead, sale, rejected)

    I then write a short message about each conversion to every chat with this tracker's conversion pushes on; a burst comes as one message. Keep the URL secret — anyone who has it can post here. “New secret” makes the old URL stop working.
hook-local-warning = ⚠️ This is my local address; Keitaro must be able to reach it. Set WEBHOOK_URL (or ask the bot admin for the public address).
hook-secret-unreadable = ⚠️ The secret of this tracker's conversion URL cannot be read with the bot's current SECRET_KEY, so I cannot show the URL again. The URL already pasted into Keitaro keeps working — conversions still arrive. To see a URL here, make a new secret (🔄 below) and paste the new URL into Keitaro.
hook-url-in-private = The URL to paste into Keitaro is shown in a private chat with me (/hook).
hook-chat-on = This chat: conversion pushes <b>on</b>.
hook-chat-off = This chat: conversion pushes <b>off</b>.
hook-btn-rotate = 🔐 New secret
hook-rotate-ask = 🔐 Make a new secret? The current URL stops working at once; you will have to paste the new one into Keitaro.
hook-btn-rotate-yes = 🔐 Yes, new secret
hook-rotated = 🔐 New secret made: paste the new URL into Keitaro.

## Conversion pushes
conv-push-title = 💰 <b>{ $count ->
        [one] { $count } conversion
       *[other] { $count } conversions
    }</b> · { $tracker }
conv-status = { $status ->
    [lead] lead
    [sale] sale
    [rejected] rejected
    [rebill] rebill
   *[other] { $status }
}
conv-push-more = …and { $count } more
conv-push-total = Total: <b>{ $total }</b>

## /oncall
oncall-title = 📟 <b>On call — { $tracker }</b>
oncall-none = 📟 No on-call rotation for <b>{ $tracker }</b>: critical alerts go to every subscribed chat at once.
oncall-none-personal = 📟 You are not in any on-call rotation, and you have no tracker to set one up for.
oncall-group-none = 📟 This group is not subscribed to any tracker. An admin of the group can send /subscribe.
oncall-no-access = ⛔ You cannot change the rotation of this tracker.
oncall-now = Now: <b>{ $person }</b> until { $until }
oncall-next = Next: { $person } from { $since }
oncall-rotation-daily = Shifts: daily, hand-over at { $handover } ({ $tz })
oncall-rotation-weekly = Shifts: weekly, hand-over at { $handover } ({ $tz })
oncall-people = People: { $people }
oncall-backup = Backup: { $person }
oncall-backup-none = Backup: none
oncall-team = Team chat: { $chat }
oncall-team-none = Team chat: none
oncall-escalation = If nobody acks an alert in { $minutes } min → the team chat and the backup, then { $count ->
        [one] { $count } repeat
       *[other] { $count } repeats
    }
oncall-saved = ✅ Saved
oncall-removed = 🗑 Rotation removed: critical alerts go to every subscribed chat again.
oncall-btn-people = 👥 People
oncall-btn-make-daily = 🔁 Daily shifts
oncall-btn-make-weekly = 🔁 Weekly shifts
oncall-btn-handover = 🕙 Hand-over time
oncall-btn-backup = 🛟 Backup
oncall-btn-team = 💬 Team chat
oncall-btn-escalate = ⏱ Escalation
oncall-btn-remove = 🗑 Remove rotation
oncall-btn-remove-yes = 🗑 Yes, remove
oncall-btn-none = 🚫 None
oncall-btn-done = ✅ Done
oncall-people-ask = 👥 Who takes turns? Send @usernames (of people who have written to me) or Telegram user ids, in order, e.g. <code>@alice @bob 123456789</code> (at most { $max }). The first one is on duty from the latest hand-over.
oncall-handover-ask = 🕙 At what time are turns handed over? Send HH:MM in the tracker's time zone ({ $tz }), e.g. <code>10:00</code>.
oncall-backup-ask = 🛟 Who is the backup? Send one @username or Telegram user id. I tell the backup about critical alerts nobody acked.
oncall-team-ask = 💬 Which group is the team chat? I post critical alerts nobody acked there.
oncall-team-no-groups = No group is subscribed to this tracker yet: add me to the team group and send /subscribe there, then come back.
oncall-escalate-ask = ⏱ How long should I wait for someone to ack an alert before telling the team chat and the backup? And how many reminders after that?
oncall-minutes = { $count } min
oncall-repeats = { $count ->
        [one] { $count } repeat
       *[other] { $count } repeats
    }
oncall-remove-ask = 🗑 Remove the on-call rotation? Critical alerts will go to every subscribed chat at once.
oncall-err-unknown = I don't know { $name }: they have to write to me first (or send their Telegram user id).
oncall-err-people = Send at least one @username or user id.
oncall-err-too-many = At most { $max } { $max ->
        [one] person
       *[other] people
    }.
oncall-err-backup = Send exactly one @username or user id.

## /quiet
quiet-none = 🌙 You have no quiet hours. Set them with e.g. <code>/quiet 23:00-08:00</code>: conversion pushes and digests then arrive silently; critical alerts still ring.
quiet-current = 🌙 Your quiet hours: { $starts }–{ $ends } ({ $tz }). <code>/quiet off</code> removes them.
quiet-saved = 🌙 Quiet hours set: { $starts }–{ $ends } ({ $tz }). Critical alerts still ring.
quiet-cleared = 🔔 Quiet hours removed.
quiet-usage = Send quiet hours like <code>/quiet 23:00-08:00</code> (optionally with a time zone: <code>/quiet 23:00-08:00 Europe/Berlin</code>), or <code>/quiet off</code>.
quiet-err-equal = The start and the end must differ.
quiet-err-zone = I don't know the time zone “{ $tz }”. Use a name like Europe/Berlin.

## The daily digest
digest-title = 🗓 <b>{ $tracker }</b> · digest of { $day } ({ $tz })
digest-day = Day
digest-day-before = Before
digest-no-numbers = The numbers could not be fetched:
digest-no-traffic = No traffic that day.
digest-top = 🏆 Best campaigns (profit):
digest-worst = 📉 Worst campaigns (profit):
digest-alerts-none = 🔕 No alerts that day.
digest-alerts = 🚨 { $count ->
        [one] { $count } alert
       *[other] { $count } alerts
    }:
digest-acked = acked by { $who } at { $at }
digest-not-acked = nobody acked
digest-resolved = resolved at { $at }
