# Issue 19: алерт, который можно прочитать за две секунды — первая строка и график

## Первая строка: что не так, насколько, и где
charts-head = { $icon } <b>{ $what }</b> · { $where }
charts-head-alone = { $icon } <b>{ $what }</b>
charts-what-traffic_drop = Клики { $change } к обычному
charts-what-traffic_spike = Клики { $change } к обычному
charts-what-no_conversions = Нет конверсий уже { $window }
charts-what-roi_below = ROI { $roi } (ниже { $threshold })
charts-what-cr_below = CR { $cr } (ниже { $threshold })
charts-what-rejected_share = Отклонено { $share } (выше { $threshold })
charts-what-tracker_down = Трекер недоступен: { $failure }

## График
charts-unit-clicks = Клики
charts-unit-conversions = Конверсии
charts-unit-roi = ROI, %
charts-unit-cr = CR, %
charts-unit-rejected = Отклонено, %
charts-per-step = { $unit } за { $hours } ч
charts-baseline = Обычно
charts-threshold = Порог
charts-firing = Алерт открыт
charts-axis-time = Время ({ $tz })
charts-what-heartbeat = { $postbacks ->
    [yes] Ни одной конверсии уже { $window }
   *[no] Ни одного клика уже { $window }
}
