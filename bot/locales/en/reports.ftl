## Ranges (shared by /stats, /conversions, /clicks)
range-today = Today
range-yesterday = Yesterday
range-last_7_days = Last 7 days
range-this_week = This week
range-this_month = This month
range-last_month = Last month
range-custom = Custom range
range-previous = Previous period
range-header = 📊 <b>{ $tracker }</b> · { $range }: { $dates } ({ $tz })
range-ask-custom = Send the range as two dates, first and last day included: <code>2026-11-01 2026-11-15</code> (or <code>01.11.2026 15.11.2026</code>; one date for a single day). Time zone: { $tz }.
range-err-format = I could not read that as dates. Send two dates like <code>2026-11-01 2026-11-15</code>.
range-err-date = “{ $value }” is not a real date.
range-err-order = The range ends ({ $last }) before it starts ({ $first }). Send the earlier date first.
range-err-future = The range starts after today ({ $today }).
range-err-long = A range can be at most { $max } { $max ->
        [one] day
       *[other] days
    } long.
cmd-stats = Statistics: today vs yesterday, by campaign, offer, country…; CSV and charts
cmd-conversions = Latest conversions, with filters and CSV
cmd-clicks = Find a click by its click ID (subid) or a sub_id_N value; latest clicks of a campaign
cmd-logs = The tracker's postback logs: did a postback arrive?

## /stats
stats-loading = ⏳ Loading the statistics…
stats-sub = By { $group } · sorted by { $sort } · { $rows } { $rows ->
        [one] row
       *[other] rows
    }
stats-filters-line = 🔎 { $filters }
stats-empty = No traffic in this range with these filters. Try another range (📅) or fewer filters (🔎).
stats-page = Page { $page } of { $pages }
stats-total = Total
stats-vs = Totals vs { $span }:
stats-now = Now
stats-before = Before
stats-pp = pp
stats-new = new
stats-truncated = ⚠️ The table shows the first { $shown } of { $total } { $total ->
        [one] row
       *[other] rows
    }; the CSV file has all of them.
stats-built = <i>Data as of { $at } (🔄 for newer).</i>
stats-sort-time = time
stats-g-campaign = campaign
stats-g-offer = offer
stats-g-flow = flow
stats-g-landing = landing
stats-g-country = country
stats-g-source = traffic source
stats-g-network = affiliate network
stats-g-day = day
stats-g-hour = hour
stats-m-clicks = Clicks
stats-m-uniques = Unique clicks
stats-m-conversions = Conversions
stats-m-leads = Leads
stats-m-sales = Sales
stats-m-rejected = Rejected
stats-m-revenue = Revenue
stats-m-cost = Cost
stats-m-profit = Profit
stats-m-roi = ROI, %
stats-m-cr = CR, %
stats-m-epc = EPC
stats-mh-clicks = Clicks
stats-mh-uniques = Uniq
stats-mh-conversions = Conv
stats-mh-leads = Leads
stats-mh-sales = Sales
stats-mh-rejected = Rej
stats-mh-revenue = Revenue
stats-mh-cost = Cost
stats-mh-profit = Profit
stats-mh-roi = ROI%
stats-mh-cr = CR%
stats-mh-epc = EPC
stats-f-campaign_id = Campaign
stats-f-offer_id = Offer
stats-f-country_code = Country
stats-btn-range = 📅 { $range_name }
stats-btn-group = 🧩 By { $group_name }
stats-btn-metrics = 📏 Metrics
stats-btn-sort = ↕️ { $sort_name }
stats-btn-filters = 🔎 Filters ({ $filters_count })
stats-btn-csv = 📄 CSV
stats-btn-chart = 📈 Chart
stats-btn-save = ⭐ Save
stats-btn-saved = 📂 Saved
stats-btn-done = ✅ Done
stats-btn-f-campaign = + Campaign
stats-btn-f-offer = + Offer
stats-btn-f-country = + Country
stats-btn-f-clear = 🧹 Clear all filters
stats-btn-delete-mode = 🗑 Delete…
stats-btn-replace = ♻️ Replace it
stats-range-ask = 📅 Which range? Times are in the tracker's time zone ({ $tz }).
stats-group-ask = 🧩 Group the report by:
stats-metrics-ask = 📏 Which metrics? Tap a metric to add or remove it (● = chosen). Your choice is remembered.
stats-metrics-one = Keep at least one metric.
stats-metrics-remembered = Metrics saved for your next reports
stats-filters-ask = 🔎 Filters narrow the report (several values of one kind = any of them). Tap a filter to remove it.
stats-pick-ask = Pick { $title }:
stats-country-ask = Send one or more two-letter country codes, e.g. <code>US CA GB</code>.
stats-country-err = “{ $value }” is not a two-letter country code. Send codes like <code>US DE</code>.
stats-filter-full = At most { $max } { $max ->
        [one] value
       *[other] values
    } per filter.
stats-csv-building = ⏳ Building the CSV file…
stats-csv-caption = 📄 { $rows } { $rows ->
        [one] row
       *[other] rows
    }
stats-csv-capped = ⚠️ Only the first { $shown } of { $total } { $total ->
        [one] row
       *[other] rows
    } (a file holds at most { $max }). Narrow the range or add a filter.
stats-chart-building = ⏳ Drawing the chart…
stats-chart-hourly = by hour
stats-chart-caption-hourly = 📈 By hour: { $day } (solid) vs { $before } (dashed) vs { $week } (dotted).
stats-chart-caption-daily = 📈 By day.
stats-save-ask = ⭐ Name this report (e.g. <i>Morning check</i>). It keeps the range, grouping, metrics, sort and filters.
stats-save-err-empty = The name is empty. Send a name.
stats-save-err-long = The name is too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, at most { $max }.
stats-save-err-slash = A name cannot start with “/”.
stats-save-exists = You already have a report called “{ $name }”. Replace it, or send another name.
stats-save-too-many = You have too many saved reports. Delete some in 📂 Saved first.
stats-saved = ⭐ Saved as “{ $name }”. Open it from 📂 Saved or with /stats { $name }.
stats-saved-title = 📂 <b>Saved reports</b>
stats-saved-empty = None yet. Set up a report and press ⭐ Save.
stats-saved-deleting = 🗑 Tap a report to delete it. Press “Delete…” again to stop.
stats-saved-deleted = Deleted “{ $name }”
stats-saved-gone = This saved report no longer exists.
stats-saved-unknown = You have no saved report called “{ $name }”. Open /stats → 📂 Saved to see them.
stats-err-field = { $tracker }: this tracker does not know the field “{ $field }” ({ $status }) — probably a different Keitaro version. Remove that metric in 📏 Metrics or choose another grouping.
btn-stats = 📊 Statistics
stats-col-campaign = Campaign
stats-col-offer = Offer
stats-col-flow = Flow
stats-col-landing = Landing
stats-col-country = Country
stats-col-source = Source
stats-col-network = Aff. network
stats-col-day = Day
stats-col-hour = Hour
