# Хронология инцидента и история алертов (issue 19, часть 5)
tl-btn-timeline = 📜 Хронология
tl-btn-earlier = ◀️ Раньше
tl-btn-later = Позже ▶️
tl-btn-pm-text = 📝 Отправить разбор текстом
tl-btn-pm-file = 📎 Отправить файлом
tl-btn-history = 📚 История
tl-btn-history-back = ⬅️ Алерты
tl-head = 📜 <b>Хронология</b> · { $tracker }
tl-times = Время — { $tz }.
tl-earlier-hidden = … выше ещё { $count ->
    [one] { $count } событие
    [few] { $count } события
   *[many] { $count } событий
} (◀️ Раньше)
tl-later-hidden = … ниже ещё { $count ->
    [one] { $count } событие
    [few] { $count } события
   *[many] { $count } событий
} (Позже ▶️)
tl-ev-fired = 🔥 Сработал
tl-ev-fired-value = 🔥 Сработал: { $value }
tl-ev-notified = 📨 Отправлено: { $chats }
tl-ev-acked = ✅ Взял(а): { $name }
tl-ev-snoozed = 💤 { $name } отложил(а) { $until }
tl-ev-unsnoozed = 🔔 { $name } снял(а) отсрочку
tl-ev-muted = 🔕 { $name } заглушил(а) правило { $until }
tl-ev-muted-forever = 🔕 { $name } заглушил(а) правило бессрочно
tl-ev-unmuted = 🔔 { $name } снял(а) заглушку с правила
tl-ev-escalated = 📣 Эскалация (шаг { $step }): { $chats ->
    [one] сообщил в { $chats } чат
    [few] сообщил в { $chats } чата
   *[many] сообщил в { $chats } чатов
}
tl-ev-auto-pause = ⏸ Кампания { $campaign } отключена автоматически
tl-ev-auto-offer = ⏸ Доля оффера { $campaign } автоматически снижена до 0 %
tl-ev-auto-failed = ⚠️ Не удалось автоматически отключить { $campaign }
tl-ev-undo = ↩️ { $name } включил(а) { $campaign } обратно
tl-ev-keep = ▶️ { $name }: не отключать, автоматической паузы не будет
tl-ev-disabled = ⏸ { $name } отключил(а) кампанию { $campaign }
tl-ev-enabled = ▶️ { $name } включил(а) кампанию { $campaign }
tl-ev-action = ⚙️ { $what }
tl-ev-note = 📝 { $name }: { $text }
tl-ev-resolved = ✅ Отбой
tl-ev-resolved-value = ✅ Отбой: { $value }
tl-ev-reopened = 🔁 Открыт снова
tl-someone = кто-то
tl-gone = Этого алерта больше нет (его правило удалили).
tl-not-allowed = Этот алерт вам не виден: он не о ваших кампаниях или вы не в команде этого трекера.
tl-pm-resolved-only = Разбор будет готов, когда алерт закроется.
tl-pm-head = Разбор инцидента: { $rule }
tl-pm-tracker = Трекер: { $tracker }
tl-pm-campaign = Кампания: { $name }
tl-pm-fired = Сработал: { $at } ({ $tz })
tl-pm-resolved = Отбой: { $at } · длилось { $duration }
tl-pm-open = Всё ещё открыт, уже { $duration }
tl-pm-worst = Хуже всего было: { $worst } · под конец: { $last }
tl-pm-told = Кому сообщили: { $chats }
tl-pm-told-nobody = Кому сообщили: никому (ни одно сообщение не доставлено)
tl-pm-acked = Взял(а): { $name } в { $at }, через { $after } после срабатывания
tl-pm-not-acked = Никто не взял
tl-pm-actions = Действия:
tl-pm-no-actions = Действия: не было
tl-pm-notes = Заметки:
tl-pm-no-notes = Заметки: нет
tl-pm-timeline = Хронология ({ $tz }):
tl-pm-cut = … остальное — в файле: 📎 Отправить файлом
tl-pm-file-caption = 📎 Разбор инцидента: { $rule }
tl-note-added = 📝 Заметка добавлена в хронологию.
tl-note-too-long = ⚠️ Заметка слишком длинная: { $length ->
        [one] { $length } символ
        [few] { $length } символа
       *[other] { $length } символов
    }, можно не больше { $limit }. Ответьте на алерт ещё раз заметкой покороче.
tl-note-empty = ⚠️ В заметке нужен текст: ответьте на сообщение алерта словами (фото и стикеры я не сохраняю).
tl-note-not-allowed = ⚠️ Я не добавил это в хронологию: вы не в команде трекера этого алерта (или алерт не о ваших кампаниях).
tl-note-gone = ⚠️ Этого алерта больше нет (его правило удалили): добавлять заметку некуда.
tl-hist-head = 📚 <b>История</b> · { $tracker } · { $days ->
        [one] последний { $days } день
        [few] последние { $days } дня
       *[other] последние { $days } дней
    }
tl-hist-empty = { $days ->
        [one] За последний { $days } день
        [few] За последние { $days } дня
       *[other] За последние { $days } дней
    } алертов не было.
tl-hist-count = { $count ->
    [one] { $count } алерт
    [few] { $count } алерта
   *[many] { $count } алертов
}, сначала новые. Нажмите на алерт, чтобы увидеть его хронологию.
tl-hist-line = { $icon } <b>{ $rule }</b>{ $scope }
tl-hist-when = { $opened } · { $duration }
tl-hist-when-open = { $opened } · всё ещё открыт ({ $duration })
tl-hist-acked = ✅ { $name }
tl-hist-not-acked = никто не взял
tl-hist-back = ⬅️ История
