## Buyer scope: what a member limited to some campaigns is told (issue 16)
kerr-scope = { $tracker }: your access is limited to your campaigns, and this reads or changes more than them. The tracker's owner or a manager not limited to some campaigns can do it.
scope-logs-unavailable = 🔒 The tracker's logs cover every campaign, and your access is limited to your campaigns, so I do not show them to you. Your conversions are in /conversions; if a postback did not arrive, ask the tracker's owner to look at the postbacks log.
scope-digest-left-out = 🗓 The daily digest of <b>{ $tracker }</b> covers every campaign, and your access is limited to your campaigns, so I do not send it to you. Your numbers for yesterday: /stats
