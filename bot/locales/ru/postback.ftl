## Тест постбека
cmd-postback = Тест постбека: отправить тестовую конверсию и проверить, что Keitaro её записал
btn-postback = 🧪 Тест постбека
pb-step-tracker =
    🧪 <b>Тест постбека</b>
    Какой трекер? (★ — активный)
pb-step-url =
    🧪 <b>{ $tracker }</b>: postback URL ещё не сохранён.
    Отправьте его один раз — Keitaro показывает его в Настройки → Postback URL, вида <code>https://ваш-домен/abc1234/postback</code>. Я сохраню его в зашифрованном виде и удалю ваше сообщение.
pb-url-saved = 🔒 Postback URL для <b>{ $tracker }</b> сохранён: { $url }. Ваше сообщение с ним удалено.
pb-step-click =
    🧪 <b>{ $tracker }</b> — 1/7 <b>ID клика</b> (в Keitaro — <code>subid</code>)
    Отправьте ID реального клика или выберите один из последних.
pb-step-click-pick = 🧪 <b>{ $tracker }</b>: последние клики (сначала новые). Выберите:
pb-no-recent = На { $tracker } нет кликов за последние 30 дней. Отправьте ID клика.
pb-click-missing =
    ⚠️ Клика <code>{ $click }</code> нет в логе кликов { $tracker } за последние 30 дней.
    Keitaro ответит «SubID not found», если клика не существует. Продолжить или ввести другой ID?
pb-click-found = ✅ Клик найден: { $when } · { $campaign } · { $country }
pb-step-status = 🧪 { $tracker } — 2/7 <b>статус</b> (по умолчанию lead)
pb-step-payout =
    🧪 { $tracker } — 3/7 <b>выплата</b>: число вроде <code>12.5</code> или <code>12,5</code>. «Пропустить» — не передавать.
pb-step-cost = 🧪 { $tracker } — 4/7 <b>расход</b>: число или «Пропустить».
pb-step-currency = 🧪 { $tracker } — 5/7 <b>валюта</b>. «Пропустить» — валюта трекера по умолчанию.
pb-step-currency-other = 🧪 { $tracker } — валюта: отправьте трёхбуквенный код ISO, например <code>GBP</code>.
pb-step-tid =
    🧪 { $tracker } — 6/7 <b>ID транзакции</b> (tid).
    Тот же tid обновляет конверсию, новый tid добавляет ещё одну. Отправьте свой, сгенерируйте уникальный или пропустите.
pb-step-sub1 = 🧪 { $tracker } — 7/7 <b>sub_id_1</b>: отправьте значение или «Пропустить».
pb-summary =
    🧪 <b>Тест постбека — { $tracker }</b>
    { $lines }

    <b>Будет вызван URL</b> (ключ скрыт):
    <code>{ $url }</code>

    ⚠️ Это запишет <b>настоящую конверсию</b> в статистику { $tracker }.
pb-summary-click-missing = ⚠️ клик не найден за последние 30 дней
pb-field-click_id = ID клика
pb-field-status = Статус
pb-field-payout = Выплата
pb-field-cost = Расход
pb-field-currency = Валюта
pb-field-tid = ID транзакции
pb-field-sub_id_1 = sub_id_1
pb-not-set = —
pb-edit-which = ✏️ Какое поле изменить?
pb-sending = ⏳ Отправляю постбек в { $tracker }…
pb-result =
    📨 <b>Отправлено</b> в { $tracker }: HTTP { $status } за { $ms } мс
    Ответ трекера: <code>{ $answer }</code>
pb-checking = ⏳ Проверяю, что Keitaro записал конверсию… (проверка { $n }, { $seconds } с)
pb-verdict-recorded =
    ✅ <b>Записано.</b> Keitaro сохранил: статус <b>{ $status }</b>{ $previous }, доход { $revenue } { $currency }
    Кампания: { $campaign } · Оффер: { $offer }
pb-verdict-previous = {" "}(был { $previous })
pb-verdict-refused-subid = ❌ <b>Не записано</b>: Keitaro не нашёл этот клик (SubID not found).
pb-verdict-refused-status = ❌ <b>Не записано</b>: Keitaro не знает такого статуса.
pb-verdict-refused-transition = ❌ <b>Не записано</b>: Keitaro не разрешает такую смену статуса.
pb-verdict-refused-ignored = ❌ <b>Не записано</b>: статус в списке игнорируемых.
pb-verdict-refused-key = ❌ <b>Не записано</b>: неверный ключ постбека.
pb-verdict-log = Лог трекера: <code>{ $line }</code>
pb-verdict-wrong-key = ❌ <b>Не записано</b>: трекер говорит, что ключ постбека неверный. Проверьте postback URL, сохранённый для { $tracker } (/trackers).
pb-verdict-no-subid = ❌ <b>Не записано</b>: трекер говорит, что ID клика не передан или неверен.
pb-verdict-http = ❌ <b>Не записано</b>: трекер ответил ошибкой (HTTP { $status }).
pb-verdict-html = ❌ <b>Не записано</b>: по адресу открылась веб-страница — похоже, это не postback URL Keitaro.
pb-verdict-no-trace = 🤷 <b>Пока следов нет</b> после { $checks } проверок. Возможно, Keitaro ещё обрабатывает — проверьте через минуту.
pb-verdict-interrupted = 🤷 Проверка прервалась (бот перезапускался). Нажмите «Проверить ещё раз».
pb-send-failed = ❌ Постбек не дошёл до { $tracker }: { $reason }
pb-details-title = 🔎 <b>Подробности</b> (ключи скрыты)
btn-pb-recent = 🕘 Выбрать недавний клик
btn-pb-continue = ➡️ Всё равно продолжить
btn-pb-reenter = ✏️ Ввести другой ID
btn-pb-other = Другая…
btn-pb-generate = 🎲 Сгенерировать test-…
btn-pb-send = 🚀 Отправить
btn-pb-edit = ✏️ Изменить поле
btn-pb-details = 🔎 Подробности
btn-pb-repeat = 🔁 Повторить с изменениями
btn-pb-done = ✅ Готово
btn-pb-check-again = 🔄 Проверить ещё раз
pb-err-click-empty = ID клика пустой.
pb-err-click-spaces = В ID клика нет пробелов.
pb-err-click-long = ID клика слишком длинный (максимум { $max } символов).
pb-err-click-chars = В ID клика только буквы, цифры и - _ . : ~
pb-err-amount-nan = Это не число. Отправьте что-то вроде 12.5 или 12,5.
pb-err-amount-negative = Сумма не может быть отрицательной.
pb-err-amount-absurd = Это больше { $max } — наверное, опечатка?
pb-err-amount-precision = Не больше 4 знаков после запятой.
pb-err-currency-format = Валюта — это 3 буквы, например USD или GBP.
pb-err-currency-unknown = { $code } — не код валюты ISO.
pb-err-status = Статус — один из: { $statuses }.
pb-err-text = Отправьте одну строку текста.
pb-err-text-long = Слишком длинно (максимум { $max } символов).
pb-err-no-trackers = У вас пока нет трекеров. Сначала добавьте трекер через /trackers.
pb-err-usage = Формат: /postback &lt;click_id&gt; [статус] [выплата]
pb-err-lookup = Не удалось проверить клик: { $reason }
pb-err-url = Это не postback URL Keitaro. Он выглядит так: https://ваш-домен/abc1234/postback — отправьте ещё раз.
