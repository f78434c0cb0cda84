## /costs: ad-network spend in (issue 17, part 3)
cmd-costs = Upload ad spend (CSV or one line) so ROI is real
costs-ask = 💸 <b>Costs in</b>
    Send a CSV file with the columns <code>campaign</code> (id or exact name), <code>date</code> (a day or a range), <code>cost</code>, <code>currency</code> — a header row first; <code>,</code> or <code>;</code> between cells, <code>.</code> or <code>,</code> before the decimals.
    Or type one line: <code>12 2026-12-01 150.40 USD</code> or <code>FB US Nutra 01.12–03.12 450 USD</code>.
    I check every row and show what I will write before anything is written. At most { $mb } MB or { $rows } rows.
costs-btn-template = 📄 Template file
costs-template = 📄 The template: fill it in, keep the header row, and send the file back here.
costs-problems-title = ⚠️ { $count ->
        [one] { $count } row has a problem
       *[other] { $count } rows have problems
    }. Nothing is written.
costs-problem = Line { $line }: { $reasons }
costs-problems-more = … and { $count ->
        [one] { $count } more row
       *[other] { $count } more rows
    } (all of them in the file above).
costs-problems-file = 📄 Every row with a problem: { $count ->
        [one] { $count } row
       *[other] { $count } rows
    }.
costs-problems-ask = Fix the file and send it again, or write only the { $good ->
        [one] { $good } good row
       *[other] { $good } good rows
    }.
costs-btn-good-only = ✍️ Write only the { $good ->
        [one] { $good } good row
       *[other] { $good } good rows
    }
costs-btn-again = 🔁 Fix and send again
costs-preview-title = 💸 <b>{ $tracker }</b>: I will write { $count ->
        [one] { $count } cost
       *[other] { $count } costs
    } (days in the tracker's time zone, { $tz }); “now” is the cost there today.
costs-campaign = <b>{ $name }</b> #{ $id }
costs-preview-line = • { $days }: <b>{ $cost }</b> (now { $now })
costs-page = Page { $page } of { $pages }
costs-btn-prev = ◀️ Previous
costs-btn-next = Next ▶️
costs-btn-write = ✅ Write
costs-writing = ⏳ Writing…
costs-already = These costs are written already. Send /costs for new ones.
costs-done-title = ✅ <b>{ $tracker }</b>: { $count ->
        [one] { $count } cost written
       *[other] { $count } costs written
    }. Cost and ROI over the days written, before → after:
costs-summary-campaign = <b>{ $name }</b> #{ $id }: cost { $before } → { $after }, ROI { $roi_before } → { $roi_after }
costs-summary-more = … and { $count ->
        [one] { $count } more campaign
       *[other] { $count } more campaigns
    } (each in the audit).
costs-summary-failed = ❌ Not written ({ $count ->
        [one] { $count } row
       *[other] { $count } rows
    }):
costs-write-refused = the tracker did not accept it: { $reason }
audit-costs-update = set the cost of campaign #{ $campaign_id } for { $start } – { $end } to { $cost } { $currency } (was { $before }, now { $after })
costs-err-date = “{ $value }” is not a day or a range (2026-12-01, 01.12.2026, 01.12–03.12)
costs-err-date-missing = no date
costs-err-range-backwards = the range “{ $value }” ends before it starts
costs-err-date-future = “{ $value }” is in the future for the tracker
costs-err-range-long = the range spans { $days ->
        [one] { $days } day
       *[other] { $days } days
    }; at most { $max } fit in one row
costs-err-amount-missing = no cost
costs-err-amount-nan = the cost “{ $value }” is not a number
costs-err-amount-negative = the cost “{ $value }” is negative
costs-err-amount-absurd = the cost “{ $value }” is more than { $max }
costs-err-amount-precision = the cost “{ $value }” has more than four decimals
costs-err-currency-missing = no currency
costs-err-currency = “{ $value }” is not a currency code (USD, EUR, RUB …)
costs-err-campaign-missing = no campaign
costs-err-campaign-long = the campaign is longer than { $max } characters
costs-err-campaign-id = there is no campaign #{ $id } in the tracker
costs-err-campaign-scope = campaign #{ $id } is outside your campaigns
costs-err-campaign-name = no campaign is named “{ $name }” (the name must be exact; or use the id)
costs-err-campaign-name-scope = none of your campaigns is named “{ $name }” (the name must be exact; or use the id)
costs-err-campaign-ambiguous = { $count } campaigns are named “{ $name }” ({ $ids }): use the id
costs-err-overlap = line { $other } already sets the cost of this campaign on one of these days
costs-err-line-short = I need four things: campaign, date, cost, currency — like <code>12 2026-12-01 150.40 USD</code>
costs-err-one-line = Type one line, or send a CSV file.
costs-err-file-big = The file is larger than { $mb } MB. Split it and send the parts one by one.
costs-err-file-rows = The file has more than { $rows } rows. Split it and send the parts one by one.
costs-err-file-encoding = I cannot read the file's text. Save it as CSV in UTF-8 and send it again.
costs-err-file-empty = The file has no rows. Fill in the template (📄 Template file) and send it again.
costs-err-header = The first row must name the columns; missing: { $missing }. The template (📄 Template file) has them.
