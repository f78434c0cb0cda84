# Issue 19: an alert you can read in two seconds — its first line and its chart

## The first line: what is wrong and how bad, and where
charts-head = { $icon } <b>{ $what }</b> · { $where }
charts-head-alone = { $icon } <b>{ $what }</b>
charts-what-traffic_drop = Clicks { $change } vs usual
charts-what-traffic_spike = Clicks { $change } vs usual
charts-what-no_conversions = No conversions for { $window }
charts-what-roi_below = ROI { $roi } (below { $threshold })
charts-what-cr_below = CR { $cr } (below { $threshold })
charts-what-rejected_share = Rejected { $share } (above { $threshold })
charts-what-tracker_down = Tracker unreachable: { $failure }

## The chart
charts-unit-clicks = Clicks
charts-unit-conversions = Conversions
charts-unit-roi = ROI, %
charts-unit-cr = CR, %
charts-unit-rejected = Rejected, %
charts-per-step = { $unit } per { $hours } h
charts-baseline = Usual
charts-threshold = Threshold
charts-firing = Alert open
charts-axis-time = Time ({ $tz })
charts-what-heartbeat = { $postbacks ->
    [yes] No conversions at all for { $window }
   *[no] No clicks at all for { $window }
}
