# Automations (issue 17): a rule's action on its alert — what the alert's message says about it,
# its buttons, and the action step of making a rule.

auto-msg-propose = 🤖 The rule proposes: pause campaign “{ $campaign }”. One tap on ⏸ Pause now shows the confirmation.
auto-msg-scheduled = 🤖 I will pause campaign “{ $campaign }” in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} unless someone acknowledges the alert or taps ▶️ Keep running.
auto-msg-waiting = 🤖 Pausing campaign “{ $campaign }” is due, but the tracker’s API is failing: I wait until it answers again.
auto-msg-done = 🤖 I paused campaign “{ $campaign }” at { $at } ({ $tz }), as the rule “{ $rule }” says. ↩️ Undo switches it back on.
auto-msg-undone = ↩️ { $name } switched campaign “{ $campaign }” back on.
auto-msg-cancelled-ack = 🤖 No automatic pause: { $name } acknowledged the alert.
auto-msg-cancelled-keep = 🤖 No automatic pause: { $name } chose to keep the campaign running.
auto-msg-dry-run = 🧪 Dry run: I would have paused campaign “{ $campaign }” now. Nothing was changed.
auto-msg-limited = 🤖 Not paused automatically: { $limit ->
    [one] { $limit } automatic pause
   *[other] { $limit } automatic pauses
} per hour is this tracker’s limit, and it is reached. I propose it instead: ⏸ Pause now.
auto-msg-refused-role = 🤖 Not paused automatically: the rule’s author may no longer switch campaigns on this tracker. ⏸ Pause now if you agree.
auto-msg-refused-read-only = 🤖 Not paused automatically: the tracker is connected read-only.
auto-msg-refused-scope = 🤖 Not paused automatically: campaign “{ $campaign }” is not among the campaigns of the rule’s author. ⏸ Pause now if you agree.
auto-msg-skipped = 🤖 Nothing to pause: campaign “{ $campaign }” was not running any more.
auto-msg-failed = 🤖 The automatic pause of campaign “{ $campaign }” failed (error “{ $code }”). ⏸ Pause now tries again with a confirmation.

auto-btn-pause-now = ⏸ Pause now
auto-btn-keep = ▶️ Keep running
auto-btn-undo = ↩️ Undo

auto-kept = ▶️ Kept running: no automatic pause for this alert.
auto-keep-late = Nothing is waiting to be paused any more.
auto-undo-done = ↩️ Campaign “{ $campaign }” runs again.
auto-undo-gone = There is nothing to undo any more.

# making a rule: templates and the action
auto-tpl-ask = 🤖 Or a template that also proposes the fix:
auto-tpl-spend_no_conversions = 🤖 Spend without conversions → pause
auto-tpl-roi_below_spend = 🤖 ROI below X with enough spend → pause
auto-tpl-spend_no_conversions-name = Spend without conversions
auto-tpl-roi_below_spend-name = ROI below with enough spend
auto-btn-action = 🤖 Action
auto-action-ask = 🤖 What should the rule do about a campaign it alerts on?
auto-card-action = 🤖 Action: { $action }
auto-mode-none = only alert
auto-mode-propose = propose pausing the campaign (one tap to confirm)
auto-mode-auto = pause the campaign after { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} unless someone acknowledges
auto-mode-dry-run = dry run: say what it would pause, change nothing
auto-btn-mode-none = 🔔 Only alert
auto-btn-mode-propose = ⏸ Propose a pause
auto-btn-mode-auto = ⏱ Pause after { $minutes } min unacknowledged
auto-btn-mode-dry-run = 🧪 Dry run

# the tracker's audit (📋 Audit): automatic writes are in the rule author's name
audit-automation-pause = paused campaign #{ $id } automatically, by the rule “{ $rule }” (alert #{ $alert }; result: { $result })
audit-automation-undo_pause = switched campaign #{ $id } back on after the rule “{ $rule }” paused it (↩️ Undo)
audit-automation-cancel = kept a campaign running: no automatic pause by the rule “{ $rule }” (alert #{ $alert })
audit-rule-action = set the action of the alert rule “{ $rule }”: { $mode }

# the offer's share → 0 (a rule watching offer caps): the same sentences about an offer
auto-tpl-offer_cap_zero = 🤖 Offer cap reached → share to 0
auto-tpl-offer_cap_zero-name = Offer cap reached → share to 0
auto-action-ask-offer = 🤖 What should the rule do when an offer reaches its daily cap? Its share in the flows can go to the other offers of each flow (a flow where it is the only offer is left alone).
auto-mode-offer-auto = set the offer’s share to 0 in its flows after { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} unless someone acknowledges
auto-mode-offer-propose = only alert
auto-mode-offer-dry-run = dry run: say which flows it would change, change nothing
auto-btn-offer-auto = ⏱ Share → 0 after { $minutes } min unacknowledged
auto-offer-propose = 🤖 The rule proposes: set offer “{ $campaign }”’s share to 0 in its flows.
auto-offer-scheduled = 🤖 I will set offer “{ $campaign }”’s share to 0 in its flows in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} unless someone acknowledges the alert or taps ▶️ Keep running.
auto-offer-waiting = 🤖 Setting offer “{ $campaign }”’s share to 0 is due, but the tracker’s API is failing: I wait until it answers again.
auto-offer-done = 🤖 I set offer “{ $campaign }”’s share to 0 in its flows at { $at } ({ $tz }), as the rule “{ $rule }” says; the other offers took its share. ↩️ Undo puts the shares back.
auto-offer-undone = ↩️ { $name } put the shares of offer “{ $campaign }” back.
auto-offer-cancelled-ack = 🤖 No automatic change: { $name } acknowledged the alert.
auto-offer-cancelled-keep = 🤖 No automatic change: { $name } chose to keep the offer’s share.
auto-offer-dry-run = 🧪 Dry run: I would have set offer “{ $campaign }”’s share to 0 in its flows now. Nothing was changed.
auto-offer-limited = 🤖 Not changed automatically: { $limit ->
    [one] { $limit } automatic change
   *[other] { $limit } automatic changes
} per hour is this tracker’s limit, and it is reached. If you agree, change the flows’ shares from /campaigns.
auto-offer-refused-role = 🤖 Not changed automatically: the rule’s author may no longer switch campaigns on this tracker.
auto-offer-refused-read-only = 🤖 Not changed automatically: the tracker is connected read-only.
auto-offer-refused-scope = 🤖 Not changed automatically: offer “{ $campaign }” is not among what the rule’s author may change.
auto-offer-skipped = 🤖 Nothing to change: no running flow sends offer “{ $campaign }” traffic next to another offer.
auto-offer-failed = 🤖 Setting offer “{ $campaign }”’s share to 0 failed (error “{ $code }”).
auto-undo-offer-done = ↩️ The shares of offer “{ $campaign }” are back.
audit-automation-offer_share_zero = set offer #{ $id }’s share to 0 in its flows automatically, by the rule “{ $rule }” (alert #{ $alert }; result: { $result })
audit-automation-undo_offer_share_zero = put the shares of offer #{ $id } back after the rule “{ $rule }” changed them (↩️ Undo)
