## Тест постбека
cmd-postback = Тест постбека: отправить тестовую конверсию и проверить, записал ли её Keitaro
btn-postback = 🧪 Тест постбека
pb-step-tracker =
    🧪 <b>Тест постбека</b>
    На каком трекере? (★ — активный)
pb-step-url =
    🧪 <b>{ $tracker }</b>: я ещё не знаю postback URL этого трекера.
    Отправьте его один раз — Keitaro показывает его в «Настройки → Postback URL», вида <code>https://ваш-домен/abc1234/postback</code>. Я сохраню его в зашифрованном виде и удалю ваше сообщение.
pb-url-saved = 🔒 Postback URL для <b>{ $tracker }</b> сохранён: { $url }. Ваше сообщение с ним я удалил.
pb-step-click =
    🧪 <b>{ $tracker }</b> — <b>ID клика (subid)</b>
    Отправьте ID реального клика или выберите недавний. Остальное я заполню сам (статус лид (lead), новый tid) — перед отправкой любое поле можно изменить.
    Быстрее одной командой: <code>/postback ID_клика sale 12,5</code>
pb-step-click-pick = 🧪 <b>{ $tracker }</b>: недавние клики, сначала новые (время · страна · кампания). Выберите:
pb-no-recent = На { $tracker } за последние 30 дней кликов нет. Отправьте ID клика.
pb-click-missing =
    ⚠️ Клика <code>{ $click }</code> нет в логе кликов { $tracker } за последние 30 дней.
    Если клика нет, Keitaro ответит «SubID not found» и ничего не запишет. Продолжить всё равно или ввести другой ID?
pb-click-found = ✅ Клик найден: { $when } · { $country } · { $campaign }
pb-step-status = 🧪 { $tracker } — <b>статус</b> (по умолчанию лид (lead)). Нажмите кнопку или отправьте значение Keitaro, например <code>sale</code>.
pb-step-payout =
    🧪 { $tracker } — <b>выплата</b>: число, например <code>12,5</code>. «Пропустить» — не передавать выплату.
pb-step-cost = 🧪 { $tracker } — <b>расход</b>: число, например <code>0,35</code>, или «Пропустить».
pb-step-currency = 🧪 { $tracker } — <b>валюта</b>. «Пропустить» — валюта трекера по умолчанию.
pb-step-currency-other = 🧪 { $tracker } — валюта: отправьте трёхбуквенный код ISO, например <code>GBP</code>.
pb-step-tid =
    🧪 { $tracker } — <b>ID транзакции (tid)</b>.
    С тем же tid Keitaro обновит конверсию, с новым — добавит ещё одну. Отправьте свой, сгенерируйте новый или пропустите.
pb-step-sub1 = 🧪 { $tracker } — <b>sub_id_1</b>: отправьте значение или «Пропустить».
pb-summary =
    🧪 <b>Тест постбека — { $tracker }</b>
    { $lines }

    <b>Я вызову</b> (ключ скрыт):
    <code>{ $url }</code>

    ⚠️ Это запишет <b>настоящую конверсию</b> в статистику { $tracker }. Любое поле можно поменять: «Изменить поле».
pb-summary-click-missing = ⚠️ клик не найден за последние 30 дней
pb-field-click_id = ID клика (subid)
pb-field-status = Статус
pb-field-payout = Выплата
pb-field-cost = Расход
pb-field-currency = Валюта
pb-field-tid = ID транзакции (tid)
pb-field-sub_id_1 = sub_id_1
pb-status-lead = лид (lead)
pb-status-sale = продажа (sale)
pb-status-rejected = отклонено (rejected)
pb-status-rebill = ребилл (rebill)
pb-not-set = —
pb-edit-which = ✏️ Какое поле изменить?
pb-sending = ⏳ Отправляю постбек в { $tracker }…
pb-result-accepted = 📨 Трекер ответил за { $ms } мс: HTTP { $status }, <code>{ $answer }</code> — запрос принят (это ещё не запись).
pb-result = 📨 Трекер ответил за { $ms } мс: HTTP { $status }, <code>{ $answer }</code>
pb-checking = ⏳ Проверяю, записал ли Keitaro конверсию… (проверка { $n }, { $seconds } с)
pb-verdict-recorded =
    ✅ <b>Записано.</b> Кампания: { $campaign } · оффер: { $offer }
pb-compare-head = Отправлено → записано:
pb-compare-status = Статус: { $sent } → <b>{ $stored }</b>{ $previous }
pb-compare-amount = Выплата: { $sent } → <b>{ $stored }</b>
pb-verdict-previous = {" "}(до этого: { $previous })
pb-verdict-refused-subid = ❌ <b>Не записано</b>: Keitaro не нашёл этот клик (SubID not found).
pb-verdict-refused-status = ❌ <b>Не записано</b>: Keitaro не знает такого статуса.
pb-verdict-refused-transition = ❌ <b>Не записано</b>: Keitaro не разрешает такую смену статуса.
pb-verdict-refused-ignored = ❌ <b>Не записано</b>: этот статус в списке игнорируемых.
pb-verdict-refused-key = ❌ <b>Не записано</b>: неверный ключ постбека.
pb-verdict-log = Лог трекера: <code>{ $line }</code>
pb-verdict-wrong-key = ❌ <b>Не записано</b>: трекер говорит, что ключ постбека неверный. Проверьте postback URL трекера { $tracker } в /trackers.
pb-verdict-no-subid = ❌ <b>Не записано</b>: трекер говорит, что ID клика не передан или неверен.
pb-verdict-http = ❌ <b>Не записано</b>: трекер ответил ошибкой (HTTP { $status }).
pb-verdict-html = ❌ <b>Не записано</b>: по адресу открылась веб-страница — похоже, это не postback URL Keitaro.
pb-verdict-no-trace = ⏳ <b>Конверсии пока нет</b>: я проверил { $checks ->
        [one] { $checks } раз
        [few] { $checks } раза
       *[many] { $checks } раз
    }. Keitaro иногда записывает с задержкой — нажмите «Проверить ещё раз» через минуту.
pb-verdict-interrupted = 🤷 Проверка прервалась: я перезапускался. Нажмите «Проверить ещё раз».
pb-send-failed = ❌ Постбек не дошёл до { $tracker }: { $reason }
pb-details-title = 🧾 <b>Подробности</b> (ключи скрыты)
btn-pb-recent = 🕘 Недавние клики
btn-pb-continue = ➡️ Всё равно дальше
btn-pb-reenter = ✏️ Другой ID
btn-pb-other = Другая…
btn-pb-generate = 🎲 Новый tid
btn-pb-send = 🚀 Отправить
btn-pb-edit = ✏️ Изменить поле
btn-pb-details = 🧾 Подробности
btn-pb-repeat = 🔁 Повторить
btn-pb-done = ✅ Готово
btn-pb-check-again = 🔄 Проверить ещё раз
pb-err-click-empty = ID клика пустой. Отправьте ID клика (subid).
pb-err-click-spaces = В ID клика не бывает пробелов.
pb-err-click-long = ID клика слишком длинный: можно не больше { $max ->
        [one] { $max } символа
        [few] { $max } символов
       *[many] { $max } символов
    }.
pb-err-click-chars = ID клика состоит из букв, цифр и знаков - _ . : ~
pb-err-amount-nan = Это не число. Отправьте, например, 12,5.
pb-err-amount-negative = Сумма не может быть отрицательной.
pb-err-amount-absurd = Больше { $max } — похоже на опечатку. Отправьте сумму ещё раз.
pb-err-amount-precision = Не больше четырёх знаков после запятой.
pb-err-currency-format = Валюта — это три латинские буквы, например USD или GBP.
pb-err-currency-unknown = { $code } — не код валюты ISO. Например: USD, EUR, RUB.
pb-err-status = Такого статуса нет. Нажмите кнопку или отправьте одно из: { $statuses }.
pb-err-text = Отправьте одну строку текста.
pb-err-text-long = Слишком длинно: можно не больше { $max ->
        [one] { $max } символа
        [few] { $max } символов
       *[many] { $max } символов
    }.
pb-err-no-trackers = У вас пока нет трекеров. Сначала добавьте трекер: /trackers.
pb-err-usage = Формат: <code>/postback ID_клика [статус] [выплата]</code>, например <code>/postback abc123 sale 12,5</code>
pb-err-lookup = Не получилось проверить клик: { $reason }
pb-err-url = Это не postback URL Keitaro. Он выглядит так: https://ваш-домен/abc1234/postback — отправьте ещё раз.
