## Commands (the menu and /help)
cmd-start = The main menu and what I can do
cmd-trackers = Your Keitaro trackers: add, switch, test, rename, remove
cmd-lang = Language: English or Russian
cmd-help = All commands
cmd-cancel = Leave the current conversation

## /help: four groups
help-group-diagnose = 🩺 <b>Diagnose</b> — did the postback arrive, does the click exist
help-group-numbers = 📊 <b>Numbers</b> — statistics, conversions, costs in
help-group-objects = 🗂 <b>Objects</b> — campaigns, flows, offers and everything else in the tracker
help-group-duty = 📟 <b>On duty</b> — alerts, who is on call, notifications
help-basics = /start — main menu · /lang — language · /cancel — leave a conversation without saving

## Buttons
btn-my-trackers = 📡 My trackers
btn-connect-tracker = ➕ Connect a tracker
btn-language = 🌐 Language
btn-help = ❓ Help
btn-menu-alerts = 🚨 Alerts{ $count ->
        [0] {""}
       *[other] {" "}({ $count })
    }
btn-menu-logs = 📜 Logs
btn-close = ✖️ Close
btn-cancel = ✖️ Cancel
btn-back = ⬅️ Back
btn-skip = ⏭ Skip
btn-change-url = ✏️ Change address
btn-add-tracker = ➕ Add tracker
btn-make-active = ★ Make active
btn-test = 🔌 Test connection
btn-rename = ✏️ Rename
btn-timezone = 🕒 Time zone
btn-remove = 🗑 Remove
btn-remove-yes = 🗑 Yes, remove
btn-remove-no = No, keep it
btn-name-suggested = 🏷 { $name }
btn-basic-alerts = 🚨 Basic alerts

## Start, help, cancel
start-new =
    👋 Hi, { $name }! I am your on-call helper for <b>Keitaro</b>.

    Right from your phone I test postbacks and tell you whether Keitaro recorded them (/postback), show and carefully change campaigns, flows, offers and landings (/campaigns), show statistics, clicks, conversions and the postback log (/stats), and watch the tracker for you: you can ack or snooze an alert right from its message (/alerts).

    <b>First step:</b> connect your tracker — you need its admin address and an Admin API key. Press the button below or send /trackers.
start-back =
    👋 Welcome back, { $name }!
    Active tracker: <b>{ $tracker }</b> ({ $count ->
        [one] { $count } tracker
       *[other] { $count } trackers
    } in total).

    Choose what to open, or send /help for all commands.
start-resume = ↩️ You were in the middle of something — here is where you stopped. Send /cancel to leave it.
help-title = <b>What I can do</b>
cancel-done = ✖️ Cancelled, nothing was saved.
cancel-nothing = Nothing to cancel. /help lists what I can do.

## Language
lang-choose =
    🌐 <b>Language</b>
    Current: { $current }. Choose one:
lang-saved-toast = Saved
lang-saved = ✅ Language: English. I speak English from now on.

## Unexpected input and errors
input-use-buttons = ☝️ Here I expect a button press. Press a button of the message below, or send /cancel to leave.
input-not-text = ☝️ I need a text message here. Send text, or /cancel to leave.
unknown-command = I don't know this command. /help lists all of them.
unknown-message = I'm not sure what to do with this. /help lists what I can do.
stale-button = This menu is closed or outdated. Open it again from /start.
access-denied =
    ⛔ I only work for my team.
    Your Telegram id is <code>{ $user_id }</code> — send it to the admin to get access.
access-denied-short = ⛔ I only work for my team. Send /start and I will show your Telegram id.
error-unexpected = 😕 Sorry, something went wrong on my side. Error id: <code>{ $error_id }</code>. Please try again; if it repeats, send this id to the admin.

## Adding a tracker: address → name → key → postback URL → time zone
add-url-ask =
    ➕ <b>New tracker</b> — step 1 of 5
    Send the <b>admin address</b>: the link where the Keitaro admin panel opens, e.g. <code>https://tracker.example.com/admin/</code>
add-name-ask =
    ➕ <b>New tracker</b> — step 2 of 5
    Address: { $url }
    What shall we call it? Press the button with the name from the address, or send your own, e.g. <i>Main</i>.
add-key-ask =
    ➕ <b>{ $name }</b> — step 3 of 5
    Address: { $url }
    Send an <b>Admin API key</b> (Keitaro → Users → your user → API keys).
    🔒 I delete the message with the key at once and store the key encrypted.
add-pb-ask =
    ➕ <b>{ $name }</b> — step 4 of 5 (optional)
    Send the tracker's <b>postback URL</b> — Keitaro shows it under “Settings → Postback URL”, like <code>https://your-domain/abc1234/postback</code>. Postback tests need it; you can add it later.
add-tz-ask =
    ➕ <b>{ $name }</b> — step 5 of 5
    Choose the tracker's <b>time zone</b> (my reports use it), or send its name, e.g. <code>Europe/Madrid</code>.
tz-from-tracker = { $zone } (from the tracker)

name-err-empty = The name is empty. Send at least one letter.
name-err-long = The name is too long — at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }, and this one has { $length }.
name-err-slash = A name can't start with “/”.
name-err-taken = You already have a tracker named “{ $name }”. Choose another name.
url-err-scheme = The address must start with http:// or https://.
url-err-no_host = There is no site name in this address. Example: https://tracker.example.com/admin/
url-err-credentials = Please send the address without a login and password in it.
url-err-malformed = This does not look like a web address. Example: https://tracker.example.com/admin/
url-err-private = This address leads to a private or local network. Only public addresses work here.
url-err-dns = The domain { $host } does not resolve. Check it for a typo.
url-err-ip_spelling = Write the IP address as four plain numbers without leading zeros, like http://203.0.113.10/admin/ — forms such as 8.8.8.010 or 0x8.8.8.8 are read differently by different programs.

key-deleted = 🔒 Your message with the key was deleted from the chat.
key-not-deleted = ⚠️ I could not delete your message with the key — please delete it yourself.
key-checking = ⏳ Checking the key on <b>{ $tracker }</b>…
key-ok = ✅ <b>{ $tracker }</b>: connected, { $count ->
        [one] { $count } campaign
       *[other] { $count } campaigns
    } ({ $ms } ms).
key-err-retry = The key was not saved. Send another key, or change the address.
key-err-spaces = An API key has no spaces. Send the key alone, without other words.
key-err-format = This does not look like an API key: a key is Latin letters and digits in one piece, 8 to 200 of them. Copy it from Keitaro whole.

pb-err-format = This is not a Keitaro postback URL. It looks like https://your-domain/abc1234/postback — send it again or press “Skip”.
pb-err-private = This postback URL leads to a private or local network. Only public addresses work here — send another one.
pb-err-dns = The domain { $host } in the postback URL does not resolve. Check it for a typo and send the URL again.
pb-err-ip_spelling = In the postback URL, write the IP address as four plain numbers without leading zeros, like http://203.0.113.10/abc1234/postback — and send it again.
pb-saved = 🔒 Postback URL saved: { $url }. I deleted your message with it from the chat.
tz-err-unknown = I don't know this time zone. Send a name like Europe/Moscow or UTC, or press a button.

## Keitaro errors: one sentence, what happened and what to do
kerr-bad_request = { $tracker }: the tracker rejected the request as malformed (400). Please report this to the admin.
kerr-auth = { $tracker }: wrong API key (401). Check the key in Keitaro → Users → API keys and send it again.
kerr-edition = { $tracker }: this tracker's plan has no Admin API (402). It needs a plan with Admin API access.
kerr-forbidden = { $tracker }: this key has no rights for that (403). It needs the key of an admin user.
kerr-not_found = { $tracker }: not found (404) — the object was deleted, or this is not the admin address.
kerr-validation = { $tracker }: the tracker did not accept the values (406).
kerr-server = { $tracker }: the tracker had an internal error ({ $status }). Try again in a minute.
kerr-unexpected_status = { $tracker }: unexpected answer from the tracker (HTTP { $status }).
kerr-unexpected_response = { $tracker }: the tracker answered with data I did not expect. It may be a different Keitaro version — please report this to the admin.
kerr-not_json = { $tracker }: the address answered with a web page instead of the API — it is probably not the admin address. Use the address where the admin panel opens.
kerr-cloudflare = { $tracker }: Cloudflare blocked the request. Allow my requests to the admin address, or use an address that is not behind Cloudflare.
kerr-timeout = { $tracker }: the tracker did not answer in time. Check that it is up, then try again.
kerr-refused = { $tracker }: connection refused — nothing answers at this address and port.
kerr-dns = { $tracker }: the domain does not resolve. Check the address.
kerr-tls = { $tracker }: the HTTPS certificate check failed. Fix the certificate or check the address.
kerr-network = { $tracker }: network error while connecting. Try again in a minute.
kerr-private_address = { $tracker }: the address leads to a private or local network — I don't go there.
kerr-invalid_url = { $tracker }: the tracker's saved address is not a web address. Remove the tracker and add it again with the right address.
kerr-unknown = { $tracker }: unexpected error while talking to the tracker.

## Trackers
trackers-list =
    📡 <b>Your trackers</b> ({ $count })
    ★ marks the active one — the one commands work with. Tap a tracker to manage it.
trackers-empty =
    📡 You have no trackers yet.
    Add one: you need the admin address and an Admin API key.
tracker-card =
    📡 <b>{ $name }</b>{ $active_mark ->
        [yes] {" "}★ active
       *[no] {""}
    }
    Admin: { $url }
    Time zone: { $tz }
    Postback URL: { $postback }
tracker-added = ✅ Tracker added. Next: test a postback, or enable the basic alerts with one tap.
tracker-activated = ★ <b>{ $tracker }</b> is now the active tracker.
tracker-renamed = ✏️ “{ $old }” is now called <b>{ $tracker }</b>.
tracker-tz-set = 🕒 <b>{ $tracker }</b>: time zone set to { $tz }.
tracker-removed = 🗑 Tracker <b>{ $tracker }</b> removed; I erased its key. The tracker itself was not changed.
tracker-removed-new-active = 🗑 Tracker <b>{ $tracker }</b> removed; I erased its key. Active now: <b>{ $active }</b>.
test-ok = ✅ <b>{ $tracker }</b>: connected, { $count ->
        [one] { $count } campaign
       *[other] { $count } campaigns
    } ({ $ms } ms).
test-failed = ❌ Connection test failed.
checking-toast = Checking…
rename-ask =
    ✏️ New name for <b>{ $name }</b>?
tz-ask =
    🕒 Time zone of <b>{ $name }</b> (now { $tz }). Choose one or send its name, e.g. Europe/Madrid.
remove-confirm =
    🗑 Remove <b>{ $name }</b>?
    I forget its address and key. Nothing changes in the tracker itself.
btn-postback-url = 🔗 Postback URL
btn-api-key = 🔑 Replace API key
btn-pb-remove = 🗑 Remove it
tracker-pb-ask =
    🔗 Postback URL of <b>{ $name }</b> (now: { $postback }).
    Send the new one — Keitaro shows it under “Settings → Postback URL”, like <code>https://your-domain/abc1234/postback</code>. I delete your message and store the URL encrypted.
tracker-pb-set = 🔗 <b>{ $tracker }</b>: postback URL saved ({ $url }).
tracker-pb-removed = 🔗 <b>{ $tracker }</b>: postback URL removed.
tracker-key-ask =
    🔑 Send the new Admin API key for <b>{ $name }</b>. I check it on the tracker first; the old key keeps working until the new one does.
    🔒 I delete the message with the key at once.
key-err-kept = The old key is still in use. Send another key, or go back.
tracker-key-replaced = 🔑 <b>{ $tracker }</b>: API key replaced.
tracker-card-key-unreadable = ⚠️ I cannot read the stored API key with the current SECRET_KEY: press “Replace API key” and send it again.
tracker-card-pb-unreadable = ⚠️ I cannot read the stored postback URL with the current SECRET_KEY: press “Postback URL” and send it again.
tracker-secret-unreadable-mark = ⚠️ cannot be read
secret-unreadable-key = 🔑 <b>{ $tracker }</b>: send the Admin API key again — I cannot read the stored one with the current SECRET_KEY (it was changed, or the copy is damaged).
secret-unreadable-key-do = Press the button and send the key; the tracker's settings, rules and reports stay as they are.
secret-unreadable-pb = 🔗 <b>{ $tracker }</b>: send the postback URL again — I cannot read the stored one with the current SECRET_KEY (it was changed, or the copy is damaged).
secret-unreadable-pb-do = Press the button and send the postback URL (Keitaro: “Settings → Postback URL”).
secret-unreadable-ask-owner = Ask the tracker's owner to enter it again in /trackers.
btn-reenter-key = 🔑 Re-enter API key
btn-reenter-pb = 🔗 Re-enter postback URL
tracker-card-ro = 🔒 Read-only: I make no changes on this tracker.
btn-read-only-on = 🔒 Make read-only
btn-read-only-off = 🔓 Allow changes
tracker-ro-on = 🔒 <b>{ $tracker }</b> is now read-only.
tracker-ro-off = 🔓 <b>{ $tracker }</b>: changes are allowed again.

## Basic alerts in one tap
basic-alerts-created =
    🚨 <b>{ $tracker }</b>: I enabled the basic alerts — { $rules }.
basic-alerts-kept = Already there: { $rules }.
basic-alerts-all-there = 🚨 <b>{ $tracker }</b>: the basic alerts are already on — { $rules }. I created nothing new.
basic-alerts-tune = Thresholds and severity: /alerts.
