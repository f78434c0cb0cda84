## Алерты: /alerts (правила), сообщения об алертах и их кнопки, /silences
cmd-alerts = Правила алертов и открытые алерты активного трекера
cmd-silences = Отложенные алерты и заглушённые правила — снять досрочно

## Важность
alerts-sev-critical = КРИТИЧНО
alerts-sev-warning = ВНИМАНИЕ
alerts-sev-info = ИНФО
alerts-sev-critical-long = 🔴 Критично — со звуком, повтор каждый час, эскалация
alerts-sev-warning-long = 🟠 Внимание — без звука, повтор раз в 4 часа
alerts-sev-info-long = 🔵 Инфо — без звука, без повторов

## Виды правил (шаблоны)
alerts-kind-tracker_down = Трекер недоступен
alerts-kind-tracker_down-about = Admin API не отвечает (таймаут, 5xx, веб-страница вместо JSON, Cloudflare, отклонённый ключ) несколько проверок подряд.
alerts-kind-no_conversions = Нет конверсий
alerts-kind-no_conversions-about = Нет конверсий за последние часы, хотя по тем же часам прошлых дней их ожидается достаточно (не меньше 3), чтобы ноль был маловероятен.
alerts-kind-traffic_drop = Падение трафика
alerts-kind-traffic_drop-about = Кликов за последнее окно заметно меньше, чем в то же окно неделю назад.
alerts-kind-traffic_spike = Всплеск трафика
alerts-kind-traffic_spike-about = Кликов за последнее окно заметно больше, чем в то же окно неделю назад.
alerts-kind-roi_below = ROI ниже порога
alerts-kind-roi_below-about = ROI за окно ниже порога — когда потрачено достаточно денег.
alerts-kind-cr_below = CR ниже порога
alerts-kind-cr_below-about = Конверсия за окно ниже порога — когда кликов достаточно.
alerts-kind-rejected_share = Доля отклонённых
alerts-kind-rejected_share-about = Доля отклонённых конверсий выше порога — когда конверсий достаточно.
alerts-kind-postback_problems = Проблемы с постбеками
alerts-kind-postback_problems-about = В логе постбеков трекера появляются строки «SubID not found» или с неизвестным статусом.
alerts-kind-object_changed = Объект изменился
alerts-kind-object_changed-about = Кампанию или поток отключили или архивировали (кто угодно), либо оффер достиг дневного капа.

## Значения правила
alerts-p-failures = Неудачных проверок подряд
alerts-p-hours = Часов без конверсий
alerts-p-baseline_days = Дней истории
alerts-p-for_seconds = Держится
alerts-p-window_minutes = Окно
alerts-p-window_hours = Окно
alerts-p-fire_ratio = Срабатывает при
alerts-p-resolve_ratio = Восстановление при
alerts-p-min_baseline_clicks = Минимум обычных кликов
alerts-p-min_clicks = Минимум кликов
alerts-p-fire_below = Срабатывает ниже
alerts-p-resolve_above = Восстановление при
alerts-p-min_cost = Минимальный расход
alerts-p-fire_above = Срабатывает выше
alerts-p-resolve_below = Восстановление при
alerts-p-min_conversions = Минимум конверсий
alerts-p-fire_at = Срабатывает при
alerts-p-resolve_at = Восстановление при
alerts-p-campaigns = Кампании отключены или в архиве
alerts-p-flows = Потоки отключены или в архиве
alerts-p-offer_caps = Дневной кап оффера достигнут
alerts-p-severity = Важность
alerts-on = вкл
alerts-off = выкл
alerts-u-s = с
alerts-u-min = мин
alerts-u-h = ч
alerts-u-d = д
alerts-u-none = сразу

## Вопросы пошаговой настройки
alerts-q-tracker_down-failures = Сколько проверок подряд должны провалиться, чтобы алерт сработал? Одна проверка — один такт движка алертов.
alerts-q-no_conversions-hours = Сколько последних часов без единой конверсии считать проблемой?
alerts-q-no_conversions-baseline_days = По скольким прошлым дням (те же часы каждого) считать, сколько конверсий ожидать?
alerts-q-no_conversions-for_seconds = Сколько это должно продержаться, прежде чем алерт сработает? (0 — сразу)
alerts-q-traffic_drop-window_minutes = За какое последнее окно считать клики?
alerts-q-traffic_drop-fire_ratio = Срабатывать, когда кликов стало какой долей от того же окна неделю назад (или меньше)?
alerts-q-traffic_drop-resolve_ratio = Считать восстановившимся, когда кликов снова какая доля от обычного (или больше)?
alerts-q-traffic_drop-min_baseline_clicks = Оценивать, только если обычно в окне хотя бы столько кликов:
alerts-q-traffic_drop-for_seconds = Сколько должно продержаться падение, прежде чем алерт сработает? (0 — сразу)
alerts-q-traffic_spike-window_minutes = За какое последнее окно считать клики?
alerts-q-traffic_spike-fire_ratio = Срабатывать, когда кликов во сколько раз больше, чем в то же окно неделю назад (или больше)?
alerts-q-traffic_spike-resolve_ratio = Считать восстановившимся, когда кликов снова во столько раз больше обычного (или меньше)?
alerts-q-traffic_spike-min_clicks = Оценивать, только если в окне хотя бы столько кликов:
alerts-q-traffic_spike-for_seconds = Сколько должен продержаться всплеск, прежде чем алерт сработает? (0 — сразу)
alerts-q-roi_below-window_hours = За какое последнее окно считать ROI?
alerts-q-roi_below-fire_below = Срабатывать, когда ROI в % ниже:
alerts-q-roi_below-resolve_above = Считать восстановившимся, когда ROI в % снова не ниже:
alerts-q-roi_below-min_cost = Оценивать, только если расход в окне не меньше:
alerts-q-roi_below-for_seconds = Сколько ROI должен оставаться низким, прежде чем алерт сработает? (0 — сразу)
alerts-q-cr_below-window_hours = За какое последнее окно считать CR?
alerts-q-cr_below-fire_below = Срабатывать, когда CR в % ниже:
alerts-q-cr_below-resolve_above = Считать восстановившимся, когда CR в % снова не ниже:
alerts-q-cr_below-min_clicks = Оценивать, только если в окне хотя бы столько кликов:
alerts-q-cr_below-for_seconds = Сколько CR должен оставаться низким, прежде чем алерт сработает? (0 — сразу)
alerts-q-rejected_share-window_hours = За какое последнее окно считать конверсии?
alerts-q-rejected_share-fire_above = Срабатывать, когда доля отклонённых в % выше:
alerts-q-rejected_share-resolve_below = Считать восстановившимся, когда доля отклонённых в % снова не выше:
alerts-q-rejected_share-min_conversions = Оценивать, только если в окне хотя бы столько конверсий:
alerts-q-rejected_share-for_seconds = Сколько это должно продержаться, прежде чем алерт сработает? (0 — сразу)
alerts-q-postback_problems-window_minutes = За какое последнее окно считать плохие строки лога постбеков?
alerts-q-postback_problems-fire_at = Срабатывать, когда в окне хотя бы столько плохих строк:
alerts-q-postback_problems-for_seconds = Сколько это должно продержаться, прежде чем алерт сработает? (0 — сразу)
alerts-q-object_changed-campaigns = Сообщать, когда кампанию отключили или архивировали?
alerts-q-object_changed-flows = Сообщать, когда поток отключили или архивировали?
alerts-q-object_changed-offer_caps = Сообщать, когда оффер достиг дневного капа?
alerts-hint-int = Пришлите целое число или нажмите кнопку, чтобы оставить как есть.
alerts-hint-num = Пришлите число или нажмите кнопку, чтобы оставить как есть.
alerts-hint-money = Пришлите сумму в валюте трекера, например <code>50</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-pct = Пришлите процент, например <code>1,5</code> или <code>-10%</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-share = Пришлите процент от обычного числа кликов, например <code>50%</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-times = Пришлите, во сколько раз больше обычного, например <code>2</code> или <code>×1,5</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-minutes = Пришлите минуты, например <code>90</code>, или с единицей: <code>45м</code>, <code>2ч</code>. Или нажмите кнопку, чтобы оставить как есть.
alerts-hint-hours = Пришлите часы, например <code>24</code>, или с единицей: <code>2д</code>. Или нажмите кнопку, чтобы оставить как есть.
alerts-hint-duration = Пришлите минуты, например <code>10</code>, или с единицей: <code>30с</code>, <code>15м</code>, <code>1ч</code>; <code>0</code> — сразу. Или нажмите кнопку, чтобы оставить как есть.
alerts-step = <i>Шаг { $n } из { $total }</i>
alerts-default = По умолчанию: <b>{ $value }</b>
alerts-now = Сейчас: <b>{ $value }</b>

## Ошибки ввода
alerts-err-number = «{ $value }» — не число. Пришлите цифры, например <code>50</code> или <code>1,5</code>.
alerts-err-whole = «{ $value }» — здесь нужно целое число. Пришлите, например, <code>3</code>.
alerts-err-duration = Не понял «{ $value }» как длительность. Пришлите, например, <code>30м</code>, <code>2ч</code> или просто минуты: <code>90</code>.
alerts-err-bool = Нажмите «Вкл» или «Выкл» (или пришлите да / нет).
alerts-err-min = { $field }: не меньше { $limit }. Пришлите значение побольше.
alerts-err-above = { $field }: больше { $limit }. Пришлите значение побольше.
alerts-err-max = { $field }: не больше { $limit }. Пришлите значение поменьше.
alerts-err-below = { $field }: меньше { $limit }. Пришлите значение поменьше.
alerts-err-pair-above = «{ $field }» должно быть выше, чем «{ $other }» ({ $value }), иначе алерт будет мигать. Пришлите значение побольше или вернитесь и измените «{ $other }».
alerts-err-pair-below = «{ $field }» должно быть ниже, чем «{ $other }» ({ $value }), иначе алерт будет мигать. Пришлите значение поменьше или вернитесь и измените «{ $other }».
alerts-err-baseline = Чтобы знать, чего ожидать, нужен хотя бы один день истории. Пришлите 1 или больше.
alerts-err-watch-one = Правило должно за чем-то следить: оставьте включённым хотя бы одно — кампании, потоки или капы офферов.
alerts-err-invalid = Такое значение не подходит для «{ $field }». Пришлите другое.
alerts-err-save = Эти значения не сочетаются. Нажмите «Изменить значения» и проверьте их.

## /alerts: список
alerts-list-head = 🚨 <b>Алерты</b> · { $tracker }
alerts-list-open = { $count ->
    [one] <b>{ $count } открытый алерт:</b>
    [few] <b>{ $count } открытых алерта:</b>
   *[other] <b>{ $count } открытых алертов:</b>
}
alerts-list-no-open = Открытых алертов нет. ✅
alerts-list-rules = { $count ->
    [one] <b>{ $count } правило:</b>
    [few] <b>{ $count } правила:</b>
   *[other] <b>{ $count } правил:</b>
}
alerts-list-no-rules = Правил пока нет. Нажмите «➕ Новое правило», чтобы следить за трекером: это минута, у каждого значения разумное значение по умолчанию.
alerts-open-line = { $icon } <b>{ $name }</b>{ $where } — уже { $age }, значение { $value }{ $extra }
alerts-open-acked = ✅ { $name }
alerts-open-snoozed = 💤 до { $until }
alerts-rule-line = { $icon } { $title } · { $scope } · { $severity }{ $flags }
    { "  " }{ $state }
alerts-flag-off = ⏸ выключено
alerts-flag-muted = 🔕 заглушено до { $until }
alerts-flag-muted-forever = 🔕 заглушено
alerts-more = … и ещё { $count }
alerts-st-disabled = выключено
alerts-st-new = ещё не проверялось
alerts-st-ok = 🟢 всё в порядке
alerts-st-pending = { $count ->
    [one] 🟡 условие выполняется, ждём «держится»
   *[other] 🟡 условие выполняется в { $count } областях, ждём «держится»
}
alerts-st-firing = { $count ->
    [one] 🔴 сработало
   *[other] 🔴 сработало в { $count } областях
}
alerts-st-error = ⚠️ не проверить: { $why }
alerts-st-notes = { $count } из { $total }: { $note }
alerts-btn-new = ➕ Новое правило

## /alerts: одно правило
alerts-card-head = 📏 <b>{ $name }</b>
alerts-card-kind = <i>{ $kind }</i>: { $about }
alerts-card-scope = Следит за: { $scope }
alerts-card-severity = Важность: { $severity }
alerts-card-disabled = ⏸ Выключено: не проверяется.
alerts-card-muted = { $what }: проверяется, но без сообщений.
alerts-card-state = Сейчас: { $state }
alerts-state-line = { $icon } { $scope }: { $value }{ $note }
alerts-scope-tracker = весь трекер
alerts-scope-each = каждая кампания по отдельности
alerts-scope-sum = все кампании вместе
alerts-scope-campaign = кампания «{ $name }»
alerts-scope-campaign-id = кампания #{ $id }
alerts-scope-flow-id = поток #{ $id }
alerts-scope-offer-id = оффер #{ $id }
alerts-btn-preview = 🔍 Проверить сейчас
alerts-btn-edit = ✏️ Изменить
alerts-btn-disable = ⏸ Выключить
alerts-btn-enable = ▶️ Включить
alerts-btn-delete = 🗑 Удалить
alerts-btn-delete-yes = 🗑 Да, удалить
alerts-btn-mute-1h = 🔕 1 ч
alerts-btn-mute-24h = 🔕 24 ч
alerts-btn-mute-forever = 🔕 Пока не включу
alerts-btn-unmute = 🔔 Включить звук
alerts-enabled = ▶️ «{ $name }» включено.
alerts-disabled = ⏸ «{ $name }» выключено; его открытые алерты тихо закроются.
alerts-muted-card = 🔕 «{ $name }» заглушено. /silences показывает заглушки и снимает их досрочно.
alerts-delete-ask = Удалить правило «{ $name }»? Его открытые алерты удалятся вместе с ним. Отменить нельзя.
alerts-deleted = 🗑 Правило «{ $name }» удалено.
alerts-rule-gone = Этого правила больше нет. Откройте /alerts заново.
alerts-edit-ask = ✏️ Что изменить в «{ $name }»?
alerts-btn-severity = Важность: { $severity }
alerts-updated = ✅ { $what }: сохранено.

## /alerts: новое правило
alerts-kind-ask = ➕ <b>Новое правило.</b> За чем следить?
alerts-kind-line = • <b>{ $kind }</b> — { $about }
alerts-scope-ask = <b>{ $kind }</b> на { $tracker }: следить за всем трекером или за одной кампанией?
alerts-btn-scope-each = 🌐 Каждая кампания по отдельности
alerts-btn-scope-sum = Σ Все кампании вместе
alerts-btn-scope-tracker = 🌐 Весь трекер
alerts-btn-scope-campaign = 🎯 Выбрать кампанию
alerts-campaign-ask = Какая кампания?
alerts-no-campaigns = В трекере нет кампаний. Вернитесь и выберите весь трекер.
alerts-btn-keep = ✅ Оставить { $value }
alerts-btn-on = Вкл
alerts-btn-off = Выкл
alerts-severity-ask = Насколько это срочно?
alerts-summary-head = 📏 <b>{ $name }</b> — проверьте и сохраните:
alerts-btn-save = 💾 Сохранить
alerts-btn-change = ✏️ Изменить значения
alerts-saved = ✅ Правило «{ $name }» сохранено. Проверяется со следующего такта.
alerts-saved-toast = Сохранено

## Проверка сейчас
alerts-prev-title = 🔍 <b>Сейчас:</b>
alerts-prev-line = • { $scope }: { $value } — { $status }
alerts-prev-fire = ⚠️ сработало бы
alerts-prev-ok = в порядке
alerts-prev-for = Сработает, только если условие продержится { $duration }.
alerts-prev-nothing = 🔍 Пока нечего оценивать (кампаний, потоков или офферов не найдено).
alerts-prev-failed = 🔍 Проверка не удалась. Попробуйте через минуту.

## Пометки о состоянии правила
alerts-note-not_enough_traffic = слишком мало трафика, чтобы судить
alerts-note-not_enough_spend = слишком мало расхода, чтобы судить
alerts-note-not_enough_conversions = слишком мало конверсий, чтобы судить
alerts-note-no_baseline = пока не с чем сравнивать
alerts-note-no_data = нет данных
alerts-note-bad_params = значения правила некорректны — измените их
alerts-note-error = API трекера не отвечает ({ $failure })
alerts-note-other = { $note }
alerts-fail-cloudflare = Cloudflare блокирует запросы
alerts-fail-html = веб-страница вместо API (HTML)
alerts-fail-5xx = ошибка сервера (5xx)
alerts-fail-401 = API-ключ отклонён (401)
alerts-fail-402 = в этой редакции нет Admin API (402)
alerts-fail-403 = у ключа нет прав (403)
alerts-fail-timeout = нет ответа вовремя
alerts-fail-refused = соединение отклонено
alerts-fail-dns = имя хоста не находится (DNS)
alerts-fail-tls = проверка TLS-сертификата не прошла
alerts-fail-network = сетевая ошибка
alerts-fail-other = ошибка «{ $code }»

## Сообщения об алертах
alerts-msg-head = { $icon } <b>{ $severity }</b> · { $tracker }
alerts-msg-rule = <b>{ $name }</b> ({ $kind })
alerts-msg-rule-named = <b>{ $name }</b>
alerts-msg-campaign = 🎯 Кампания: { $name }
alerts-msg-since = 🕒 С { $at } ({ $tz }), уже { $age }
alerts-msg-repeats = 🔁 Повторов: { $count } · последнее значение { $value }
alerts-msg-changed = 📈 Значение сейчас { $value } (было { $first })
alerts-msg-acked = ✅ Принял(а) { $name } в { $at }
alerts-msg-snoozed = 💤 Отложено до { $until } ({ $tz })
alerts-msg-muted = 🔕 Правило заглушено до { $until } ({ $tz })
alerts-msg-muted-forever = 🔕 Правило заглушено, пока его не включат
alerts-msg-still = 🔁 <b>Всё ещё срабатывает</b>
alerts-msg-escalated = ⏫ <b>Эскалация:</b> никто не принял алерт за { $age }.
alerts-msg-resolved = ✅ <b>ВОССТАНОВЛЕНО</b> · { $tracker }
alerts-msg-lasted = ⏱ Длилось { $duration } ({ $start } – { $end }, { $tz })
alerts-msg-worst = Худшее значение: { $worst } · последнее: { $last }
alerts-msg-closed-disabled = Правило выключили.
alerts-msg-unrouted = ℹ️ Этот алерт пришёл вам, потому что алерты трекера больше никто не получает. Чтобы их получала команда: /subscribe в командном чате или график дежурств в /oncall.
alerts-tracker-key-unreadable = ⚠️ <b>{ $tracker }</b>: правила алертов не проверяются — я не могу прочитать сохранённый ключ Admin API трекера с текущим SECRET_KEY бота. Введите ключ заново: /trackers → { $tracker } → 🔑 Заменить API-ключ.
alerts-what-value = Значение: { $value }.
alerts-what-tracker_down = Admin API не ответил { $failures } проверок подряд: { $failure }.
alerts-what-no_conversions = Нет конверсий за последние { $window }, хотя ожидалось около { $expected } ({ $clicks } кликов).
alerts-what-traffic_drop = { $clicks } кликов за последние { $window }: { $ratio } от обычных { $baseline } (срабатывает при { $threshold } и ниже).
alerts-what-traffic_spike = { $clicks } кликов за последние { $window }: { $ratio } к обычным { $baseline } (срабатывает при { $threshold } и выше).
alerts-what-roi_below = ROI за последние { $window } — { $roi } (срабатывает ниже { $threshold }): расход { $cost }, доход { $revenue }.
alerts-what-cr_below = CR за последние { $window } — { $cr } (срабатывает ниже { $threshold }): { $conversions } конверсий из { $clicks } кликов.
alerts-what-rejected_share = Отклонено { $share } конверсий за последние { $window } (срабатывает выше { $threshold }): { $rejected } из { $conversions }.
alerts-what-postback_problems = { $bad } постбеков с «SubID not found» или неизвестным статусом за последние { $window } (срабатывает при { $threshold }).
alerts-what-object-campaign = Кампания «{ $name }» теперь { $state } (было: { $was }).
alerts-what-object-flow = Поток «{ $name }» теперь { $state } (было: { $was }).
alerts-what-offer-cap = Оффер «{ $name }» достиг дневного капа: { $conversions } из { $cap } конверсий сегодня.
alerts-obj-active = в работе
alerts-obj-disabled = на паузе
alerts-obj-archived = в архиве
alerts-obj-deleted = не в списке (удалено)

## Кнопки сообщения об алерте
alerts-btn-ack = ✅ Принять
alerts-btn-snooze-1h = 💤 1 ч
alerts-btn-snooze-4h = 💤 4 ч
alerts-btn-snooze-morning = 💤 До { $time }
alerts-btn-report = 📊 Открыть отчёт
alerts-btn-pause = ⏸ Остановить кампанию
alerts-btn-mute = 🔕 Заглушить правило…
alerts-btn-back = ⬅️ Назад
alerts-acked = ✅ Принято: повторов больше не будет.
alerts-acked-already = Уже принял(а) { $name }.
alerts-snoozed = 💤 Отложено до { $until } ({ $tz }).
alerts-muted = 🔕 «{ $name }» заглушено до { $until } ({ $tz }).
alerts-muted-forever = 🔕 «{ $name }» заглушено, пока вы его не включите (/silences).
alerts-unmuted = 🔔 «{ $name }» снова со звуком.
alerts-already-resolved = Этот алерт уже восстановился в { $at } ({ $tz }).
alerts-gone = Этот алерт или его правило удалены.
alerts-not-allowed = Это может только владелец трекера, админ или дежурные этого трекера.
alerts-owner-only = Это может только владелец трекера: используется его API-ключ.
alerts-no-campaign = Этот алерт не про одну кампанию.

## /silences
alerts-sil-title = 🔕 <b>Тишина</b>
alerts-sil-empty = Ничего не отложено и не заглушено.
alerts-sil-no-trackers = У вас нет трекеров. Подключите трекер: /trackers.
alerts-sil-snoozed = 💤 <b>Отложенные алерты:</b>
alerts-sil-snoozed-line = • { $name } · { $where } — до { $until } ({ $tz })
alerts-sil-muted = 🔕 <b>Заглушённые правила:</b>
alerts-sil-muted-line = • { $name } · { $tracker } — до { $until } ({ $tz })
alerts-sil-muted-forever-line = • { $name } · { $tracker } — пока не включат
alerts-sil-btn-unsnooze = 🔔 Вернуть: { $name }
alerts-sil-btn-unmute = 🔔 Включить: { $name }
alerts-sil-btn-refresh = 🔄 Обновить
alerts-sil-unsnoozed = 🔔 «{ $name }» больше не отложен.
alerts-sil-gone = Уже закончилось или восстановилось.

# куда приходят алерты трекера (/alerts и первое правило трекера)
alerts-route-head = 📣 Куда приходят алерты:
alerts-route-you = • вам, в личный чат ({ $severity } и выше)
alerts-route-person = • { $person }, в личный чат ({ $severity } и выше)
alerts-route-group = • { $title } ({ $severity } и выше)
alerts-route-rotation = • критичные — сначала дежурному (сейчас { $person }), затем команде
alerts-route-nobody = ⚠️ <b>Эти алерты никто не получает</b>, поэтому они приходят владельцу трекера в личный чат. Отправьте /subscribe в командном чате или настройте график дежурств в /oncall.
alerts-route-ask = 🔔 Это первое правило трекера { $tracker }. Кто будет получать его алерты?
alerts-route-hint-group = Командный чат: добавьте меня в группу и отправьте там /subscribe — тогда он появится здесь.
alerts-route-hint-rotation = Дежурства: настройте график в /oncall.
alerts-route-btn-me = 👤 Я, в личном чате
alerts-route-btn-group = 👥 { $title }
alerts-route-btn-rotation = 🔁 Дежурный по графику
alerts-route-now = { $where }
