## Storms (issue 19): alerts of one tracker that fire together are one message

storms-head = { $icon } <b>{ $count ->
    [one] { $count } alert
   *[other] { $count } alerts
} at once</b> · { $tracker }
storms-still = 🔁 <b>Still open</b> (the one reminder for these alerts)
storms-since = 🕒 Since { $at } ({ $tz }), { $age }
storms-more = +{ $count } more · 📋 Show all
storms-progress = Acked: { $acked } of { $total } · Resolved: { $resolved } of { $total }
storms-line-acked = ✅ { $name }
storms-line-snoozed = 💤 { $until }
storms-resolved = ✅ <b>Resolved: { $count ->
    [one] { $count } alert
   *[other] { $count } alerts
} on { $tracker }</b>
storms-lasted = ⏱ Lasted { $duration } ({ $start } – { $end }, { $tz })
storms-all-head = 📋 <b>All alerts of this message</b> · { $tracker }
storms-all-hint = Ack or snooze them one by one with the numbered buttons.
storms-inhibited = { $count ->
    [one] ⏸ { $count } rule paused while the tracker is unreachable: its alert, if any, comes when the tracker is back.
   *[other] ⏸ { $count } rules paused while the tracker is unreachable: their alerts, if any, come together when the tracker is back.
}
storms-btn-ack-all = ✅ Ack all
storms-btn-snooze-1h = 💤 All 1 h
storms-btn-snooze-4h = 💤 All 4 h
storms-btn-show-all = 📋 Show all ({ $count })
storms-btn-ack-one = ✅ { $n }
storms-btn-snooze-one = 💤 { $n } · 1 h
storms-acked = { $count ->
    [0] Nothing to ack: every alert here is acked or resolved.
    [one] ✅ { $count } alert is yours: no more repeats.
   *[other] ✅ { $count } alerts are yours: no more repeats.
}
storms-snoozed = { $count ->
    [0] Nothing to snooze: every alert here is resolved.
    [one] 💤 { $count } alert snoozed { $until } ({ $tz }).
   *[other] 💤 { $count } alerts snoozed { $until } ({ $tz }).
}
storms-gone = These alerts are no longer here (their tracker or rules were deleted).
storms-not-listed = This alert is not in this message any more.
storms-already-resolved = All these alerts resolved at { $at } ({ $tz }).
storms-escalated = ⏫ <b>Escalated:</b> nobody acked these alerts in { $age }.
