## Шторм алертов (задача 19): алерты одного трекера, сработавшие вместе, — одно сообщение

storms-head = { $icon } <b>{ $count ->
    [one] { $count } алерт
    [few] { $count } алерта
   *[other] { $count } алертов
} сразу</b> · { $tracker }
storms-still = 🔁 <b>Всё ещё открыты</b> (единственное напоминание об этих алертах)
storms-since = 🕒 С { $at } ({ $tz }), уже { $age }
storms-more = + ещё { $count } · 📋 Показать все
storms-progress = Взяли: { $acked } из { $total } · Отбой: { $resolved } из { $total }
storms-line-acked = ✅ { $name }
storms-line-snoozed = 💤 { $until }
storms-resolved = ✅ <b>Отбой: { $count ->
    [one] { $count } алерт
    [few] { $count } алерта
   *[other] { $count } алертов
} · { $tracker }</b>
storms-lasted = ⏱ Длилось { $duration } ({ $start } – { $end }, { $tz })
storms-all-head = 📋 <b>Все алерты этого сообщения</b> · { $tracker }
storms-all-hint = Берите или откладывайте их по одному кнопками с номерами.
storms-inhibited = { $count ->
    [one] ⏸ { $count } правило молчит, пока трекер недоступен: его алерт, если будет, придёт, когда трекер вернётся.
    [few] ⏸ { $count } правила молчат, пока трекер недоступен: их алерты, если будут, придут вместе, когда трекер вернётся.
   *[other] ⏸ { $count } правил молчат, пока трекер недоступен: их алерты, если будут, придут вместе, когда трекер вернётся.
}
storms-btn-ack-all = ✅ Беру все
storms-btn-snooze-1h = 💤 Все на 1 ч
storms-btn-snooze-4h = 💤 Все на 4 ч
storms-btn-show-all = 📋 Показать все ({ $count })
storms-btn-ack-one = ✅ { $n }
storms-btn-snooze-one = 💤 { $n } · 1 ч
storms-acked = { $count ->
    [0] Брать нечего: все алерты здесь уже взяты или закрыты.
    [one] ✅ { $count } алерт ваш: повторов больше не будет.
    [few] ✅ { $count } алерта ваши: повторов больше не будет.
   *[other] ✅ { $count } алертов ваши: повторов больше не будет.
}
storms-snoozed = { $count ->
    [0] Откладывать нечего: все алерты здесь закрыты.
    [one] 💤 { $count } алерт отложен { $until } ({ $tz }).
    [few] 💤 { $count } алерта отложены { $until } ({ $tz }).
   *[other] 💤 { $count } алертов отложено { $until } ({ $tz }).
}
storms-gone = Этих алертов больше нет (их трекер или правила удалены).
storms-not-listed = Этого алерта в сообщении больше нет.
storms-already-resolved = Отбой по всем этим алертам был в { $at } ({ $tz }).
storms-escalated = ⏫ <b>Эскалация:</b> никто не взял эти алерты за { $age }.
