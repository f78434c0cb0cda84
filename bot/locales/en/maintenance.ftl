## Maintenance windows: /maintenance, 🛠 Maintenance on the alerts screen, the start and end notices
cmd-maintenance = Maintenance: silence a tracker, a campaign or a rule for a while

maint-what = { $target ->
    [campaign] campaign “{ $what }”
    [rule] rule “{ $what }”
   *[tracker] the whole tracker
}

## Notices in the subscribed chats
maint-started = 🛠 <b>Maintenance started</b> · { $tracker }
    Silenced: { $target ->
        [campaign] campaign “{ $what }”
        [rule] rule “{ $what }”
       *[tracker] the whole tracker
    } until { $until } ({ $tz }){ $daily ->
        [yes] , every day
       *[no] {""}
    }. Alerts of it are not sent meanwhile; I will say what happened when it ends.
maint-ended = ✅ <b>Maintenance over</b> · { $tracker }{ $cancelled ->
        [yes] {" "}(ended early)
       *[no] {""}
    }
    Silenced: { $target ->
        [campaign] campaign “{ $what }”
        [rule] rule “{ $what }”
       *[tracker] the whole tracker
    }{ $daily ->
        [yes] {" "}(every day)
       *[no] {""}
    }.
    During maintenance: { $suppressed ->
        [one] { $suppressed } alert suppressed
       *[other] { $suppressed } alerts suppressed
    }, { $firing } still firing.

## The list
maint-btn-open = 🛠 Maintenance
maint-title = 🛠 <b>Maintenance</b> · { $tracker } (times in { $tz })
maint-none = No maintenance planned. During maintenance the alerts of the tracker, a campaign or a rule are not sent; the start and the end are announced in the subscribed chats.
maint-line = { $n }. { $state ->
        [running] ▶️ now
       *[upcoming] ⏳ planned
    }: { $what } · { $when } · by { $who }
maint-when-daily = every day { $start }–{ $end } ({ $length })
maint-when-once = { $start } – { $end }
maint-when-until = until { $end }
maint-when-over = over
maint-len-h = { $hours } h
maint-len-m = { $minutes } min
maint-len-hm = { $hours } h { $minutes } min
maint-btn-new = ➕ New
maint-btn-end = ⏹ End { $n } now
maint-btn-cancel = ✖️ Cancel { $n }
maint-gone = That maintenance is over or was cancelled already.
maint-ended-now = ⏹ Maintenance ended. The end will be announced in the subscribed chats.
maint-cancelled = ✖️ Maintenance cancelled.
maint-created = ✅ Maintenance saved. Its start will be announced in the subscribed chats.

## New
maint-what-ask = 🛠 <b>New maintenance</b>
    What should be silenced?
maint-btn-tracker = The whole tracker
maint-btn-campaign = A campaign
maint-btn-rule = An alert rule
maint-no-campaigns = The tracker has no campaigns you can see.
maint-no-rules = The tracker has no alert rules yet.
maint-pick-ask = { $target ->
        [rule] Which rule?
       *[campaign] Which campaign?
    }
maint-when-ask = When should { $what } be silent?
    Press a button, or send a period in { $tz }:
    <code>03:00-03:30</code> · <code>2026-12-06 01:00 - 03:00</code> · <code>2026-12-06 23:00 - 2026-12-07 01:00</code>
    (at most { $max } days).
maint-btn-m30 = Now for 30 min
maint-btn-h1 = Now for 1 h
maint-btn-h2 = Now for 2 h
maint-btn-h4 = Now for 4 h
maint-err-format = “{ $typed }” is not a period I understand. Send a start and an end, e.g. <code>03:00-03:30</code> or <code>2026-12-06 01:00 - 03:00</code>.
maint-err-order = “{ $typed }”: the end must come after the start.
maint-err-past = “{ $typed }” is over already. Send a period that has not ended yet.
maint-err-long = “{ $typed }” is too long: maintenance lasts at most { $days } days.
maint-err-ahead = “{ $typed }” starts too far ahead: at most { $days } days from now.
maint-err-over = That period is over already. Choose when again.
maint-err-daily-long = A daily maintenance must be shorter than a day.
maint-repeat-ask = { $what }: { $start } – { $end } ({ $length }, { $tz }).
    Repeat it every day at { $local_start }?
maint-btn-once = Just once
maint-btn-daily = 🔁 Every day
maint-confirm = 🛠 <b>Maintenance</b>
    Silenced: { $what }
    { $daily ->
        [yes] Every day at { $local_start } for { $length } ({ $tz })
       *[no] From { $start } to { $end } ({ $length }, { $tz })
    }
    Alerts of it are not sent meanwhile; the start and the end are announced in the subscribed chats.
maint-btn-create = ✅ Create

## The tracker's audit log
audit-maintenance-create = planned maintenance #{ $window_id }: { $target ->
        [campaign] campaign “{ $label }”
        [rule] rule “{ $label }”
       *[tracker] the whole tracker
    }
audit-maintenance-cancel = cancelled maintenance #{ $window_id }
audit-maintenance-end = ended maintenance #{ $window_id } early
