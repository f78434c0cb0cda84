## /logs — the tracker's postback logs
logs-name-postbacks = Postbacks log
logs-name-sent_postbacks = Sent postbacks log
logs-head = 📜 <b>{ $log } — { $tracker }</b>
logs-searching = 🔎 Search: “{ $query }”
logs-page = Page { $page } · lines { $first }–{ $last }, newest first
logs-loading = ⏳ Reading the log…
logs-hint = <i>Send a click ID (subid) or any text to search; “-” clears the search.</i>
logs-empty-postbacks = The log is empty: the tracker has not received a postback lately (or the log was cleared). If you just sent one, refresh in a few seconds; if nothing appears, the postback did not reach this tracker — check the postback URL in the affiliate network.
logs-empty-sent_postbacks = The tracker has not sent any postbacks lately. It sends them only for campaigns with S2S postbacks set up (campaign → S2S postbacks).
logs-nothing-postbacks = No lines with “{ $query }”. If you just sent the postback, refresh in a few seconds; if it never appears, the postback did not reach this tracker — check the postback URL in the affiliate network.
logs-nothing-sent_postbacks = No sent postbacks with “{ $query }”. The tracker sends one when a conversion arrives in a campaign with S2S postbacks set up — check the campaign's S2S postbacks, or look for the conversion in the received postbacks log.
logs-empty-page = No more lines here. Go back with ◀ or press “🔄 Refresh”.
logs-ask = 🔎 <b>{ $log } — { $tracker }</b>
    Send the click ID (subid) or any text to look for, up to { $max } { $max ->
        [one] character
       *[other] characters
    }. Send “-” to clear the search.
logs-ask-current = Searching for: “{ $current }”.
logs-err-long = That is { $length } { $length ->
        [one] character
       *[other] characters
    }; a search can be at most { $max }. Send a shorter piece, such as the click ID alone.
btn-logs-postbacks = 📥 Received
btn-logs-sent_postbacks = 📤 Sent
btn-logs-search = 🔎 Search
btn-logs-clear = ✖️ Clear search
btn-logs-refresh = 🔄 Refresh
