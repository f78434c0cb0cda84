## Postback test
cmd-postback = Test a postback: send a test conversion and check Keitaro recorded it
btn-postback = 🧪 Test a postback
pb-step-tracker =
    🧪 <b>Postback test</b>
    Which tracker? (★ is the active one)
pb-step-url =
    🧪 <b>{ $tracker }</b>: no postback URL saved yet.
    Send it once — Keitaro shows it under Settings → Postback URL, like <code>https://your-domain/abc1234/postback</code>. I store it encrypted and delete your message.
pb-url-saved = 🔒 Postback URL saved for <b>{ $tracker }</b>: { $url }. Your message with it was deleted.
pb-step-click =
    🧪 <b>{ $tracker }</b> — 1/7 <b>click ID</b> (Keitaro's <code>subid</code>)
    Send the click ID of a real click, or pick a recent one.
pb-step-click-pick = 🧪 <b>{ $tracker }</b>: recent clicks (newest first). Tap one:
pb-no-recent = No clicks in the last 30 days on { $tracker }. Send a click ID instead.
pb-click-missing =
    ⚠️ Click <code>{ $click }</code> is not in { $tracker }'s clicks log for the last 30 days.
    Keitaro will answer “SubID not found” unless the click exists. Continue anyway or enter another ID?
pb-click-found = ✅ Click found: { $when } · { $campaign } · { $country }
pb-step-status = 🧪 { $tracker } — 2/7 <b>status</b> (default: lead)
pb-step-payout =
    🧪 { $tracker } — 3/7 <b>payout</b>: a number like <code>12.5</code> or <code>12,5</code>. Skip to send none.
pb-step-cost = 🧪 { $tracker } — 4/7 <b>cost</b>: a number, or Skip.
pb-step-currency = 🧪 { $tracker } — 5/7 <b>currency</b>. Skip to use the tracker's default.
pb-step-currency-other = 🧪 { $tracker } — currency: send a 3-letter ISO code, e.g. <code>GBP</code>.
pb-step-tid =
    🧪 { $tracker } — 6/7 <b>transaction ID</b> (tid).
    The same tid updates a conversion; a new tid adds another one. Send one, generate a unique one, or Skip.
pb-step-sub1 = 🧪 { $tracker } — 7/7 <b>sub_id_1</b>: send a value or Skip.
pb-summary =
    🧪 <b>Postback test — { $tracker }</b>
    { $lines }

    <b>URL that will be called</b> (key masked):
    <code>{ $url }</code>

    ⚠️ This records a <b>real conversion</b> in { $tracker }'s statistics.
pb-summary-click-missing = ⚠️ this click was not found in the last 30 days
pb-field-click_id = Click ID
pb-field-status = Status
pb-field-payout = Payout
pb-field-cost = Cost
pb-field-currency = Currency
pb-field-tid = Transaction ID
pb-field-sub_id_1 = sub_id_1
pb-not-set = —
pb-edit-which = ✏️ Which field do you want to change?
pb-sending = ⏳ Sending the postback to { $tracker }…
pb-result =
    📨 <b>Sent</b> to { $tracker }: HTTP { $status } in { $ms } ms
    Tracker's answer: <code>{ $answer }</code>
pb-checking = ⏳ Checking that Keitaro recorded it… (check { $n }, { $seconds } s)
pb-verdict-recorded =
    ✅ <b>Recorded.</b> Keitaro stored: status <b>{ $status }</b>{ $previous }, revenue { $revenue } { $currency }
    Campaign: { $campaign } · Offer: { $offer }
pb-verdict-previous = {" "}(was { $previous })
pb-verdict-refused-subid = ❌ <b>Not recorded</b>: Keitaro did not find this click (SubID not found).
pb-verdict-refused-status = ❌ <b>Not recorded</b>: Keitaro does not know this status.
pb-verdict-refused-transition = ❌ <b>Not recorded</b>: Keitaro does not allow this status change.
pb-verdict-refused-ignored = ❌ <b>Not recorded</b>: the status is on the ignore list.
pb-verdict-refused-key = ❌ <b>Not recorded</b>: wrong postback key.
pb-verdict-log = Tracker's log: <code>{ $line }</code>
pb-verdict-wrong-key = ❌ <b>Not recorded</b>: the tracker says the postback key is wrong. Check the postback URL saved for { $tracker } (/trackers).
pb-verdict-no-subid = ❌ <b>Not recorded</b>: the tracker says the click ID is missing or invalid.
pb-verdict-http = ❌ <b>Not recorded</b>: the tracker answered with an error (HTTP { $status }).
pb-verdict-html = ❌ <b>Not recorded</b>: the address answered with a web page — the postback URL is probably not Keitaro's.
pb-verdict-no-trace = 🤷 <b>No trace yet</b> after { $checks } checks. Keitaro may still be processing it — check again in a minute.
pb-verdict-interrupted = 🤷 The check was interrupted (the bot restarted). Press “Check again”.
pb-send-failed = ❌ The postback did not reach { $tracker }: { $reason }
pb-details-title = 🔎 <b>Details</b> (keys masked)
btn-pb-recent = 🕘 Pick a recent click
btn-pb-continue = ➡️ Continue anyway
btn-pb-reenter = ✏️ Enter another ID
btn-pb-other = Other…
btn-pb-generate = 🎲 Generate test-…
btn-pb-send = 🚀 Send
btn-pb-edit = ✏️ Edit a field
btn-pb-details = 🔎 Details
btn-pb-repeat = 🔁 Repeat with changes
btn-pb-done = ✅ Done
btn-pb-check-again = 🔄 Check again
pb-err-click-empty = The click ID is empty.
pb-err-click-spaces = A click ID has no spaces.
pb-err-click-long = The click ID is too long (at most { $max } characters).
pb-err-click-chars = A click ID has only letters, digits and - _ . : ~
pb-err-amount-nan = This is not a number. Send something like 12.5 or 12,5.
pb-err-amount-negative = The amount can't be negative.
pb-err-amount-absurd = That is more than { $max } — surely a typo?
pb-err-amount-precision = At most 4 digits after the decimal point.
pb-err-currency-format = A currency is 3 letters, e.g. USD or GBP.
pb-err-currency-unknown = { $code } is not an ISO currency code.
pb-err-status = The status is one of: { $statuses }.
pb-err-text = Send a single line of text.
pb-err-text-long = That is too long (at most { $max } characters).
pb-err-no-trackers = You have no trackers yet. Add one with /trackers first.
pb-err-usage = Usage: /postback &lt;click_id&gt; [status] [payout]
pb-err-lookup = Could not look the click up: { $reason }
pb-err-url = This is not a Keitaro postback URL. It looks like https://your-domain/abc1234/postback — send it again.
