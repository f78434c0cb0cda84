## Conversions and clicks (shared)
tr-loading = ⏳ Loading…
tr-status-lead = lead
tr-status-sale = sale
tr-status-rejected = rejected
tr-status-rebill = rebill
tr-page = Page { $page }/{ $pages }
tr-page-empty = This page is empty now: the list got shorter. Go back with ◀ or press “🔄 Refresh”.
tr-refreshed = Refreshed
btn-tr-refresh = 🔄 Refresh
tr-err-empty = The value is empty. Send it again.
tr-err-line = Send one value on one line (you sent “{ $value }…”).
tr-err-long = That value is { $length } { $length ->
        [one] character
       *[other] characters
    } long; at most { $max } fit. You sent: <code>{ $value }</code>
## /conversions
cv-count = 💰 { $count ->
        [one] { $count } conversion
       *[other] { $count } conversions
    }
cv-empty = No conversions in this range. Try a longer range (📅 Range).
cv-empty-filtered = No conversions match these filters in this range. Try a longer range or fewer filters.
cv-f-status = Status: { $value }
cv-f-campaign = Campaign: { $value }
cv-f-offer = Offer: { $value }
cv-f-sub_id = click ID (subid): <code>{ $value }</code>
cv-f-tid = tid: <code>{ $value }</code>
cv-filters-none = No filters: every conversion of the range.
cv-any = any
btn-cv-range = 📅 Range
btn-cv-filters = 🔎 Filters
btn-cv-clear = 🧹 Clear filters
btn-cv-csv = 📄 CSV
btn-cv-show = 📋 Show conversions
btn-cv-any = Any
btn-cv-remove = 🧹 Remove this filter
btn-cv-campaign = 🎯 Campaign
btn-cv-offer = 🎁 Offer
btn-cv-sub_id = 🆔 Click ID
btn-cv-tid = 🔖 tid
cv-range-ask = 📅 <b>{ $tracker }</b> — conversions for which range? Now: { $current }.
cv-filters-head = 🔎 <b>Filters</b> — { $tracker }
    { $summary }
    Tap a status (tap it again to drop it), choose a campaign or an offer, or filter by click ID or tid.
cv-pick-head = { $kind ->
        [offer] 🎁 Conversions of which offer of <b>{ $tracker }</b>?
       *[other] 🎯 Conversions of which campaign of <b>{ $tracker }</b>?
    }
cv-pick-empty = The tracker has none.
cv-ask-value = { $kind ->
        [tid] Send the <b>tid</b> (the conversion's transaction ID) to filter by; exact match.
       *[other] Send the <b>click ID (subid)</b> to filter by; exact match.
    }
cv-csv-building = ⏳ Building the CSV file of conversions — { $tracker }, { $dates } ({ $tz })…
cv-csv-done = ✅ CSV file sent: { $count } { $count ->
        [one] row
       *[other] rows
    }.
cv-csv-caption = 📄 Conversions — { $tracker }, { $dates } ({ $tz }): { $count ->
        [one] { $count } row
       *[other] { $count } rows
    }.
cv-csv-capped = ⚠️ Only the newest { $max } { $max ->
        [one] row is
       *[other] rows are
    } in the file. Choose a shorter range or add filters for the rest.
cv-csv-empty = Nothing to export: no conversions in this range with these filters.
cv-csv-busy = The CSV file is already being built — it will arrive in a moment.
## /clicks
ck-ask-head = 🖱 <b>{ $tracker }</b> — find a click
ck-ask-click-id = Send a <b>click ID (subid)</b>, e.g. <code>3f9a8b7c6d5e4f</code>. To search a sub_id_N field, tap below or send <code>sub_id_3=value</code>.
ck-ask-field = Send the value of <b>{ $field }</b> to look for (exact match).
ck-ask-pick = Which field? Tap a number from 1 to { $max } (or send it).
ck-scope = I search every click the tracker still keeps, newest first, { $per_page } per page; times in { $tz }.
btn-ck-click-id = 🆔 Click ID
btn-ck-sub = 🏷 sub_id_1…{ $max }
btn-ck-latest = 📋 Campaign clicks
btn-ck-again = 🔎 Search again
btn-ck-new = 🔎 New search
btn-ck-list = ⬅️ Back to the list
btn-ck-campaigns = ⬅️ Campaigns
btn-ck-week = 📅 Last 7 days
ck-err-no-value = { $field } has no value. Send it like <code>{ $field }=value</code>.
ck-err-n = There is no field { $field }: sub_id_N goes from 1 to { $max }. You sent: <code>{ $value }</code>
ck-err-field = I can search by click ID (subid) or sub_id_1…sub_id_{ $max }, not by “{ $field }”. You sent: <code>{ $value }</code>
ck-err-pick = Send a number from 1 to { $max } (you sent “{ $value }”), or tap one.
ck-nothing = Nothing to show. Start a new search with /clicks.
ck-searching = ⏳ Looking for { $field } = <code>{ $value }</code>…
ck-not-found = 🔎 No click with { $field } = <code>{ $value }</code> on <b>{ $tracker }</b>. The click may be older than the tracker keeps, or the value is mistyped. Check it and send it again, or tap “🔎 Search again”.
ck-found = 🔎 <b>{ $tracker }</b>: { $count ->
        [one] { $count } click
       *[other] { $count } clicks
    } with { $field } = <code>{ $value }</code>, newest first.
ck-tap = Tap a click to open its card (times in { $tz }).
ck-card-head = 🖱 <b>{ $tracker }</b> · click <code>{ $sub_id }</code>
ck-f-campaign = 🎯 Campaign
ck-f-stream = 🔀 Flow
ck-f-landing = 🖼 Landing
ck-f-offer = 🎁 Offer
ck-f-country = 🌍 Country
ck-f-ip = 🔢 IP
ck-f-device = 📱 Device
ck-f-bot = 🤖 Bot
ck-bot-yes = yes
ck-bot-no = no
ck-conv-head = 💰 Conversions ({ $count }):
ck-conv-none = 💰 No conversions for this click.
ck-conv-more = …and { $count } more (see /conversions, filter by click ID).
ck-campaign-pick = 📋 <b>{ $tracker }</b>: latest clicks of which campaign?
ck-pick-empty = The tracker has no campaigns.
ck-latest-head = 🖱 Latest clicks of <b>{ $campaign }</b>: { $count }
ck-latest-empty-today = No clicks of <b>{ $campaign }</b> today. Look at the last 7 days?
ck-latest-empty = No clicks of <b>{ $campaign }</b> in this range.
ck-field-click-id = click ID (subid)
