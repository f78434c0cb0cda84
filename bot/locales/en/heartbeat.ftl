## Heartbeats (issue 19, part 4): the "Heartbeat" rule kind — no clicks / conversions at all
alerts-kind-heartbeat = Heartbeat
alerts-kind-heartbeat-about = No clicks in busy hours.
alerts-q-heartbeat-silence_minutes = How long without a single click is an outage? E.g. 60m. (Numbers come hourly from the tracker, so I notice within the hour.)
alerts-q-heartbeat-postbacks = Watch conversions (postbacks) instead of clicks? “no” — clicks.
alerts-q-heartbeat-per_source = Watch each traffic source on its own? “no” — the whole tracker (or the campaign you picked).
alerts-q-heartbeat-baseline_days = How many previous days should I look at to learn when traffic normally flows (the same time of day on each)? 7 or 14.
alerts-q-heartbeat-min_usual = Below how many clicks (conversions) usually seen in that time is it quiet hours, not an outage? E.g. 5.
alerts-p-silence_minutes = No traffic for
alerts-p-postbacks = Conversions instead of clicks
alerts-p-per_source = Each traffic source on its own
alerts-p-min_usual = Quiet hours below
alerts-hb-clicks = clicks
alerts-hb-conversions = conversions
alerts-what-heartbeat = No { $what } at all for { $window }, although about { $usual } usually come at this time of day (median of the previous { $days } { $days ->
    [one] day
   *[other] days
}).
alerts-what-heartbeat-source = No { $what } at all from traffic source { $source } for { $window }, although about { $usual } usually come at this time of day (median of the previous { $days } { $days ->
    [one] day
   *[other] days
}).
alerts-note-quiet_hours = quiet hours: no traffic is usual at this time of day
alerts-scope-source-id = traffic source #{ $id }
