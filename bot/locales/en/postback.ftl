## Postback test
cmd-postback = Test a postback: send a test conversion and check that Keitaro recorded it
btn-postback = 🧪 Test a postback
pb-step-tracker =
    🧪 <b>Postback test</b>
    On which tracker? (★ is the active one)
pb-step-url =
    🧪 <b>{ $tracker }</b>: I don't know this tracker's postback URL yet.
    Send it once — Keitaro shows it under “Settings → Postback URL”, like <code>https://your-domain/abc1234/postback</code>. I store it encrypted and delete your message.
pb-url-saved = 🔒 Postback URL saved for <b>{ $tracker }</b>: { $url }. I deleted your message with it.
pb-step-click =
    🧪 <b>{ $tracker }</b> — <b>click ID (subid)</b>
    Send the click ID of a real click, or pick a recent one. I fill in the rest (status lead, a new tid) — you can change any field before sending.
    Faster, in one command: <code>/postback CLICK_ID sale 12.5</code>
pb-step-click-pick = 🧪 <b>{ $tracker }</b>: recent clicks, newest first (time · country · campaign). Tap one:
pb-no-recent = No clicks in the last 30 days on { $tracker }. Send a click ID instead.
pb-click-missing =
    ⚠️ Click <code>{ $click }</code> is not in { $tracker }'s click log for the last 30 days.
    If the click does not exist, Keitaro answers “SubID not found” and records nothing. Continue anyway or enter another ID?
pb-click-found = ✅ Click found: { $when } · { $country } · { $campaign }
pb-step-status = 🧪 { $tracker } — <b>status</b> (default: lead). Press a button or send a Keitaro value, e.g. <code>sale</code>.
pb-step-payout =
    🧪 { $tracker } — <b>payout</b>: a number, e.g. <code>12.5</code>. “Skip” sends none.
pb-step-cost = 🧪 { $tracker } — <b>cost</b>: a number, e.g. <code>0.35</code>, or “Skip”.
pb-step-currency = 🧪 { $tracker } — <b>currency</b>. “Skip” uses the tracker's default.
pb-step-currency-other = 🧪 { $tracker } — currency: send a 3-letter ISO code, e.g. <code>GBP</code>.
pb-step-tid =
    🧪 { $tracker } — <b>transaction ID (tid)</b>.
    With the same tid Keitaro updates a conversion; with a new tid it adds another one. Send one, generate a new one, or skip.
pb-step-sub1 = 🧪 { $tracker } — <b>sub_id_1</b>: send a value or “Skip”.
pb-summary =
    🧪 <b>Postback test — { $tracker }</b>
    { $lines }

    <b>I will call</b> (key masked):
    <code>{ $url }</code>

    ⚠️ This records a <b>real conversion</b> in { $tracker }'s statistics. You can change any field: “Edit a field”.
pb-summary-click-missing = ⚠️ this click was not found in the last 30 days
pb-field-click_id = Click ID (subid)
pb-field-status = Status
pb-field-payout = Payout
pb-field-cost = Cost
pb-field-currency = Currency
pb-field-tid = Transaction ID (tid)
pb-field-sub_id_1 = sub_id_1
pb-status-lead = lead
pb-status-sale = sale
pb-status-rejected = rejected
pb-status-rebill = rebill
pb-not-set = —
pb-edit-which = ✏️ Which field do you want to change?
pb-sending = ⏳ Sending the postback to { $tracker }…
pb-result-accepted = 📨 The tracker answered in { $ms } ms: HTTP { $status }, <code>{ $answer }</code> — request accepted (not yet a record).
pb-result = 📨 The tracker answered in { $ms } ms: HTTP { $status }, <code>{ $answer }</code>
pb-checking = ⏳ Checking whether Keitaro recorded it… (check { $n }, { $seconds } s)
pb-verdict-recorded =
    ✅ <b>Recorded.</b> Campaign: { $campaign } · offer: { $offer }
pb-compare-head = Sent → stored:
pb-compare-status = Status: { $sent } → <b>{ $stored }</b>{ $previous }
pb-compare-amount = Payout: { $sent } → <b>{ $stored }</b>
pb-verdict-previous = {" "}(was { $previous })
pb-verdict-refused-subid = ❌ <b>Not recorded</b>: Keitaro did not find this click (SubID not found).
pb-verdict-refused-status = ❌ <b>Not recorded</b>: Keitaro does not know this status.
pb-verdict-refused-transition = ❌ <b>Not recorded</b>: Keitaro does not allow this status change.
pb-verdict-refused-ignored = ❌ <b>Not recorded</b>: this status is on the ignore list.
pb-verdict-refused-key = ❌ <b>Not recorded</b>: wrong postback key.
pb-verdict-log = Tracker's log: <code>{ $line }</code>
pb-verdict-wrong-key = ❌ <b>Not recorded</b>: the tracker says the postback key is wrong. Check the postback URL of { $tracker } in /trackers.
pb-verdict-no-subid = ❌ <b>Not recorded</b>: the tracker says the click ID is missing or invalid.
pb-verdict-http = ❌ <b>Not recorded</b>: the tracker answered with an error (HTTP { $status }).
pb-verdict-html = ❌ <b>Not recorded</b>: the address answered with a web page — this is probably not Keitaro's postback URL.
pb-verdict-no-trace = ⏳ <b>No conversion yet</b>: I checked { $checks ->
        [one] { $checks } time
       *[other] { $checks } times
    }. Keitaro sometimes records with a delay — press “Check again” in a minute.
pb-verdict-interrupted = 🤷 The check was interrupted: I restarted. Press “Check again”.
pb-send-failed = ❌ The postback did not reach { $tracker }: { $reason }
pb-details-title = 🧾 <b>Details</b> (keys masked)
btn-pb-recent = 🕘 Recent clicks
btn-pb-continue = ➡️ Continue anyway
btn-pb-reenter = ✏️ Another ID
btn-pb-other = Other…
btn-pb-generate = 🎲 New tid
btn-pb-send = 🚀 Send
btn-pb-edit = ✏️ Edit a field
btn-pb-details = 🧾 Details
btn-pb-repeat = 🔁 Repeat
btn-pb-done = ✅ Done
btn-pb-check-again = 🔄 Check again
pb-err-click-empty = The click ID is empty. Send the click ID (subid).
pb-err-click-spaces = A click ID has no spaces.
pb-err-click-long = The click ID is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
pb-err-click-chars = A click ID is letters, digits and - _ . : ~
pb-err-amount-nan = This is not a number. Send something like 12.5.
pb-err-amount-negative = The amount can't be negative.
pb-err-amount-absurd = More than { $max } — looks like a typo. Send the amount again.
pb-err-amount-precision = At most four digits after the decimal point.
pb-err-currency-format = A currency is three Latin letters, e.g. USD or GBP.
pb-err-currency-unknown = { $code } is not an ISO currency code. For example: USD, EUR, RUB.
pb-err-status = There is no such status. Press a button or send one of: { $statuses }.
pb-err-text = Send a single line of text.
pb-err-text-long = That is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }.
pb-err-no-trackers = You have no trackers yet. Add one first: /trackers.
pb-err-usage = Usage: <code>/postback CLICK_ID [status] [payout]</code>, e.g. <code>/postback abc123 sale 12.5</code>
pb-err-lookup = Could not check the click: { $reason }
pb-err-url = This is not a Keitaro postback URL. It looks like https://your-domain/abc1234/postback — send it again.
