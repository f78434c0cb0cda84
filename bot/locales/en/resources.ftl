## Resource browser
cmd-campaigns = Campaigns: list, search, details and flows
cmd-offers = Offers
cmd-landings = Landings
cmd-networks = Affiliate networks
cmd-sources = Traffic sources
cmd-domains = Domains and their DNS/SSL status
cmd-groups = Groups of campaigns, offers and landings
cmd-users = Tracker users (needs an admin key)
cmd-flows = Flows of a campaign: /flows <campaign id>
res-campaigns = Campaigns
res-streams = Flows
res-offers = Offers
res-landing_pages = Landings
res-affiliate_networks = Affiliate networks
res-traffic_sources = Traffic sources
res-domains = Domains
res-groups = Groups
res-users = Tracker users
res-list-head = 📦 <b>{ $title }</b>{ $parent } — { $tracker } ({ $count })
res-searching = 🔎 Search: “{ $query }”
res-empty = Nothing found. Pick another filter, or send part of a name to search by it.
res-card-head = 📦 { $tracker }
res-no-tracker = You have no active tracker yet. Connect one with /trackers.
res-no-card = This object has no card of its own.
res-streams-usage = Send the command with the campaign's id: /flows 12 (or open the campaign in /campaigns → Flows).
res-refreshed = Refreshed
res-filter-active = Active
res-filter-disabled = Disabled
res-filter-archived = Archived
res-filter-all = All
res-filter-campaigns = Campaigns
res-filter-offers = Offers
res-filter-landings = Landings
res-state-active = 🟢 active
res-state-disabled = ⏸ disabled
res-state-archived = 🗄 archived
res-state-campaigns = campaign group
res-state-offers = offer group
res-state-landings = landing group
res-state-all = —
res-v-state-active = active
res-v-state-disabled = disabled
res-v-state-archived = archived
res-v-type-position = by position
res-v-type-weight = by weight
res-v-type-forced = intercepting
res-v-type-regular = regular
res-v-type-default = fallback
res-v-schema-landings = landings and offers
res-v-schema-redirect = redirect
res-v-schema-action = action
res-v-action-http = HTTP redirect
res-v-action-curl = load with cURL
res-v-action-status404 = answer 404
res-v-action-show_text = show text
res-v-action-show_html = show HTML
res-v-action-local_file = local file
res-v-action-campaign = send to a campaign
res-v-offer_type-local = local
res-v-offer_type-external = external
res-v-offer_type-preloaded = preloaded
res-v-offer_type-action = action
res-v-landing_type-local = local
res-v-landing_type-external = external
res-v-landing_type-preloaded = preloaded
res-v-landing_type-action = action
res-v-user_type-USER = user
res-v-user_type-ADMIN = admin
res-v-dns-active = fine
res-v-dns-error = error
res-v-ssl-yes = yes
res-v-ssl-no = no
res-statuses-all = every status
res-f-alias = Alias
res-f-type = Type
res-f-cost = Cost
res-f-source = Traffic source
res-f-group = Group
res-f-s2s = S2S postbacks
res-f-created = Created
res-f-schema = Schema
res-f-action = Action
res-f-weight = Weight
res-f-position = Position
res-f-offers = Offers (shares)
res-f-landings = Landings (shares)
res-f-filters = Filters
res-f-payout = Payout
res-f-network = Affiliate network
res-f-country = Countries
res-f-offer_type = Offer type
res-f-url = URL
res-f-cap = Daily cap
res-f-landing_type = Landing type
res-f-postback_url = Postback URL
res-f-offers_count = Offers
res-f-statuses = Postback statuses
res-f-dns = DNS and network
res-f-ssl = SSL
res-f-default_campaign = Default campaign
res-f-user_type = Role
res-f-language = Language
res-f-timezone = Time zone
res-link-flows = 🔀 Flows
btn-res-refresh = 🔄 Refresh
btn-res-clear-search = ✖️ Clear search
res-act-disable = ⏸ Disable
res-act-enable = ▶️ Enable
res-act-archive = 🗄 Archive
res-act-restore = ♻️ Restore
res-act-rename = ✏️ Rename
res-act-weight = ⚖️ Weight
res-ask-rename = Send the new name.
res-ask-weight = Send the new weight, a whole number from 0 to 1000.
res-err-empty = The value is empty. Send it again.
res-err-long = Too long: at most { $max } { $max ->
        [one] character
       *[other] characters
    }.
res-err-weight = The weight is a whole number from 0 to 1000.
res-f-state = State
res-f-name = Name
res-confirm-head = ✋ <b>{ $action }</b> — { $name } on { $tracker }. Please check:
res-traffic-warning = ⚠️ It had traffic in the last 24 hours: { $clicks } { $clicks ->
        [one] click
       *[other] clicks
    }, { $conversions } { $conversions ->
        [one] conversion
       *[other] conversions
    }, cost { $cost }.
res-no-undo = This cannot be undone later.
res-last-flow = ❗ This is the <b>last active flow</b> of an active campaign: its traffic will have nowhere to go. Confirm once more to go ahead.
res-done = ✅ Done: { $action }.
res-undone = ↩️ Undone: { $action }.
res-undo-gone = There is nothing to undo.
res-undo-expired = More than 10 minutes have passed — it can no longer be undone.
res-field-error = • { $field }: { $message }
res-read-only = { $tracker } is read-only: changes are off (/trackers → the tracker → Read-only).
res-read-only-card = 🔒 Read-only tracker: nothing can be changed here.
res-stale = The object changed while its card was open. Here is how it is now.
btn-res-undo = ↩️ Undo
btn-res-confirm = ✅ Confirm
btn-res-confirm-last = ❗ Yes, disable it
res-act-cost = 💵 Cost
res-act-payout = 💰 Payout
res-act-postback_url = 🔗 Postback URL
res-act-clone = 📑 Clone
res-act-check = 🩺 Check DNS/SSL
res-act-raw_update = 🧾 Edit JSON
res-ask-cost = Send the new cost as a number, e.g. 0.5.
res-ask-payout = Send the new payout as a number, e.g. 12.5.
res-ask-postback_url = Send the new postback URL (http or https).
res-ask-raw =
    Send the fields to change as a JSON object, e.g. <code>{"{"}"notes": "test until Friday"{"}"}</code>
    Fields: { $fields }
res-err-url = This is not a web address: it must start with http:// or https://.
res-err-json = Send a JSON object with at least one field, e.g. <code>{"{"}"name": "New"{"}"}</code>.
res-f-copy = Copy
res-json-title = 🧾 { $tracker }: the answer of the Admin API (key masked)
btn-res-json = 🧾 JSON
res-f-payout_value = Payout
res-f-cost_value = Cost
res-today = 📊 Today ({ $tz }): { $clicks } { $clicks ->
        [one] click
       *[other] clicks
    } · { $conversions } { $conversions ->
        [one] conversion
       *[other] conversions
    } · revenue { $revenue } · cost { $cost } · profit { $profit }
res-s2s-line = 📤 S2S { $method } ({ $statuses }): { $url }
btn-res-create = ➕ Create (JSON)
res-create-ask =
    ➕ New in <b>{ $title }</b> on { $tracker }: send the fields as a JSON object, e.g. <code>{"{"}"name": "New one"{"}"}</code>. Keitaro checks them and names any field it does not accept.
res-create-confirm = ✋ Create in <b>{ $title }</b> on { $tracker } with these fields? This cannot be undone here (you can archive it later).
res-created = ✅ Created: { $name }.
res-act-offers_shares = 🎁 Offer shares
res-act-landings_shares = 🖼 Landing shares
res-ask-offers-shares = Send the offers and their shares as <code>offer_id:percent</code> pairs, e.g. <code>3:70 5:30</code>. They must add up to 100.
res-ask-landings-shares = Send the landings and their shares as <code>landing_id:percent</code> pairs, e.g. <code>1:50 2:50</code>. They must add up to 100.
res-err-shares-format = Send “id:percent” pairs, e.g. 3:70 5:30.
res-err-shares-twice = The same id is listed twice.
res-err-shares-sum = The shares add up to { $total }, not 100.
cmd-botlist = Bot list: IPs the tracker treats as bots — view, add, remove
bl-head = 🤖 <b>Bot list</b> — { $tracker } ({ $count } { $count ->
        [one] entry
       *[other] entries
    })
bl-ask = { $mode ->
        [add] ➕ Send the IPs or ranges to <b>add</b> to { $tracker }'s bot list
       *[remove] ➖ Send the IPs or ranges to <b>remove</b> from { $tracker }'s bot list
    } — separated by spaces or new lines: <code>1.2.3.4</code>, <code>10.0.0.0/24</code>, <code>1.2.3.4-1.2.3.99</code>, <code>5.6.7.*</code>.
bl-confirm = ✋ { $mode ->
        [add] Add
       *[remove] Remove
    } { $n } { $n ->
        [one] entry
       *[other] entries
    } on { $tracker }?
bl-done-add = ✅ Added { $n } { $n ->
        [one] entry
       *[other] entries
    } to the bot list. You can undo it for 10 minutes.
bl-done-remove = ✅ Removed { $n } { $n ->
        [one] entry
       *[other] entries
    } from the bot list. You can undo it for 10 minutes.
bl-undone = ↩️ Undone: { $n } { $n ->
        [one] entry
       *[other] entries
    }.
bl-err-entry = “{ $entry }” is not an IP, a network (1.2.3.0/24), a range (a-b) or a wildcard (1.2.3.*).
bl-err-empty = Send at least one IP or range.
bl-err-many = At most { $max } { $max ->
        [one] entry
       *[other] entries
    } at once.
btn-bl-add = ➕ Add
btn-bl-remove = ➖ Remove
res-s2s = S2S postbacks
res-link-s2s = 📤 S2S postbacks
res-f-method = Method
res-act-s2s_url = 🔗 URL
res-act-s2s_method = ↔️ GET/POST
res-act-s2s_statuses = 🚦 Statuses
res-act-s2s_remove = 🗑 Remove
res-ask-s2s_url = Send the new URL (http or https; Keitaro macros like {"{"}subid{"}"} are fine).
res-ask-s2s_method = Send GET or POST.
res-ask-s2s_statuses = Send the statuses it fires for, separated by spaces: <code>lead</code>, <code>sale</code>, <code>rejected</code>, <code>rebill</code>.
s2s-create-ask =
    ➕ New S2S postback for this campaign on { $tracker }: send <code>URL [GET|POST] [statuses]</code>, e.g. <code>https://ts.example/pb?click={"{"}subid{"}"} POST sale,rebill</code>. Without statuses it fires for all.
s2s-err-statuses = No such status. Send any of these: <code>{ $statuses }</code>.
s2s-err-method = The method is GET or POST.
res-undo-hint = ↩️ You can undo it for 10 minutes.
res-act-user_type = 👤 Role
res-act-delete = 🗑 Delete
res-act-statuses = 🚦 Postback statuses
res-ask-user_type = Send USER or ADMIN.
res-ask-statuses = Send the statuses the postback is sent for, separated by spaces: <code>lead</code>, <code>sale</code>, <code>rejected</code>, <code>rebill</code>.
res-err-user-type = The role is USER or ADMIN.
res-f-deleted = Deleted
res-f-postback_statuses = Postback statuses
res-type-name = ⌨️ This cannot be undone. To confirm, send the name exactly: <code>{ $name }</code>
res-type-name-toast = To confirm, send the name as a message.
res-err-typed = That is not the name. Send exactly: { $name }
res-used-by = 🔀 Gets traffic from: { $campaign } → { $flow } ({ $share }%)
res-used-by-none = 🔀 No flow sends traffic to this offer.
res-used-by-partial = (I checked only the first { $n } { $n ->
        [one] campaign
       *[other] campaigns
    })
res-act-url = 🔗 URL
res-act-network = 🤝 Affiliate network
res-ask-url = Send the new URL (http or https).
res-ask-network = Send the affiliate network's id (see /networks), e.g. 2.
res-err-id = Send a number (an id), e.g. 2.
res-f-affiliate_network_id = Affiliate network
res-f-action_payload = URL
res-v-statuses-lead = lead
res-v-statuses-sale = sale
res-v-statuses-rejected = rejected
res-v-statuses-rebill = rebill
