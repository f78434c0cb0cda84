## Newer trackers' quirks: Cloudflare 1010, 422
kerr-cloudflare_1010 = { $tracker }: Cloudflare blocked my requests by their User-Agent (error 1010). In Cloudflare allow the agent I send (KEITARO_USER_AGENT, “keitaro-oncall-bot” by default) for the admin address, or ask the bot's admin to set one your Cloudflare lets through.
kerr-validation_422 = { $tracker }: the tracker did not accept the values (422).
