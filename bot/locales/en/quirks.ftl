## Newer trackers' quirks: Cloudflare 1010, 422
kerr-cloudflare_1010 = { $tracker }: Cloudflare blocked my requests by their User-Agent (error 1010). In Cloudflare allow the agent I send (KEITARO_USER_AGENT, “keitaro-oncall-bot” by default) for the admin address, or ask the bot's admin to set one your Cloudflare lets through.
kerr-validation_422 = { $tracker }: the tracker did not accept the values (422).

## Postback test: live traffic on the card, undoing the test conversion
pb-live-traffic = ⚠️ Campaign “{ $campaign }” has live traffic: { $clicks ->
        [one] { $clicks } click
       *[other] { $clicks } clicks
    } in the last hour. The test conversion goes into its real statistics — undo it after the test (“↩️ Undo the test conversion”).
btn-pb-undo = ↩️ Undo the test conversion
pb-undo-sending = ⏳ Sending “rejected” for this click to { $tracker }…
pb-undo-checking = ⏳ Undoing: I sent the status “rejected” for the same click and tid and am checking the conversions log…
pb-undo-done = ↩️ <b>Undone.</b> Keitaro now shows the test conversion as <b>{ $status }</b> (was { $previous }); it no longer counts as a lead or a sale.
pb-undo-failed = ❌ <b>The undo did not go through</b>: { $reason }
    Press “↩️ Undo the test conversion” to try again.
pb-undo-no-trace = ⏳ <b>Not undone yet</b>: the conversion does not show “rejected” after { $checks ->
        [one] { $checks } check
       *[other] { $checks } checks
    }. Keitaro sometimes records with a delay — press “↩️ Undo the test conversion” again in a minute.
pb-undo-refused-key = the tracker says the postback key is wrong. Check the postback URL of { $tracker } in /trackers.
pb-undo-refused-subid = the tracker says the click ID is missing or invalid.
pb-undo-refused-http = the tracker answered with an error (HTTP { $status }).
pb-undo-refused-html = the address answered with a web page — this is probably not Keitaro's postback URL.
pb-undo-why-subid = Keitaro did not find this click (SubID not found).
pb-undo-why-status = Keitaro did not accept the status “rejected”.
pb-undo-why-transition = Keitaro does not allow this status change.
pb-undo-why-ignored = the status “rejected” is on the ignore list.
pb-undo-why-key = wrong postback key.
audit-postback-undo = undid a test conversion: { $answer }
audit-postback-undo_verdict = test conversion undo verdict: { $verdict }

## /conversions: sales a later postback overwrote
cv-f-was_sale = was a sale (a later postback changed it)
btn-cv-was_sale = 💸 Was a sale
