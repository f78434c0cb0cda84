## Guided creation of campaigns, flows and offers (issue 17)

wiz-btn-new-campaigns = ➕ New campaign
wiz-btn-new-streams = ➕ New flow
wiz-btn-new-offers = ➕ New offer
wiz-head-campaigns = ➕ <b>New campaign</b> · { $tracker }
wiz-head-streams = ➕ <b>New flow</b> · { $tracker } · campaign “{ $campaign }”
wiz-head-offers = ➕ <b>New offer</b> · { $tracker }
wiz-step = Step { $n } of { $total }
wiz-now = Now: <b>{ $value }</b>
wiz-none = —
wiz-btn-use = ✅ { $value }
wiz-btn-summary = 📋 To the summary
wiz-btn-next = ➡️ Next
wiz-btn-create = ✅ Create
wiz-btn-change = ✏️ Change a field
wiz-change-ask = ✏️ Which field shall I change?
wiz-btn-first-flow = ➕ Add the first flow
wiz-btn-open-campaign = 📦 Open the campaign
wiz-list-empty = The tracker has none yet: skip this step, or add one in the tracker and come back.
wiz-pick-one = Pick at least one first.
wiz-cancelled = Cancelled: nothing was created.
wiz-created-toast = ✅ Created
wiz-campaign-made = ✅ Campaign “{ $name }” created (#{ $id }). It has no flows yet, so it sends its visitors nowhere.
    Add the first flow now?
wiz-line = { $field }: <b>{ $value }</b>
wiz-summary-campaigns = I will create this campaign:
wiz-summary-streams = I will create this flow:
wiz-summary-offers = I will create this offer:
wiz-err-tracker = { $tracker } did not accept it:
    { $problems }
    Change the value and send it again.
wiz-err-alias = An alias goes into the campaign's link: use only latin letters, digits, “-” and “_” (up to 64), e.g. fb-us-nutra.
wiz-err-currency = Write the amount and, if you like, a three-letter currency code, e.g. 38 or 38.5 USD.
wiz-err-countries = Send two-letter country codes separated by spaces, e.g. US CA GB. Not a code: { $bad }.
wiz-err-scope = { $tracker }: your access is limited to your campaigns, and this campaign would not be one of them. Put it in one of your groups (✏️ Change a field → Group) or give it a name that starts with your prefix.
wiz-err-position = Send the position as a whole number from 1 to 10000.
wiz-err-shares-count = Send { $n ->
        [one] one share
       *[other] { $n } shares
    } in percent, in the order of the list, e.g. 50 30 20.
wiz-err-shares-sum = The shares add up to { $total }%, not 100%. Send them again.

wiz-q-campaigns-name = Send the campaign's name.
wiz-q-campaigns-alias = Send the campaign's alias, or keep the one I propose.
wiz-q-campaigns-alias-hint = The alias is the campaign's address on its domain: https://domain/<b>alias</b>.
wiz-q-campaigns-type = How shall the campaign choose among its regular flows?
wiz-q-campaigns-type-hint = By position: the first flow whose filters match. By weight: shared by the flows' weights.
wiz-q-campaigns-domain = Which domain will the campaign's link use?
wiz-q-campaigns-source = Which traffic source sends the clicks?
wiz-q-campaigns-cost_type = How is the traffic paid for?
wiz-q-campaigns-cost_value = Send the cost of one unit (a click, a unique click, a thousand impressions), e.g. 0.05.
wiz-q-campaigns-group = Which group shall the campaign be in?
wiz-f-campaigns-name = Name
wiz-f-campaigns-alias = Alias
wiz-f-campaigns-type = Rotation
wiz-f-campaigns-domain = Domain
wiz-f-campaigns-source = Traffic source
wiz-f-campaigns-cost_type = Cost model
wiz-f-campaigns-cost_value = Cost
wiz-f-campaigns-group = Group
wiz-v-type-position = by position
wiz-v-type-weight = by weight
wiz-v-cost_type-CPC = CPC (per click)
wiz-v-cost_type-CPUC = CPUC (per unique click)
wiz-v-cost_type-CPM = CPM (per 1000 impressions)

wiz-q-streams-type = What kind of flow?
wiz-q-streams-type-hint = Forced flows are checked first (bots, moderators), then the regular ones; the default flow takes whoever nothing else matched.
wiz-q-streams-name = Send the flow's name.
wiz-q-streams-schema = Where does the flow send visitors?
wiz-q-streams-action = What shall the flow do?
wiz-q-streams-payload = Send the address to send visitors to (or, for a text, the text to show).
wiz-q-streams-landings = Pick the landings (tap to mark), then press Next.
wiz-q-streams-landing_shares = Shares of the landings, in percent, in this order:
    { $names }
    Use the even split, or send your own, e.g. 50 30 20 (they must add up to 100).
wiz-q-streams-offers = Pick the offers (tap to mark), then press Next.
wiz-q-streams-offer_shares = Shares of the offers, in percent, in this order:
    { $names }
    Use the even split, or send your own, e.g. 50 30 20 (they must add up to 100).
wiz-q-streams-countries = Which countries only? Send their codes, e.g. US CA, or skip for every country.
wiz-q-streams-countries-hint = Two-letter codes (ISO 3166), separated by spaces.
wiz-q-streams-device = Which devices only?
wiz-q-streams-bots = What about bots?
wiz-q-streams-weight = Send the flow's weight (0–1000): the campaign shares its traffic by weight.
wiz-q-streams-weight-hint = Two flows with 60 and 40 get 60% and 40% of the visitors they both match.
wiz-q-streams-position = Send the flow's position among the campaign's flows (1 = checked first), or skip to put it last.
wiz-f-streams-type = Type
wiz-f-streams-name = Name
wiz-f-streams-schema = Schema
wiz-f-streams-action = Action
wiz-f-streams-payload = Address or text
wiz-f-streams-landings = Landings
wiz-f-streams-landing_shares = Landing shares
wiz-f-streams-offers = Offers
wiz-f-streams-offer_shares = Offer shares
wiz-f-streams-countries = Countries
wiz-f-streams-device = Devices
wiz-f-streams-bots = Bots
wiz-f-streams-weight = Weight
wiz-f-streams-position = Position
wiz-v-type-forced = forced
wiz-v-type-regular = regular
wiz-v-type-default = default
wiz-v-schema-landings = landings and offers
wiz-v-schema-redirect = redirect to offers
wiz-v-schema-action = an action
wiz-v-action-http = redirect to an address
wiz-v-action-status404 = answer “404 Not Found”
wiz-v-action-show_text = show a text
wiz-v-action-do_nothing = do nothing
wiz-v-device-mobile = phones only
wiz-v-device-desktop = computers only
wiz-v-device-tablet = tablets only
wiz-v-bots-block = keep bots out
wiz-v-bots-only = bots only

wiz-q-offers-name = Send the offer's name.
wiz-q-offers-url = Send the offer's address (URL).
wiz-q-offers-url-hint = Put the click id in it with a macro, e.g. https://network.example/?sub1=<code>{"{"}subid{"}"}</code>; others: <code>{"{"}country{"}"}</code>, <code>{"{"}sub_id_1{"}"}</code>…<code>{"{"}sub_id_15{"}"}</code>, <code>{"{"}campaign_id{"}"}</code>. Without <code>{"{"}subid{"}"}</code> the network's postback cannot find the click.
wiz-q-offers-network = Which affiliate network is the offer from?
wiz-q-offers-payout_type = What is the payout for?
wiz-q-offers-payout = Send the payout, e.g. 38 or 38.5 USD.
wiz-q-offers-payout-hint = Without a currency the tracker's own is used.
wiz-q-offers-country = Which countries is the offer for? Send their codes, e.g. US CA.
wiz-q-offers-country-hint = Two-letter codes (ISO 3166), separated by spaces.
wiz-q-offers-group = Which group shall the offer be in?
wiz-f-offers-name = Name
wiz-f-offers-url = Address
wiz-f-offers-network = Affiliate network
wiz-f-offers-payout_type = Payout type
wiz-f-offers-payout = Payout
wiz-f-offers-country = Countries
wiz-f-offers-group = Group
wiz-v-payout_type-CPA = CPA (per conversion)
wiz-v-payout_type-CPC = CPC (per click)
