## Alerts: /alerts (rules), alert messages and their buttons, /silences
cmd-alerts = Alert rules and open alerts of the active tracker
cmd-silences = Snoozed alerts and muted rules, to end them early

## Severity
alerts-sev-critical = CRITICAL
alerts-sev-warning = WARNING
alerts-sev-info = INFO
alerts-sev-critical-long = 🔴 Critical — with sound, repeated hourly, escalated
alerts-sev-warning-long = 🟠 Warning — silent, repeated every 4 hours
alerts-sev-info-long = 🔵 Info — silent, never repeated

## Rule kinds (templates)
alerts-kind-tracker_down = Tracker down
alerts-kind-tracker_down-about = The Admin API fails (timeout, 5xx, a web page instead of JSON, Cloudflare, a rejected key) several checks in a row.
alerts-kind-no_conversions = No conversions
alerts-kind-no_conversions-about = No conversions for the last hours, although the same hours of previous days predict enough (at least 3) that zero is unlikely.
alerts-kind-traffic_drop = Traffic drop
alerts-kind-traffic_drop-about = Clicks in the last window fell well below the same window a week earlier.
alerts-kind-traffic_spike = Traffic spike
alerts-kind-traffic_spike-about = Clicks in the last window rose well above the same window a week earlier.
alerts-kind-roi_below = ROI below
alerts-kind-roi_below-about = ROI over the window is below a threshold, once enough money has been spent.
alerts-kind-cr_below = CR below
alerts-kind-cr_below-about = The conversion rate over the window is below a threshold, once there are enough clicks.
alerts-kind-rejected_share = Rejected share
alerts-kind-rejected_share-about = The share of rejected conversions is above a threshold, once there are enough conversions.
alerts-kind-postback_problems = Postback problems
alerts-kind-postback_problems-about = Lines with “SubID not found” or an unknown status appear in the tracker's postback log.
alerts-kind-object_changed = Object changed
alerts-kind-object_changed-about = A campaign or a flow was disabled or archived (by anyone), or an offer reached its daily cap.

## Rule values
alerts-p-failures = Failed checks in a row
alerts-p-hours = Hours without conversions
alerts-p-baseline_days = Days of history
alerts-p-for_seconds = Holds for
alerts-p-window_minutes = Window
alerts-p-window_hours = Window
alerts-p-fire_ratio = Fires at
alerts-p-resolve_ratio = Recovers at
alerts-p-min_baseline_clicks = Minimum usual clicks
alerts-p-min_clicks = Minimum clicks
alerts-p-fire_below = Fires below
alerts-p-resolve_above = Recovers at
alerts-p-min_cost = Minimum cost
alerts-p-fire_above = Fires above
alerts-p-resolve_below = Recovers at
alerts-p-min_conversions = Minimum conversions
alerts-p-fire_at = Fires at
alerts-p-resolve_at = Recovers at
alerts-p-campaigns = Campaigns disabled or archived
alerts-p-flows = Flows disabled or archived
alerts-p-offer_caps = Offer daily caps reached
alerts-p-severity = Severity
alerts-on = on
alerts-off = off
alerts-u-s = s
alerts-u-min = min
alerts-u-h = h
alerts-u-d = d
alerts-u-none = at once

## Questions of the guided flow
alerts-q-tracker_down-failures = How many checks in a row must fail before the alert fires? One check runs every tick of the alert engine.
alerts-q-no_conversions-hours = How many recent hours without a single conversion should count as a problem?
alerts-q-no_conversions-baseline_days = How many previous days (the same hours of each) tell how many conversions to expect?
alerts-q-no_conversions-for_seconds = How long must it stay like this before the alert fires? (0 = at once)
alerts-q-traffic_drop-window_minutes = Over which recent window should clicks be counted?
alerts-q-traffic_drop-fire_ratio = Fire when clicks fall to what share of the same window a week ago (or lower)?
alerts-q-traffic_drop-resolve_ratio = Count it as recovered when clicks are back at what share of usual (or higher)?
alerts-q-traffic_drop-min_baseline_clicks = Judge only when the usual number of clicks in the window is at least:
alerts-q-traffic_drop-for_seconds = How long must the drop last before the alert fires? (0 = at once)
alerts-q-traffic_spike-window_minutes = Over which recent window should clicks be counted?
alerts-q-traffic_spike-fire_ratio = Fire when clicks reach how many times the same window a week ago (or more)?
alerts-q-traffic_spike-resolve_ratio = Count it as recovered when clicks are back to how many times usual (or fewer)?
alerts-q-traffic_spike-min_clicks = Judge only when the window has at least this many clicks:
alerts-q-traffic_spike-for_seconds = How long must the spike last before the alert fires? (0 = at once)
alerts-q-roi_below-window_hours = Over which recent window should ROI be computed?
alerts-q-roi_below-fire_below = Fire when ROI, in %, is below:
alerts-q-roi_below-resolve_above = Count it as recovered when ROI, in %, is back at or above:
alerts-q-roi_below-min_cost = Judge only when the cost in the window is at least:
alerts-q-roi_below-for_seconds = How long must ROI stay low before the alert fires? (0 = at once)
alerts-q-cr_below-window_hours = Over which recent window should CR be computed?
alerts-q-cr_below-fire_below = Fire when CR, in %, is below:
alerts-q-cr_below-resolve_above = Count it as recovered when CR, in %, is back at or above:
alerts-q-cr_below-min_clicks = Judge only when the window has at least this many clicks:
alerts-q-cr_below-for_seconds = How long must CR stay low before the alert fires? (0 = at once)
alerts-q-rejected_share-window_hours = Over which recent window should conversions be counted?
alerts-q-rejected_share-fire_above = Fire when the rejected share, in %, is above:
alerts-q-rejected_share-resolve_below = Count it as recovered when the rejected share, in %, is back at or below:
alerts-q-rejected_share-min_conversions = Judge only when the window has at least this many conversions:
alerts-q-rejected_share-for_seconds = How long must it stay high before the alert fires? (0 = at once)
alerts-q-postback_problems-window_minutes = Over which recent window should bad postback lines be counted?
alerts-q-postback_problems-fire_at = Fire when the window has at least this many bad lines:
alerts-q-postback_problems-for_seconds = How long must it stay like this before the alert fires? (0 = at once)
alerts-q-object_changed-campaigns = Tell when a campaign is disabled or archived?
alerts-q-object_changed-flows = Tell when a flow is disabled or archived?
alerts-q-object_changed-offer_caps = Tell when an offer reaches its daily cap?
alerts-hint-int = Send a whole number, or press the button to keep it.
alerts-hint-num = Send a number, or press the button to keep it.
alerts-hint-money = Send an amount in the tracker's currency, e.g. <code>50</code>, or press the button to keep it.
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
alerts-err-pair-above = “{ $field }” must be above “{ $other }” ({ $value }), so the alert does not flap. Send a larger value, or go back and change “{ $other }”.
alerts-err-pair-below = “{ $field }” must be below “{ $other }” ({ $value }), so the alert does not flap. Send a smaller value, or go back and change “{ $other }”.
alerts-err-baseline = At least one day of history is needed to know what to expect. Send 1 or more.
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
alerts-list-no-rules = No rules yet. Press “➕ New rule” to watch this tracker: it takes a minute, every value has a sensible default.
alerts-open-line = { $icon } <b>{ $name }</b>{ $where } — for { $age }, value { $value }{ $extra }
alerts-open-acked = ✅ { $name }
alerts-open-snoozed = 💤 until { $until }
alerts-rule-line = { $icon } { $title } · { $scope } · { $severity }{ $flags }
    { "  " }{ $state }
alerts-flag-off = ⏸ off
alerts-flag-muted = 🔕 muted until { $until }
alerts-flag-muted-forever = 🔕 muted
alerts-more = … and { $count } more
alerts-st-disabled = switched off
alerts-st-new = not checked yet
alerts-st-ok = 🟢 OK
alerts-st-pending = { $count ->
    [one] 🟡 condition holds, waiting for “holds for”
   *[other] 🟡 condition holds in { $count } scopes, waiting for “holds for”
}
alerts-st-firing = { $count ->
    [one] 🔴 firing
   *[other] 🔴 firing in { $count } scopes
}
alerts-st-error = ⚠️ cannot check: { $why }
alerts-st-notes = { $count } of { $total }: { $note }
alerts-btn-new = ➕ New rule

## /alerts: one rule
alerts-card-head = 📏 <b>{ $name }</b>
alerts-card-kind = <i>{ $kind }</i>: { $about }
alerts-card-scope = Watches: { $scope }
alerts-card-severity = Severity: { $severity }
alerts-card-disabled = ⏸ Switched off: it is not checked.
alerts-card-muted = { $what }: checked, but no messages.
alerts-card-state = Now: { $state }
alerts-state-line = { $icon } { $scope }: { $value }{ $note }
alerts-scope-tracker = the whole tracker
alerts-scope-each = every campaign, each on its own
alerts-scope-sum = all campaigns together
alerts-scope-campaign = campaign “{ $name }”
alerts-scope-campaign-id = campaign #{ $id }
alerts-scope-flow-id = flow #{ $id }
alerts-scope-offer-id = offer #{ $id }
alerts-btn-preview = 🔍 Preview
alerts-btn-edit = ✏️ Edit
alerts-btn-disable = ⏸ Switch off
alerts-btn-enable = ▶️ Switch on
alerts-btn-delete = 🗑 Delete
alerts-btn-delete-yes = 🗑 Yes, delete
alerts-btn-mute-1h = 🔕 1 h
alerts-btn-mute-24h = 🔕 24 h
alerts-btn-mute-forever = 🔕 Until unmuted
alerts-btn-unmute = 🔔 Unmute
alerts-enabled = ▶️ “{ $name }” is switched on.
alerts-disabled = ⏸ “{ $name }” is switched off; its open alerts close quietly.
alerts-muted-card = 🔕 “{ $name }” is muted. /silences lists mutes and ends them early.
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
alerts-btn-scope-each = 🌐 Every campaign, each on its own
alerts-btn-scope-sum = Σ All campaigns together
alerts-btn-scope-tracker = 🌐 The whole tracker
alerts-btn-scope-campaign = 🎯 Pick a campaign
alerts-campaign-ask = Which campaign?
alerts-no-campaigns = The tracker has no campaigns. Go back and watch the whole tracker.
alerts-btn-keep = ✅ Keep { $value }
alerts-btn-on = On
alerts-btn-off = Off
alerts-severity-ask = How urgent is it?
alerts-summary-head = 📏 <b>{ $name }</b> — check and save:
alerts-btn-save = 💾 Save
alerts-btn-change = ✏️ Change values
alerts-saved = ✅ Rule “{ $name }” saved. It is checked from the next tick.
alerts-saved-toast = Saved

## Preview
alerts-prev-title = 🔍 <b>Now:</b>
alerts-prev-line = • { $scope }: { $value } — { $status }
alerts-prev-fire = ⚠️ would fire
alerts-prev-ok = fine
alerts-prev-for = It fires only after the condition holds for { $duration }.
alerts-prev-nothing = 🔍 Nothing to judge yet (no campaigns, flows or offers found).
alerts-prev-failed = 🔍 The preview failed. Try again in a minute.

## Notes on a rule's state
alerts-note-not_enough_traffic = not enough traffic to judge
alerts-note-not_enough_spend = not enough spend to judge
alerts-note-not_enough_conversions = not enough conversions to judge
alerts-note-no_baseline = no history to compare with yet
alerts-note-no_data = no data
alerts-note-bad_params = the rule's values are invalid: edit them
alerts-note-error = the tracker's API fails ({ $failure })
alerts-note-other = { $note }
alerts-fail-cloudflare = Cloudflare blocks the requests
alerts-fail-html = a web page instead of the API (HTML)
alerts-fail-5xx = server error (5xx)
alerts-fail-401 = the API key was rejected (401)
alerts-fail-402 = the edition has no Admin API (402)
alerts-fail-403 = the key has no rights (403)
alerts-fail-timeout = no answer in time
alerts-fail-refused = connection refused
alerts-fail-dns = the host name does not resolve
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
    [one] 🔁 Repeated once · last value { $value }
   *[other] 🔁 Repeated { $count } times · last value { $value }
}
alerts-msg-changed = 📈 Value now { $value } (was { $first })
alerts-msg-acked = ✅ Acknowledged by { $name } at { $at }
alerts-msg-snoozed = 💤 Snoozed until { $until } ({ $tz })
alerts-msg-muted = 🔕 Rule muted until { $until } ({ $tz })
alerts-msg-muted-forever = 🔕 Rule muted until unmuted
alerts-msg-still = 🔁 <b>Still firing</b>
alerts-msg-escalated = ⏫ <b>Escalated:</b> nobody acknowledged it for { $age }.
alerts-msg-resolved = ✅ <b>RESOLVED</b> · { $tracker }
alerts-msg-lasted = ⏱ Lasted { $duration } ({ $start } – { $end }, { $tz })
alerts-msg-worst = Worst value: { $worst } · last: { $last }
alerts-msg-closed-disabled = The rule was switched off.
alerts-msg-unrouted = ℹ️ You get this because nobody else hears this tracker's alerts. To send them to the team: /subscribe in the team chat, or set a rotation in /oncall.
alerts-tracker-key-unreadable = ⚠️ <b>{ $tracker }</b>: alert rules are not being checked — I cannot read the tracker's stored Admin API key with the bot's current SECRET_KEY. Enter the key again: /trackers → { $tracker } → 🔑 Replace API key.
alerts-what-value = Value: { $value }.
alerts-what-tracker_down = The Admin API failed { $failures } checks in a row: { $failure }.
alerts-what-no_conversions = No conversions in the last { $window }, although about { $expected } were expected ({ $clicks } clicks).
alerts-what-traffic_drop = { $clicks } clicks in the last { $window }: { $ratio } of the usual { $baseline } (fires at { $threshold } or less).
alerts-what-traffic_spike = { $clicks } clicks in the last { $window }: { $ratio } the usual { $baseline } (fires at { $threshold } or more).
alerts-what-roi_below = ROI over the last { $window } is { $roi } (fires below { $threshold }): cost { $cost }, revenue { $revenue }.
alerts-what-cr_below = CR over the last { $window } is { $cr } (fires below { $threshold }): { $conversions } conversions from { $clicks } clicks.
alerts-what-rejected_share = { $share } of conversions rejected in the last { $window } (fires above { $threshold }): { $rejected } of { $conversions }.
alerts-what-postback_problems = { $bad } postbacks with “SubID not found” or an unknown status in the last { $window } (fires at { $threshold }).
alerts-what-object-campaign = Campaign “{ $name }” is now { $state } (was { $was }).
alerts-what-object-flow = Flow “{ $name }” is now { $state } (was { $was }).
alerts-what-offer-cap = Offer “{ $name }” reached its daily cap: { $conversions } of { $cap } conversions today.
alerts-obj-active = active
alerts-obj-disabled = disabled
alerts-obj-archived = archived
alerts-obj-deleted = deleted

## Alert message buttons
alerts-btn-ack = ✅ Ack
alerts-btn-snooze-1h = 💤 1 h
alerts-btn-snooze-4h = 💤 4 h
alerts-btn-snooze-morning = 💤 Until { $time }
alerts-btn-report = 📊 Open report
alerts-btn-pause = ⏸ Pause campaign
alerts-btn-mute = 🔕 Mute this rule…
alerts-btn-back = ⬅️ Back
alerts-acked = ✅ Acknowledged: no more repeats.
alerts-acked-already = Already acknowledged by { $name }.
alerts-snoozed = 💤 Snoozed until { $until } ({ $tz }).
alerts-muted = 🔕 “{ $name }” muted until { $until } ({ $tz }).
alerts-muted-forever = 🔕 “{ $name }” muted until you unmute it (/silences).
alerts-unmuted = 🔔 “{ $name }” unmuted.
alerts-already-resolved = This alert already resolved at { $at } ({ $tz }).
alerts-gone = This alert or its rule was deleted.
alerts-not-allowed = Only the tracker's owner, an admin or the on-call people of this tracker can do that.
alerts-owner-only = Only the tracker's owner can do that: it uses the owner's API key.
alerts-no-campaign = This alert is not about one campaign.

## /silences
alerts-sil-title = 🔕 <b>Silences</b>
alerts-sil-empty = Nothing is snoozed or muted.
alerts-sil-no-trackers = You have no trackers. Connect one with /trackers.
alerts-sil-snoozed = 💤 <b>Snoozed alerts:</b>
alerts-sil-snoozed-line = • { $name } · { $where } — until { $until } ({ $tz })
alerts-sil-muted = 🔕 <b>Muted rules:</b>
alerts-sil-muted-line = • { $name } · { $tracker } — until { $until } ({ $tz })
alerts-sil-muted-forever-line = • { $name } · { $tracker } — until unmuted
alerts-sil-btn-unsnooze = 🔔 End snooze: { $name }
alerts-sil-btn-unmute = 🔔 Unmute: { $name }
alerts-sil-btn-refresh = 🔄 Refresh
alerts-sil-unsnoozed = 🔔 The snooze of “{ $name }” ended.
alerts-sil-gone = It has ended or resolved already.

# where a tracker's alerts go (/alerts, and the first rule of a tracker)
alerts-route-head = 📣 Where the alerts go:
alerts-route-you = • you, in a private chat ({ $severity } and above)
alerts-route-person = • { $person }, in a private chat ({ $severity } and above)
alerts-route-group = • { $title } ({ $severity } and above)
alerts-route-rotation = • critical ones first to whoever is on duty (now { $person }), then to the team
alerts-route-nobody = ⚠️ <b>Nobody is set to hear these alerts</b>, so they come to the tracker's owner in a private chat. Send /subscribe in the team chat, or set a rotation in /oncall.
alerts-route-ask = 🔔 This is the first rule of { $tracker }. Who should hear its alerts?
alerts-route-hint-group = A team chat: add me to the group and send /subscribe there; then it is offered here.
alerts-route-hint-rotation = An on-call rotation: set one up in /oncall.
alerts-route-btn-me = 👤 Me, in a private chat
alerts-route-btn-group = 👥 { $title }
alerts-route-btn-rotation = 🔁 The on-call rotation
alerts-route-now = { $where }
