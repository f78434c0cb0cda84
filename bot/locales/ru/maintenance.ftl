## Техработы: /maintenance, 🛠 Техработы на экране алертов, уведомления о начале и конце
cmd-maintenance = Техработы: заглушить трекер, кампанию или правило на время

maint-what = { $target ->
    [campaign] кампания «{ $what }»
    [rule] правило «{ $what }»
   *[tracker] весь трекер
}

## Уведомления в подписанных чатах
maint-started = 🛠 <b>Начались техработы</b> · { $tracker }
    Заглушено: { $target ->
        [campaign] кампания «{ $what }»
        [rule] правило «{ $what }»
       *[tracker] весь трекер
    } до { $until } ({ $tz }){ $daily ->
        [yes] , каждый день
       *[no] {""}
    }. Алерты по ним пока не отправляются; когда техработы закончатся, я расскажу, что было.
maint-ended = ✅ <b>Техработы закончились</b> · { $tracker }{ $cancelled ->
        [yes] {" "}(досрочно)
       *[no] {""}
    }
    Было заглушено: { $target ->
        [campaign] кампания «{ $what }»
        [rule] правило «{ $what }»
       *[tracker] весь трекер
    }{ $daily ->
        [yes] {" "}(каждый день)
       *[no] {""}
    }.
    Во время техработ: { $suppressed ->
        [one] { $suppressed } алерт не отправлен
        [few] { $suppressed } алерта не отправлено
       *[many] { $suppressed } алертов не отправлено
    }, ещё активно: { $firing }.

## Список
maint-btn-open = 🛠 Техработы
maint-title = 🛠 <b>Техработы</b> · { $tracker } (время: { $tz })
maint-none = Техработ не запланировано. Во время техработ алерты трекера, кампании или правила не отправляются; о начале и конце я пишу в подписанные чаты.
maint-line = { $n }. { $state ->
        [running] ▶️ идут
       *[upcoming] ⏳ запланированы
    }: { $what } · { $when } · создал(а) { $who }
maint-when-daily = каждый день { $start }–{ $end } ({ $length })
maint-when-once = { $start } – { $end }
maint-when-until = до { $end }
maint-when-over = закончились
maint-len-h = { $hours } ч
maint-len-m = { $minutes } мин
maint-len-hm = { $hours } ч { $minutes } мин
maint-btn-new = ➕ Новые
maint-btn-end = ⏹ Закончить сейчас: { $n }
maint-btn-cancel = ✖️ Отменить { $n }
maint-gone = Эти техработы уже закончились или отменены.
maint-ended-now = ⏹ Техработы закончены. О конце я напишу в подписанные чаты.
maint-cancelled = ✖️ Техработы отменены.
maint-created = ✅ Техработы сохранены. О начале я напишу в подписанные чаты.

## Новые
maint-what-ask = 🛠 <b>Новые техработы</b>
    Что заглушить?
maint-btn-tracker = Весь трекер
maint-btn-campaign = Кампанию
maint-btn-rule = Правило алертов
maint-no-campaigns = В трекере нет кампаний, которые вам видны.
maint-no-rules = У трекера ещё нет правил алертов.
maint-pick-ask = { $target ->
        [rule] Какое правило?
       *[campaign] Какую кампанию?
    }
maint-when-ask = Когда заглушить: { $what }?
    Нажмите кнопку или отправьте период (часовой пояс { $tz }):
    <code>03:00-03:30</code> · <code>2026-12-06 01:00 - 03:00</code> · <code>2026-12-06 23:00 - 2026-12-07 01:00</code>
    (не дольше { $max ->
        [one] { $max } дня
       *[other] { $max } дней
    }).
maint-btn-m30 = Сейчас на 30 мин
maint-btn-h1 = Сейчас на 1 ч
maint-btn-h2 = Сейчас на 2 ч
maint-btn-h4 = Сейчас на 4 ч
maint-err-format = «{ $typed }» — не похоже на период. Отправьте начало и конец, например <code>03:00-03:30</code> или <code>2026-12-06 01:00 - 03:00</code>.
maint-err-order = «{ $typed }»: конец должен быть позже начала.
maint-err-past = «{ $typed }» уже прошло. Отправьте период, который ещё не закончился.
maint-err-long = «{ $typed }» — слишком долго: техработы длятся не больше { $days ->
        [one] { $days } дня
       *[other] { $days } дней
    }.
maint-err-ahead = «{ $typed }» начинается слишком нескоро: не позже чем через { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }.
maint-err-over = Этот период уже прошёл. Выберите время заново.
maint-err-daily-long = Ежедневные техработы должны быть короче суток.
maint-repeat-ask = { $what }: { $start } – { $end } ({ $length }, { $tz }).
    Повторять каждый день в { $local_start }?
maint-btn-once = Только один раз
maint-btn-daily = 🔁 Каждый день
maint-confirm = 🛠 <b>Техработы</b>
    Заглушено: { $what }
    { $daily ->
        [yes] Каждый день в { $local_start } на { $length } ({ $tz })
       *[no] С { $start } до { $end } ({ $length }, { $tz })
    }
    Алерты по ним не отправляются; о начале и конце я напишу в подписанные чаты.
maint-btn-create = ✅ Создать

## Журнал действий трекера
audit-maintenance-create = запланировал(а) техработы #{ $window_id }: { $target ->
        [campaign] кампания «{ $label }»
        [rule] правило «{ $label }»
       *[tracker] весь трекер
    }
audit-maintenance-cancel = отменил(а) техработы #{ $window_id }
audit-maintenance-end = досрочно закончил(а) техработы #{ $window_id }
