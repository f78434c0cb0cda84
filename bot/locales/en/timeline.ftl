# Incident timeline and alert history (issue 19, part 5)
tl-btn-timeline = 📜 Timeline
tl-btn-earlier = ◀️ Earlier
tl-btn-later = Later ▶️
tl-btn-pm-text = 📝 Send as post-mortem text
tl-btn-pm-file = 📎 Send as a file
tl-btn-history = 📚 History
tl-btn-history-back = ⬅️ Alerts
tl-head = 📜 <b>Timeline</b> · { $tracker }
tl-times = Times in { $tz }.
tl-earlier-hidden = … { $count ->
    [one] 1 earlier event
   *[other] { $count } earlier events
} above (◀️ Earlier)
tl-later-hidden = … { $count ->
    [one] 1 later event
   *[other] { $count } later events
} below (Later ▶️)
tl-ev-fired = 🔥 Fired
tl-ev-fired-value = 🔥 Fired: { $value }
tl-ev-notified = 📨 Sent to { $chats }
tl-ev-acked = ✅ Acked by { $name }
tl-ev-snoozed = 💤 { $name } snoozed it { $until }
tl-ev-unsnoozed = 🔔 { $name } ended the snooze
tl-ev-muted = 🔕 { $name } muted the rule { $until }
tl-ev-muted-forever = 🔕 { $name } muted the rule until unmuted
tl-ev-unmuted = 🔔 { $name } unmuted the rule
tl-ev-escalated = 📣 Escalated (step { $step }): { $chats ->
    [one] 1 chat told
   *[other] { $chats } chats told
}
tl-ev-auto-pause = ⏸ Campaign { $campaign } disabled automatically
tl-ev-auto-offer = ⏸ Offer { $campaign } set to 0 % automatically
tl-ev-auto-failed = ⚠️ The automatic pause of { $campaign } failed
tl-ev-undo = ↩️ { $name } switched { $campaign } back on
tl-ev-keep = ▶️ { $name }: keep running, no automatic pause
tl-ev-disabled = ⏸ { $name } disabled campaign { $campaign }
tl-ev-enabled = ▶️ { $name } enabled campaign { $campaign }
tl-ev-action = ⚙️ { $what }
tl-ev-note = 📝 { $name }: { $text }
tl-ev-resolved = ✅ Resolved
tl-ev-resolved-value = ✅ Resolved: { $value }
tl-ev-reopened = 🔁 Opened again
tl-someone = someone
tl-gone = This alert is gone (its rule was deleted).
tl-not-allowed = You cannot see this alert: it is not about your campaigns, or you are not on this tracker's team.
tl-pm-resolved-only = A post-mortem is ready once the alert is resolved.
tl-pm-head = Post-mortem: { $rule }
tl-pm-tracker = Tracker: { $tracker }
tl-pm-campaign = Campaign: { $name }
tl-pm-fired = Fired: { $at } ({ $tz })
tl-pm-resolved = Resolved: { $at } · lasted { $duration }
tl-pm-open = Still open after { $duration }
tl-pm-worst = Worst value: { $worst } · at the end: { $last }
tl-pm-told = Who was told: { $chats }
tl-pm-told-nobody = Who was told: nobody (no message was delivered)
tl-pm-acked = Acked by { $name } at { $at }, { $after } after it fired
tl-pm-not-acked = Nobody acked it
tl-pm-actions = Actions:
tl-pm-no-actions = Actions: none
tl-pm-notes = Notes:
tl-pm-no-notes = Notes: none
tl-pm-timeline = Timeline ({ $tz }):
tl-pm-cut = … the rest is in the file: 📎 Send as a file
tl-pm-file-caption = 📎 Post-mortem: { $rule }
tl-note-added = 📝 Note added to the timeline.
tl-note-too-long = ⚠️ This note is too long: { $length } characters, at most { $limit }. Reply to the alert again with a shorter note.
tl-note-empty = ⚠️ A note needs text: reply to the alert message with words (photos and stickers are not kept).
tl-note-not-allowed = ⚠️ I did not add this to the timeline: you are not on the team of this alert's tracker (or it is not about your campaigns).
tl-note-gone = ⚠️ This alert is gone (its rule was deleted): there is no timeline to add to.
tl-hist-head = 📚 <b>History</b> · { $tracker } · the last { $days } days
tl-hist-empty = No alerts in the last { $days } days.
tl-hist-count = { $count ->
    [one] 1 alert
   *[other] { $count } alerts
}, newest first. Tap one to see its timeline.
tl-hist-line = { $icon } <b>{ $rule }</b>{ $scope }
tl-hist-when = { $opened } · { $duration }
tl-hist-when-open = { $opened } · still open ({ $duration })
tl-hist-acked = ✅ { $name }
tl-hist-not-acked = nobody acked
tl-hist-back = ⬅️ History
