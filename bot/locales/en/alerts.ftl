## Alerts: /alerts (rules), alert messages and their buttons, /silences
cmd-alerts = Alert rules and open alerts of the active tracker
cmd-silences = Snoozed alerts and muted rules, to end them early

## Severity
alerts-lang = en
alerts-sev-critical = CRITICAL
alerts-sev-warning = WARNING
alerts-sev-info = INFO
alerts-sev-critical-btn = 🔴 Critical
alerts-sev-warning-btn = 🟠 Warning
alerts-sev-info-btn = 🔵 Info
alerts-sev-critical-long = 🔴 Critical — with sound, repeated hourly, escalated to the on-call people
alerts-sev-warning-long = 🟠 Warning — silent, repeated every 4 hours
alerts-sev-info-long = 🔵 Info — silent, never repeated

## Rule kinds (templates)
alerts-kind-tracker_down = Tracker down
alerts-kind-tracker_down-about = The tracker does not answer several checks in a row (timeout, 5xx, Cloudflare, a rejected key…).
alerts-kind-no_conversions = No conversions
alerts-kind-no_conversions-about = No conversions for some hours, though the same hours of previous days had 3 or more.
alerts-kind-traffic_drop = Traffic drop
alerts-kind-traffic_drop-about = Far fewer clicks than in the same hours a week ago.
alerts-kind-traffic_spike = Traffic spike
alerts-kind-traffic_spike-about = Far more clicks than in the same hours a week ago.
alerts-kind-roi_below = ROI below
alerts-kind-roi_below-about = ROI fell below a threshold, once enough has been spent to judge.
alerts-kind-cr_below = CR below
alerts-kind-cr_below-about = CR fell below a threshold, once there are enough clicks to judge.
alerts-kind-rejected_share = Rejected share
alerts-kind-rejected_share-about = Too many conversions with the status rejected, once there are enough conversions to judge.
alerts-kind-postback_problems = Postback problems
alerts-kind-postback_problems-about = The postback log shows postbacks with an unknown click ID (“SubID not found”) or status.
alerts-kind-object_changed = Changes in the tracker
alerts-kind-object_changed-about = Someone disabled or archived a campaign or a flow, or an offer hit its daily cap.

## Rule values
alerts-p-failures = Unanswered checks in a row
alerts-p-hours = Hours without conversions
alerts-p-baseline_days = Days to compare with
alerts-p-for_seconds = Wait before alerting
alerts-p-window_minutes = Period
alerts-p-window_hours = Period
alerts-p-fire_ratio = Alert at
alerts-p-resolve_ratio = Resolve at
alerts-p-min_baseline_clicks = Minimum usual clicks
alerts-p-min_clicks = Minimum clicks
alerts-p-fire_below = Alert below
alerts-p-resolve_above = Resolve from
alerts-p-min_cost = Minimum cost
alerts-p-fire_above = Alert above
alerts-p-resolve_below = Resolve up to
alerts-p-min_conversions = Minimum conversions
alerts-p-fire_at = Alert from
alerts-p-resolve_at = Resolve up to
alerts-p-campaigns = Campaign disabled or archived
alerts-p-flows = Flow disabled or archived
alerts-p-offer_caps = Offer hit its daily cap
alerts-p-severity = Severity
alerts-on = on
alerts-off = off
alerts-u-s = s
alerts-u-min = min
alerts-u-h = h
alerts-u-d = d
alerts-u-none = at once

## Questions of the guided flow
alerts-q-tracker_down-failures = How many checks in a row may the tracker miss before I raise an alert? I usually check it once a minute.
alerts-q-no_conversions-hours = How many hours in a row without conversions is a problem?
alerts-q-no_conversions-baseline_days = How many previous days (the same hours of each) should I compare with to know how many conversions usually come?
alerts-q-no_conversions-for_seconds = How long should I wait before raising the alert? (0 = at once)
alerts-q-traffic_drop-window_minutes = Over what period should I count clicks?
alerts-q-traffic_drop-fire_ratio = To what percentage of the same hours a week ago must traffic fall before I raise the alert? E.g. 50% means half the clicks.
alerts-q-traffic_drop-resolve_ratio = At what percentage of the usual traffic should I resolve it? E.g. 80% means clicks are almost back to usual.
alerts-q-traffic_drop-min_baseline_clicks = Watch only when the period usually has at least this many clicks:
alerts-q-traffic_drop-for_seconds = How long must the drop last before I raise the alert? (0 = at once)
alerts-q-traffic_spike-window_minutes = Over what period should I count clicks?
alerts-q-traffic_spike-fire_ratio = How many times the clicks of the same hours a week ago must there be before I raise the alert? E.g. 3 means three times as many.
alerts-q-traffic_spike-resolve_ratio = Below what multiple should I resolve it? E.g. 1.5 means clicks are at most one and a half times the usual.
alerts-q-traffic_spike-min_clicks = Watch only when the period has at least this many clicks:
alerts-q-traffic_spike-for_seconds = How long must the spike last before I raise the alert? (0 = at once)
alerts-q-roi_below-window_hours = Over what period should I compute ROI?
alerts-q-roi_below-fire_below = Raise the alert when ROI is below, %:
alerts-q-roi_below-resolve_above = Resolve it when ROI is back at or above, %:
alerts-q-roi_below-min_cost = Watch only when the cost over the period is at least:
alerts-q-roi_below-for_seconds = How long must ROI stay below the threshold before I raise the alert? (0 = at once)
alerts-q-cr_below-window_hours = Over what period should I compute CR?
alerts-q-cr_below-fire_below = Raise the alert when CR is below, %:
alerts-q-cr_below-resolve_above = Resolve it when CR is back at or above, %:
alerts-q-cr_below-min_clicks = Watch only when the period has at least this many clicks:
alerts-q-cr_below-for_seconds = How long must CR stay below the threshold before I raise the alert? (0 = at once)
alerts-q-rejected_share-window_hours = Over what period should I count conversions?
alerts-q-rejected_share-fire_above = Raise the alert when rejected conversions are more than, % of all:
alerts-q-rejected_share-resolve_below = Resolve it when rejected ones are back at or below, %:
alerts-q-rejected_share-min_conversions = Watch only when the period has at least this many conversions:
alerts-q-rejected_share-for_seconds = How long must the rejected share stay above the threshold before I raise the alert? (0 = at once)
alerts-q-postback_problems-window_minutes = Over what period should I read the postback log?
alerts-q-postback_problems-fire_at = Raise the alert when the period has at least this many problem postbacks:
alerts-q-postback_problems-for_seconds = How long should I wait before raising the alert? (0 = at once)
alerts-q-object_changed-campaigns = Tell you when a campaign is disabled or archived?
alerts-q-object_changed-flows = Tell you when a flow is disabled or archived?
alerts-q-object_changed-offer_caps = Tell you when an offer hits its daily cap?
alerts-hint-int = Send a whole number, or press the button to keep it.
alerts-hint-num = Send a number, e.g. <code>1.5</code>, or press the button to keep it.
alerts-hint-money = Send an amount in the tracker's currency, e.g. <code>50</code> or <code>12.5</code>, or press the button to keep it.
alerts-hint-pct = Send a percentage, e.g. <code>1.5</code> or <code>-10%</code>, or press the button to keep it.
alerts-hint-share = Send a percentage of the usual clicks, e.g. <code>50%</code>, or press the button to keep it.
alerts-hint-times = Send a multiple of the usual clicks, e.g. <code>2</code> or <code>×1.5</code>, or press the button to keep it.
alerts-hint-minutes = Send minutes, e.g. <code>90</code>, or with a unit: <code>45m</code>, <code>2h</code>. Or press the button to keep it.
alerts-hint-hours = Send hours, e.g. <code>24</code>, or with a unit: <code>2d</code>. Or press the button to keep it.
alerts-hint-duration = Send minutes, e.g. <code>10</code>, or with a unit: <code>30s</code>, <code>15m</code>, <code>1h</code>; <code>0</code> = at once. Or press the button to keep it.
alerts-step = <i>Step { $n } of { $total }</i>
alerts-default = Default: <b>{ $value }</b>
alerts-now = Now: <b>{ $value }</b>

## Input errors
alerts-err-number = “{ $value }” is not a number. Send digits, e.g. <code>50</code> or <code>1.5</code>.
alerts-err-whole = “{ $value }” is not a whole number here. Send e.g. <code>3</code>.
alerts-err-duration = I could not read “{ $value }” as a duration. Send e.g. <code>30m</code>, <code>2h</code> or just minutes: <code>90</code>.
alerts-err-bool = Press “On” or “Off” (or send yes / no).
alerts-err-min = { $field } must be at least { $limit }. Send a larger value.
alerts-err-above = { $field } must be above { $limit }. Send a larger value.
alerts-err-max = { $field } can be at most { $limit }. Send a smaller value.
alerts-err-below = { $field } must be below { $limit }. Send a smaller value.
alerts-err-pair-above = “{ $field }” must be above “{ $other }” ({ $value }), or the alert keeps opening and closing. Send a larger value, or go back and change “{ $other }”.
alerts-err-pair-below = “{ $field }” must be below “{ $other }” ({ $value }), or the alert keeps opening and closing. Send a smaller value, or go back and change “{ $other }”.
alerts-err-baseline = I need at least one previous day to know what is normal. Send 1 or more.
alerts-err-watch-one = The rule must watch something: leave at least one of campaigns, flows and offer caps on.
alerts-err-invalid = This value is not allowed for “{ $field }”. Send another one.
alerts-err-save = These values do not fit together. Press “Change values” and check them.

## /alerts: the list
alerts-list-head = 🚨 <b>Alerts</b> · { $tracker }
alerts-list-open = { $count ->
    [one] <b>One open alert:</b>
   *[other] <b>{ $count } open alerts:</b>
}
alerts-list-no-open = No open alerts. ✅
alerts-list-rules = { $count ->
    [one] <b>One rule:</b>
   *[other] <b>{ $count } rules:</b>
}
alerts-list-no-rules = No rules yet. Press “➕ New rule” and I will watch this tracker: it takes a minute, and I suggest a sensible default for every value.
alerts-open-line = { $icon } <b>{ $name }</b>{ $where } — for { $age }, now { $value }{ $extra }
alerts-open-line-plain = { $icon } <b>{ $name }</b>{ $where } — for { $age }{ $extra }
alerts-open-acked = ✅ acked by { $name }
alerts-open-snoozed = 💤 snoozed { $until }
alerts-rule-line = { $icon } { $title } · { $scope } · { $severity }{ $flags }
    { "  " }{ $state }
alerts-flag-off = ⏸ disabled
alerts-flag-muted = 🔕 muted { $until }
alerts-flag-muted-forever = 🔕 muted
alerts-more = … and { $count } more
alerts-st-disabled = I do not check it
alerts-st-new = not checked yet
alerts-st-ok = 🟢 all fine
alerts-st-pending = { $count ->
    [1] ⏳ over the threshold — waiting to see if it passes
   *[other] ⏳ { $count } alerts about to open — waiting to see if they pass
}
alerts-st-firing = { $count ->
    [1] 🔥 alert open
   *[other] 🔥 { $count } alerts open
}
alerts-st-error = ⚠️ cannot check: { $why }
alerts-st-notes = { $count } of { $total }: { $note }
alerts-btn-new = ➕ New rule

## /alerts: one rule
alerts-card-head = 📏 <b>{ $name }</b>
alerts-card-kind = <i>{ $kind }</i>: { $about }
alerts-card-scope = Watches: { $scope }
alerts-card-severity = Severity: { $severity }
alerts-card-disabled = ⏸ Disabled: I do not check it.
alerts-card-muted = { $what }: I check it but send no messages.
alerts-card-state = Now: { $state }
alerts-state-line = { $icon } { $scope }: { $value }{ $note }
alerts-state-line-plain = { $icon } { $scope }{ $note }
alerts-scope-tracker = the whole tracker
alerts-scope-each = every campaign, each on its own
alerts-scope-sum = all campaigns together
alerts-scope-campaign = campaign “{ $name }”
alerts-scope-campaign-id = campaign #{ $id }
alerts-scope-flow-id = flow #{ $id }
alerts-scope-offer-id = offer #{ $id }
alerts-btn-preview = 🔍 Check now
alerts-btn-edit = ✏️ Edit
alerts-btn-disable = ⏸ Disable
alerts-btn-enable = ▶️ Enable
alerts-btn-delete = 🗑 Delete
alerts-btn-delete-yes = 🗑 Yes, delete
alerts-btn-mute-1h = 🔕 1 h
alerts-btn-mute-24h = 🔕 24 h
alerts-btn-mute-forever = 🔕 Indefinitely
alerts-btn-unmute = 🔔 Unmute
alerts-enabled = ▶️ “{ $name }” is enabled.
alerts-disabled = ⏸ “{ $name }” is disabled; I close its open alerts quietly.
alerts-muted-card = 🔕 “{ $name }” is muted. /silences lists every mute and ends them early.
alerts-delete-ask = Delete the rule “{ $name }”? Its open alerts go with it. This cannot be undone.
alerts-deleted = 🗑 Rule “{ $name }” deleted.
alerts-rule-gone = This rule no longer exists. Open /alerts again.
alerts-edit-ask = ✏️ What to change in “{ $name }”?
alerts-btn-severity = Severity: { $severity }
alerts-updated = ✅ { $what } saved.

## /alerts: a new rule
alerts-kind-ask = ➕ <b>New rule.</b> What should it watch?
alerts-kind-line = • <b>{ $kind }</b> — { $about }
alerts-scope-ask = <b>{ $kind }</b> on { $tracker }: watch the whole tracker or one campaign?
alerts-scope-sum-explain = 🗂 <b>Each campaign</b> — a separate alert for every campaign; Σ <b>All combined</b> — one alert on the sum of all campaigns; 🎯 <b>One campaign</b> — only the one you pick.
alerts-btn-scope-each = 🗂 Each campaign
alerts-btn-scope-sum = Σ All combined
alerts-btn-scope-tracker = 📡 Whole tracker
alerts-btn-scope-campaign = 🎯 One campaign
alerts-campaign-ask = Which campaign?
alerts-no-campaigns = The tracker has no campaigns. Go back and watch the whole tracker.
alerts-btn-keep = 👌 Keep { $value }
alerts-btn-on = On
alerts-btn-off = Off
alerts-severity-ask = How urgent is it?
alerts-summary-head = 📏 <b>{ $name }</b> — check and save:
alerts-btn-save = 💾 Save
alerts-btn-change = ✏️ Change values
alerts-saved = ✅ Rule “{ $name }” saved. I start checking it within a minute.
alerts-saved-toast = Saved

## Preview
alerts-prev-title = 🔍 <b>Now:</b>
alerts-prev-line = • { $scope }: { $value } — { $status }
alerts-prev-line-plain = • { $scope } — { $status }
alerts-prev-fire = ⚠️ would alert
alerts-prev-ok = fine
alerts-prev-for = It alerts only if this lasts { $duration }.
alerts-prev-nothing = 🔍 Nothing to check yet: no campaigns, flows or offers found.
alerts-prev-failed = 🔍 The check failed. Try again in a minute.

## Notes on a rule's state
alerts-note-not_enough_traffic = not enough traffic to judge
alerts-note-not_enough_spend = not enough spend to judge
alerts-note-not_enough_conversions = not enough conversions to judge
alerts-note-no_baseline = nothing to compare with yet
alerts-note-no_data = no data
alerts-note-bad_params = the rule's values are invalid: edit them
alerts-note-error = the tracker does not answer ({ $failure })
alerts-note-other = { $note }
alerts-fail-cloudflare = Cloudflare blocks the requests
alerts-fail-html = a web page instead of the API (HTML)
alerts-fail-5xx = server error (5xx)
alerts-fail-401 = the API key was rejected (401)
alerts-fail-402 = the tracker's plan has no Admin API (402)
alerts-fail-403 = the key has no rights (403)
alerts-fail-timeout = no answer in time
alerts-fail-refused = connection refused
alerts-fail-dns = the domain does not resolve (DNS)
alerts-fail-tls = the TLS certificate check failed
alerts-fail-network = network error
alerts-fail-other = error “{ $code }”

## Alert messages
alerts-msg-head = { $icon } <b>{ $severity }</b> · { $tracker }
alerts-msg-rule = <b>{ $name }</b> ({ $kind })
alerts-msg-rule-named = <b>{ $name }</b>
alerts-msg-campaign = 🎯 Campaign: { $name }
alerts-msg-since = 🕒 Since { $at } ({ $tz }), { $age }
alerts-msg-repeats = { $count ->
    [one] 🔁 Reminded once
   *[other] 🔁 Reminded { $count } times
}
alerts-msg-repeats-value = { $count ->
    [one] 🔁 Reminded once · now { $value }
   *[other] 🔁 Reminded { $count } times · now { $value }
}
alerts-msg-changed = 📈 Now { $value } (was { $first })
alerts-msg-acked = ✅ Acked by { $name } at { $at }
alerts-msg-snoozed = 💤 Snoozed { $until } ({ $tz })
alerts-msg-muted = 🔕 Rule muted { $until } ({ $tz })
alerts-msg-muted-forever = 🔕 Rule muted indefinitely
alerts-msg-still = 🔁 <b>Alert still open</b>
alerts-msg-escalated = ⏫ <b>Escalated:</b> nobody acked it in { $age }.
alerts-msg-resolved = ✅ <b>Resolved</b> · { $tracker }
alerts-msg-lasted = ⏱ Lasted { $duration } ({ $start } – { $end }, { $tz })
alerts-msg-worst = Worst: { $worst } · at the end: { $last }
alerts-msg-closed-disabled = The rule was disabled, so the alert is closed.
alerts-msg-unrouted = ℹ️ You get this because nobody else hears this tracker's alerts. To send them to the team: /subscribe in the team chat, or set a rotation in /oncall.
alerts-tracker-key-unreadable = ⚠️ <b>{ $tracker }</b>: I am not checking alert rules — the tracker's stored Admin API key cannot be read with the bot's current SECRET_KEY. Enter the key again: /trackers → { $tracker } → 🔑 Replace API key.
alerts-what-value = Now: { $value }.
alerts-what-tracker_down = The tracker has not answered { $failures ->
    [one] { $failures } check
   *[other] { $failures } checks in a row
}: { $failure }.
alerts-what-no_conversions = No conversions in the last { $window }, although about { $expected } usually come by now ({ $clicks } { $clicks ->
    [one] click
   *[other] clicks
}).
alerts-what-traffic_drop = { $clicks } { $clicks ->
    [one] click
   *[other] clicks
} in the last { $window } — { $ratio } of the usual { $baseline }; the threshold is { $threshold } or less.
alerts-what-traffic_spike = { $clicks } { $clicks ->
    [one] click
   *[other] clicks
} in the last { $window } — { $ratio } the usual { $baseline }; the threshold is { $threshold } or more.
alerts-what-roi_below = ROI over the last { $window }: { $roi } (threshold: below { $threshold }); cost { $cost }, revenue { $revenue }.
alerts-what-cr_below = CR over the last { $window }: { $cr } (threshold: below { $threshold }); { $conversions } { $conversions ->
    [one] conversion
   *[other] conversions
} from { $clicks } { $clicks ->
    [one] click
   *[other] clicks
}.
alerts-what-rejected_share = { $share } of conversions rejected in the last { $window }: { $rejected } of { $conversions } (threshold: above { $threshold }).
alerts-what-postback_problems = { $bad } { $bad ->
    [one] postback
   *[other] postbacks
} with “SubID not found” (unknown click ID (subid)) or an unknown status in the last { $window }; the threshold is { $threshold }.
alerts-what-object-campaign = Campaign “{ $name }” { $state ->
    [active] is active again
    [disabled] was disabled
    [archived] was archived
    [deleted] was deleted
   *[other] is now “{ $state }”
} (it was { $was ->
    [active] active
    [disabled] disabled
    [archived] archived
    [deleted] deleted
   *[other] “{ $was }”
}).
alerts-what-object-flow = Flow “{ $name }” { $state ->
    [active] is active again
    [disabled] was disabled
    [archived] was archived
    [deleted] was deleted
   *[other] is now “{ $state }”
} (it was { $was ->
    [active] active
    [disabled] disabled
    [archived] archived
    [deleted] deleted
   *[other] “{ $was }”
}).
alerts-what-offer-cap = Offer “{ $name }” hit its daily cap: { $conversions } of { $cap } { $cap ->
    [one] conversion
   *[other] conversions
} today.

## Alert message buttons
alerts-btn-ack = ✅ Ack
alerts-btn-snooze-1h = 💤 1 h
alerts-btn-snooze-4h = 💤 4 h
alerts-btn-snooze-morning = 💤 Until { $time }
alerts-btn-snooze-tomorrow = 💤 { $time } tomorrow
alerts-btn-report = 📊 Open report
alerts-btn-check = 🔌 Check
alerts-btn-logs = 📜 Logs
alerts-btn-pause = ⏸ Disable campaign
alerts-btn-mute = 🔕 Mute…
alerts-btn-back = ⬅️ Back
alerts-acked = ✅ The alert is yours: no more repeats.
alerts-acked-already = Already acked by { $name }.
alerts-snoozed = 💤 Snoozed { $until } ({ $tz }).
alerts-muted = 🔕 “{ $name }” muted { $until } ({ $tz }).
alerts-muted-forever = 🔕 “{ $name }” muted indefinitely. To unmute it: /silences.
alerts-unmuted = 🔔 “{ $name }” unmuted.
alerts-already-resolved = This alert is already resolved: at { $at } ({ $tz }).
alerts-gone = This alert or its rule was deleted.
alerts-not-allowed = Only the tracker's owner, an admin or the on-call people of this tracker can do that.
alerts-owner-only = Only the tracker's owner can do that: it needs the owner's API key.
alerts-no-campaign = This alert is not about one campaign.
alerts-checking = 🔌 Checking…
alerts-check-ok = 🔌 <b>{ $tracker }</b>: the tracker answers ({ $ms } ms). The alert resolves at the next check.
alerts-check-failed = 🔌 <b>{ $tracker }</b>: the tracker still does not answer.
alerts-logs-switched = 📜 The active tracker is now { $tracker }.

## When (snoozed, muted)
alerts-until = { $day ->
    [today] until { $time }
    [tomorrow] until { $time } tomorrow
   *[other] until { $date } { $time }
}

## /silences
alerts-sil-title = 🔕 <b>Snoozed and muted</b>
alerts-sil-empty = Nothing is snoozed or muted.
alerts-sil-no-trackers = You have no trackers. Connect one with /trackers.
alerts-sil-snoozed = 💤 <b>Snoozed alerts:</b>
alerts-sil-snoozed-line = • { $name } · { $where } — { $until } ({ $tz })
alerts-sil-muted = 🔕 <b>Muted rules:</b>
alerts-sil-muted-line = • { $name } · { $tracker } — { $until } ({ $tz })
alerts-sil-muted-forever-line = • { $name } · { $tracker } — indefinitely
alerts-sil-btn-unsnooze = 🔔 End snooze: { $name }
alerts-sil-btn-unmute = 🔔 Unmute: { $name }
alerts-sil-btn-refresh = 🔄 Refresh
alerts-sil-unsnoozed = 🔔 The snooze of “{ $name }” ended.
alerts-sil-gone = No longer in effect: the time ran out or the alert is resolved.

# where a tracker's alerts go (/alerts, and the first rule of a tracker)
alerts-route-head = 📣 Where the alerts go:
alerts-route-you = • you, in a private chat ({ $severity } and above)
alerts-route-person = • { $person }, in a private chat ({ $severity } and above)
alerts-route-group = • { $title } ({ $severity } and above)
alerts-route-rotation = • critical ones first to whoever is on call (now { $person }), then to the team
alerts-route-nobody = ⚠️ <b>Nobody is set to hear these alerts</b>, so I send them to the tracker's owner in a private chat. Send /subscribe in the team chat, or set a rotation in /oncall.
alerts-route-ask = 🔔 This is the first rule of { $tracker }. Who should hear its alerts?
alerts-route-hint-group = A team chat: add me to the group and send /subscribe there; then it is offered here.
alerts-route-hint-rotation = An on-call rotation: set one up in /oncall.
alerts-route-btn-me = 👤 Me, privately
alerts-route-btn-group = 👥 { $title }
alerts-route-btn-rotation = 🔁 Whoever is on call
alerts-route-now = { $where }
