## Алерты: /alerts (правила), сообщения об алертах и их кнопки, /silences
cmd-alerts = Правила алертов и открытые алерты активного трекера
cmd-silences = Отложенные алерты и заглушённые правила — снять досрочно

## Важность
alerts-lang = ru
alerts-sev-critical = КРИТИЧНО
alerts-sev-warning = ВНИМАНИЕ
alerts-sev-info = ИНФО
alerts-sev-critical-btn = 🔴 Критично
alerts-sev-warning-btn = 🟠 Внимание
alerts-sev-info-btn = 🔵 Инфо
alerts-sev-critical-long = 🔴 Критично — со звуком, повтор каждый час, эскалация дежурным
alerts-sev-warning-long = 🟠 Внимание — без звука, повтор раз в 4 часа
alerts-sev-info-long = 🔵 Инфо — без звука, без повторов

## Виды правил (шаблоны)
alerts-kind-tracker_down = Трекер недоступен
alerts-kind-tracker_down-about = Трекер не отвечает несколько проверок подряд (таймаут, 5xx, Cloudflare, отклонённый ключ…).
alerts-kind-no_conversions = Нет конверсий
alerts-kind-no_conversions-about = Конверсий нет уже несколько часов, хотя в те же часы прошлых дней их было 3 и больше.
alerts-kind-traffic_drop = Падение трафика
alerts-kind-traffic_drop-about = Кликов намного меньше, чем в те же часы неделю назад.
alerts-kind-traffic_spike = Всплеск трафика
alerts-kind-traffic_spike-about = Кликов намного больше, чем в те же часы неделю назад.
alerts-kind-roi_below = ROI ниже порога
alerts-kind-roi_below-about = ROI упал ниже порога — когда уже потрачено достаточно, чтобы судить.
alerts-kind-cr_below = CR ниже порога
alerts-kind-cr_below-about = CR упал ниже порога — когда кликов достаточно, чтобы судить.
alerts-kind-rejected_share = Доля отклонённых
alerts-kind-rejected_share-about = Слишком много конверсий со статусом отклонено (rejected) — когда конверсий достаточно, чтобы судить.
alerts-kind-postback_problems = Проблемы с постбеками
alerts-kind-postback_problems-about = В логе постбеков есть постбеки с неизвестным ID клика («SubID not found») или статусом.
alerts-kind-object_changed = Изменения в трекере
alerts-kind-object_changed-about = Кто-то отключил или отправил в архив кампанию или поток, или оффер упёрся в дневной кап.

## Значения правила
alerts-p-failures = Проверок без ответа подряд
alerts-p-hours = Часов без конверсий
alerts-p-baseline_days = Дней для сравнения
alerts-p-for_seconds = Ждать перед алертом
alerts-p-window_minutes = Период
alerts-p-window_hours = Период
alerts-p-fire_ratio = Алерт при
alerts-p-resolve_ratio = Отбой при
alerts-p-min_baseline_clicks = Минимум обычных кликов
alerts-p-min_clicks = Минимум кликов
alerts-p-fire_below = Алерт ниже
alerts-p-resolve_above = Отбой от
alerts-p-min_cost = Минимальный расход
alerts-p-fire_above = Алерт выше
alerts-p-resolve_below = Отбой до
alerts-p-min_conversions = Минимум конверсий
alerts-p-fire_at = Алерт от
alerts-p-resolve_at = Отбой до
alerts-p-campaigns = Кампания отключена или в архиве
alerts-p-flows = Поток отключён или в архиве
alerts-p-offer_caps = Оффер упёрся в дневной кап
alerts-p-severity = Важность
alerts-on = вкл
alerts-off = откл
alerts-u-s = с
alerts-u-min = мин
alerts-u-h = ч
alerts-u-d = д
alerts-u-none = сразу

## Вопросы пошаговой настройки
alerts-q-tracker_down-failures = Сколько проверок подряд трекер может не отвечать, прежде чем я подниму алерт? Обычно я проверяю трекер раз в минуту.
alerts-q-no_conversions-hours = Сколько часов подряд без конверсий — уже проблема?
alerts-q-no_conversions-baseline_days = Со сколькими прошлыми днями сравнивать (те же часы каждого дня), чтобы понять, сколько конверсий обычно приходит?
alerts-q-no_conversions-for_seconds = Сколько ждать, прежде чем поднять алерт? (0 — сразу)
alerts-q-traffic_drop-window_minutes = За какой период считать клики?
alerts-q-traffic_drop-fire_ratio = До скольких процентов от тех же часов неделю назад должен упасть трафик, чтобы я поднял алерт? Например, 50% — кликов вдвое меньше.
alerts-q-traffic_drop-resolve_ratio = При скольких процентах от обычного трафика дать отбой? Например, 80% — кликов снова почти как обычно.
alerts-q-traffic_drop-min_baseline_clicks = Следить, только если обычно за период хотя бы столько кликов:
alerts-q-traffic_drop-for_seconds = Сколько должно длиться падение, прежде чем я подниму алерт? (0 — сразу)
alerts-q-traffic_spike-window_minutes = За какой период считать клики?
alerts-q-traffic_spike-fire_ratio = Во сколько раз кликов должно стать больше, чем в те же часы неделю назад, чтобы я поднял алерт? Например, 3 — втрое больше.
alerts-q-traffic_spike-resolve_ratio = При каком превышении дать отбой? Например, 1,5 — кликов уже не больше чем в полтора раза выше обычного.
alerts-q-traffic_spike-min_clicks = Следить, только если за период хотя бы столько кликов:
alerts-q-traffic_spike-for_seconds = Сколько должен длиться всплеск, прежде чем я подниму алерт? (0 — сразу)
alerts-q-roi_below-window_hours = За какой период считать ROI?
alerts-q-roi_below-fire_below = Поднять алерт, когда ROI ниже, %:
alerts-q-roi_below-resolve_above = Дать отбой, когда ROI снова не ниже, %:
alerts-q-roi_below-min_cost = Следить, только если расход за период не меньше:
alerts-q-roi_below-for_seconds = Сколько ROI должен быть ниже порога, прежде чем я подниму алерт? (0 — сразу)
alerts-q-cr_below-window_hours = За какой период считать CR?
alerts-q-cr_below-fire_below = Поднять алерт, когда CR ниже, %:
alerts-q-cr_below-resolve_above = Дать отбой, когда CR снова не ниже, %:
alerts-q-cr_below-min_clicks = Следить, только если за период хотя бы столько кликов:
alerts-q-cr_below-for_seconds = Сколько CR должен быть ниже порога, прежде чем я подниму алерт? (0 — сразу)
alerts-q-rejected_share-window_hours = За какой период считать конверсии?
alerts-q-rejected_share-fire_above = Поднять алерт, когда отклонённых (rejected) больше, % от всех конверсий:
alerts-q-rejected_share-resolve_below = Дать отбой, когда отклонённых снова не больше, %:
alerts-q-rejected_share-min_conversions = Следить, только если за период хотя бы столько конверсий:
alerts-q-rejected_share-for_seconds = Сколько доля отклонённых должна быть выше порога, прежде чем я подниму алерт? (0 — сразу)
alerts-q-postback_problems-window_minutes = За какой период смотреть лог постбеков?
alerts-q-postback_problems-fire_at = Поднять алерт, когда за период хотя бы столько проблемных постбеков:
alerts-q-postback_problems-for_seconds = Сколько ждать, прежде чем поднять алерт? (0 — сразу)
alerts-q-object_changed-campaigns = Сообщать, когда кампанию отключили или отправили в архив?
alerts-q-object_changed-flows = Сообщать, когда поток отключили или отправили в архив?
alerts-q-object_changed-offer_caps = Сообщать, когда оффер упёрся в дневной кап?
alerts-hint-int = Отправьте целое число или нажмите кнопку, чтобы оставить как есть.
alerts-hint-num = Отправьте число, например <code>1,5</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-money = Отправьте сумму в валюте трекера, например <code>50</code> или <code>12,5</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-pct = Отправьте процент, например <code>1,5</code> или <code>-10%</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-share = Отправьте процент от обычного числа кликов, например <code>50%</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-times = Отправьте, во сколько раз больше обычного, например <code>2</code> или <code>×1,5</code>, или нажмите кнопку, чтобы оставить как есть.
alerts-hint-minutes = Отправьте минуты, например <code>90</code>, или с единицей: <code>45м</code>, <code>2ч</code>. Или нажмите кнопку, чтобы оставить как есть.
alerts-hint-hours = Отправьте часы, например <code>24</code>, или с единицей: <code>2д</code>. Или нажмите кнопку, чтобы оставить как есть.
alerts-hint-duration = Отправьте минуты, например <code>10</code>, или с единицей: <code>30с</code>, <code>15м</code>, <code>1ч</code>; <code>0</code> — сразу. Или нажмите кнопку, чтобы оставить как есть.
alerts-step = <i>Шаг { $n } из { $total }</i>
alerts-default = По умолчанию: <b>{ $value }</b>
alerts-now = Сейчас: <b>{ $value }</b>

## Ошибки ввода
alerts-err-number = «{ $value }» — не число. Отправьте цифры, например <code>50</code> или <code>1,5</code>.
alerts-err-whole = «{ $value }» — здесь нужно целое число. Отправьте, например, <code>3</code>.
alerts-err-duration = Не понял «{ $value }» как длительность. Отправьте, например, <code>30м</code>, <code>2ч</code> или просто минуты: <code>90</code>.
alerts-err-bool = Нажмите «Вкл» или «Откл» (или отправьте да / нет).
alerts-err-min = { $field }: не меньше { $limit }. Отправьте значение побольше.
alerts-err-above = { $field }: больше { $limit }. Отправьте значение побольше.
alerts-err-max = { $field }: не больше { $limit }. Отправьте значение поменьше.
alerts-err-below = { $field }: меньше { $limit }. Отправьте значение поменьше.
alerts-err-pair-above = «{ $field }» должно быть выше, чем «{ $other }» ({ $value }), иначе алерт будет то подниматься, то закрываться. Отправьте значение побольше или вернитесь и измените «{ $other }».
alerts-err-pair-below = «{ $field }» должно быть ниже, чем «{ $other }» ({ $value }), иначе алерт будет то подниматься, то закрываться. Отправьте значение поменьше или вернитесь и измените «{ $other }».
alerts-err-baseline = Чтобы понять, что нормально, нужен хотя бы один прошлый день. Отправьте 1 или больше.
alerts-err-watch-one = Правилу нужно за чем-то следить: оставьте включённым хотя бы одно — кампании, потоки или капы офферов.
alerts-err-invalid = Такое значение не подходит для «{ $field }». Отправьте другое.
alerts-err-save = Эти значения не сочетаются. Нажмите «Изменить значения» и проверьте их.

## /alerts: список
alerts-list-head = 🚨 <b>Алерты</b> · { $tracker }
alerts-list-open = { $count ->
    [one] <b>{ $count } открытый алерт:</b>
    [few] <b>{ $count } открытых алерта:</b>
   *[many] <b>{ $count } открытых алертов:</b>
}
alerts-list-no-open = Открытых алертов нет. ✅
alerts-list-rules = { $count ->
    [one] <b>{ $count } правило:</b>
    [few] <b>{ $count } правила:</b>
   *[many] <b>{ $count } правил:</b>
}
alerts-list-no-rules = Правил пока нет. Нажмите «➕ Новое правило», и я начну следить за трекером: это минута, для каждого значения я предложу разумное по умолчанию.
alerts-open-line = { $icon } <b>{ $name }</b>{ $where } — уже { $age }, сейчас { $value }{ $extra }
alerts-open-line-plain = { $icon } <b>{ $name }</b>{ $where } — уже { $age }{ $extra }
alerts-open-acked = ✅ взял(а): { $name }
alerts-open-snoozed = 💤 отложено { $until }
alerts-rule-line = { $icon } { $title } · { $scope } · { $severity }{ $flags }
    { "  " }{ $state }
alerts-flag-off = ⏸ отключено
alerts-flag-muted = 🔕 заглушено { $until }
alerts-flag-muted-forever = 🔕 заглушено
alerts-more = … и ещё { $count }
alerts-st-disabled = я его не проверяю
alerts-st-new = ещё не проверялось
alerts-st-ok = 🟢 всё в порядке
alerts-st-pending = { $count ->
    [1] ⏳ порог превышен — жду, не пройдёт ли само
    [one] ⏳ { $count } алерт на подходе — жду, не пройдёт ли само
    [few] ⏳ { $count } алерта на подходе — жду, не пройдёт ли само
   *[many] ⏳ { $count } алертов на подходе — жду, не пройдёт ли само
}
alerts-st-firing = { $count ->
    [1] 🔥 алерт открыт
    [one] 🔥 открыт { $count } алерт
    [few] 🔥 открыто { $count } алерта
   *[many] 🔥 открыто { $count } алертов
}
alerts-st-error = ⚠️ не могу проверить: { $why }
alerts-st-notes = { $count } из { $total }: { $note }
alerts-btn-new = ➕ Новое правило

## /alerts: одно правило
alerts-card-head = 📏 <b>{ $name }</b>
alerts-card-kind = <i>{ $kind }</i>: { $about }
alerts-card-scope = Следит за: { $scope }
alerts-card-severity = Важность: { $severity }
alerts-card-disabled = ⏸ Отключено: я его не проверяю.
alerts-card-muted = { $what }: я его проверяю, но не присылаю сообщений.
alerts-card-state = Сейчас: { $state }
alerts-state-line = { $icon } { $scope }: { $value }{ $note }
alerts-state-line-plain = { $icon } { $scope }{ $note }
alerts-scope-tracker = весь трекер
alerts-scope-each = каждая кампания по отдельности
alerts-scope-sum = все кампании вместе
alerts-scope-campaign = кампания «{ $name }»
alerts-scope-campaign-id = кампания #{ $id }
alerts-scope-flow-id = поток #{ $id }
alerts-scope-offer-id = оффер #{ $id }
alerts-btn-preview = 🔍 Проверить сейчас
alerts-btn-edit = ✏️ Изменить
alerts-btn-disable = ⏸ Отключить
alerts-btn-enable = ▶️ Включить
alerts-btn-delete = 🗑 Удалить
alerts-btn-delete-yes = 🗑 Да, удалить
alerts-btn-mute-1h = 🔕 1 ч
alerts-btn-mute-24h = 🔕 24 ч
alerts-btn-mute-forever = 🔕 Бессрочно
alerts-btn-unmute = 🔔 Снять заглушку
alerts-enabled = ▶️ «{ $name }» включено.
alerts-disabled = ⏸ «{ $name }» отключено; его открытые алерты я тихо закрою.
alerts-muted-card = 🔕 «{ $name }» заглушено. В /silences видно все заглушки, там же их можно снять досрочно.
alerts-delete-ask = Удалить правило «{ $name }»? Его открытые алерты удалятся вместе с ним. Отменить нельзя.
alerts-deleted = 🗑 Правило «{ $name }» удалено.
alerts-rule-gone = Этого правила больше нет. Откройте /alerts заново.
alerts-edit-ask = ✏️ Что изменить в «{ $name }»?
alerts-btn-severity = Важность: { $severity }
alerts-updated = ✅ { $what }: сохранено.

## /alerts: новое правило
alerts-kind-ask = ➕ <b>Новое правило.</b> За чем следить?
alerts-kind-line = • <b>{ $kind }</b> — { $about }
alerts-scope-ask = <b>{ $kind }</b> в { $tracker }: следить за всем трекером или за одной кампанией?
alerts-scope-sum-explain = 🗂 <b>Каждая кампания</b> — отдельный алерт по каждой кампании; Σ <b>Все вместе</b> — один алерт по сумме всех кампаний; 🎯 <b>Одна кампания</b> — только выбранная.
alerts-btn-scope-each = 🗂 Каждая кампания
alerts-btn-scope-sum = Σ Все вместе
alerts-btn-scope-tracker = 📡 Весь трекер
alerts-btn-scope-campaign = 🎯 Одна кампания
alerts-campaign-ask = Какая кампания?
alerts-no-campaigns = В трекере нет кампаний. Вернитесь и выберите весь трекер.
alerts-btn-keep = 👌 Оставить { $value }
alerts-btn-on = Вкл
alerts-btn-off = Откл
alerts-severity-ask = Насколько это срочно?
alerts-summary-head = 📏 <b>{ $name }</b> — проверьте и сохраните:
alerts-btn-save = 💾 Сохранить
alerts-btn-change = ✏️ Изменить значения
alerts-saved = ✅ Правило «{ $name }» сохранено. Начну проверять в течение минуты.
alerts-saved-toast = Сохранено

## Проверка сейчас
alerts-prev-title = 🔍 <b>Сейчас:</b>
alerts-prev-line = • { $scope }: { $value } — { $status }
alerts-prev-line-plain = • { $scope } — { $status }
alerts-prev-fire = ⚠️ был бы алерт
alerts-prev-ok = в порядке
alerts-prev-for = Алерт будет, только если так продержится { $duration }.
alerts-prev-nothing = 🔍 Пока нечего проверять: кампаний, потоков или офферов не нашлось.
alerts-prev-failed = 🔍 Проверить не получилось. Попробуйте через минуту.

## Пометки о состоянии правила
alerts-note-not_enough_traffic = слишком мало трафика, чтобы судить
alerts-note-not_enough_spend = слишком мало расхода, чтобы судить
alerts-note-not_enough_conversions = слишком мало конверсий, чтобы судить
alerts-note-no_baseline = пока не с чем сравнивать
alerts-note-no_data = нет данных
alerts-note-bad_params = значения правила некорректны — измените их
alerts-note-error = трекер не отвечает ({ $failure })
alerts-note-other = { $note }
alerts-fail-cloudflare = Cloudflare блокирует запросы
alerts-fail-html = веб-страница вместо API (HTML)
alerts-fail-5xx = ошибка сервера (5xx)
alerts-fail-401 = API-ключ отклонён (401)
alerts-fail-402 = на тарифе трекера нет Admin API (402)
alerts-fail-403 = у ключа нет прав (403)
alerts-fail-timeout = нет ответа вовремя
alerts-fail-refused = соединение отклонено
alerts-fail-dns = домен не резолвится (DNS)
alerts-fail-tls = проверка TLS-сертификата не прошла
alerts-fail-network = сетевая ошибка
alerts-fail-other = ошибка «{ $code }»

## Сообщения об алертах
alerts-msg-head = { $icon } <b>{ $severity }</b> · { $tracker }
alerts-msg-rule = <b>{ $name }</b> ({ $kind })
alerts-msg-rule-named = <b>{ $name }</b>
alerts-msg-campaign = 🎯 Кампания: { $name }
alerts-msg-since = 🕒 С { $at } ({ $tz }), уже { $age }
alerts-msg-repeats = { $count ->
    [one] 🔁 Напомнил { $count } раз
    [few] 🔁 Напомнил { $count } раза
   *[many] 🔁 Напомнил { $count } раз
}
alerts-msg-repeats-value = { $count ->
    [one] 🔁 Напомнил { $count } раз · сейчас { $value }
    [few] 🔁 Напомнил { $count } раза · сейчас { $value }
   *[many] 🔁 Напомнил { $count } раз · сейчас { $value }
}
alerts-msg-changed = 📈 Сейчас { $value } (было { $first })
alerts-msg-acked = ✅ Взял(а): { $name }, { $at }
alerts-msg-snoozed = 💤 Отложено { $until } ({ $tz })
alerts-msg-muted = 🔕 Правило заглушено { $until } ({ $tz })
alerts-msg-muted-forever = 🔕 Правило заглушено бессрочно
alerts-msg-still = 🔁 <b>Алерт всё ещё открыт</b>
alerts-msg-escalated = ⏫ <b>Эскалация:</b> никто не взял алерт за { $age }.
alerts-msg-resolved = ✅ <b>Отбой</b> · { $tracker }
alerts-msg-lasted = ⏱ Длилось { $duration } ({ $start } – { $end }, { $tz })
alerts-msg-worst = Хуже всего было: { $worst } · под конец: { $last }
alerts-msg-closed-disabled = Правило отключили, алерт закрыт.
alerts-msg-unrouted = ℹ️ Этот алерт пришёл вам, потому что алерты трекера больше никто не получает. Чтобы их получала команда: /subscribe в командном чате или график дежурств в /oncall.
alerts-tracker-key-unreadable = ⚠️ <b>{ $tracker }</b>: я не проверяю правила алертов — сохранённый ключ Admin API трекера не читается с моим текущим SECRET_KEY. Введите ключ заново: /trackers → { $tracker } → 🔑 Заменить API-ключ.
alerts-what-value = Сейчас: { $value }.
alerts-what-tracker_down = Трекер не отвечает { $failures } { $failures ->
    [one] проверку
    [few] проверки
   *[many] проверок
} подряд: { $failure }.
alerts-what-no_conversions = Нет конверсий уже { $window }, хотя при таком трафике ({ $clicks } { $clicks ->
    [one] клик
    [few] клика
   *[many] кликов
}) обычно их около { $expected }.
alerts-what-traffic_drop = { $clicks } { $clicks ->
    [one] клик
    [few] клика
   *[many] кликов
} за { $window } — { $ratio } от обычного ({ $baseline }); порог — { $threshold } и ниже.
alerts-what-traffic_spike = { $clicks } { $clicks ->
    [one] клик
    [few] клика
   *[many] кликов
} за { $window } — { $ratio } к обычному ({ $baseline }); порог — { $threshold } и выше.
alerts-what-roi_below = ROI за { $window }: { $roi } (порог — ниже { $threshold }); расход { $cost }, доход { $revenue }.
alerts-what-cr_below = CR за { $window }: { $cr } (порог — ниже { $threshold }); { $conversions } { $conversions ->
    [one] конверсия
    [few] конверсии
   *[many] конверсий
} из { $clicks } { $clicks ->
    [one] клика
    [few] кликов
   *[many] кликов
}.
alerts-what-rejected_share = За { $window } отклонено (rejected) { $share } конверсий: { $rejected } из { $conversions } (порог — выше { $threshold }).
alerts-what-postback_problems = За { $window } { $bad ->
    [one] пришёл { $bad } постбек
    [few] пришло { $bad } постбека
   *[many] пришло { $bad } постбеков
} с «SubID not found» (ID клика (subid) не найден) или неизвестным статусом; порог — { $threshold }.
alerts-what-object-campaign = Кампания «{ $name }» { $state ->
    [active] снова активна
    [disabled] отключена
    [archived] отправлена в архив
    [deleted] удалена
   *[other] теперь в состоянии «{ $state }»
} (была { $was ->
    [active] активна
    [disabled] отключена
    [archived] в архиве
    [deleted] удалена
   *[other] в состоянии «{ $was }»
}).
alerts-what-object-flow = Поток «{ $name }» { $state ->
    [active] снова активен
    [disabled] отключён
    [archived] отправлен в архив
    [deleted] удалён
   *[other] теперь в состоянии «{ $state }»
} (был { $was ->
    [active] активен
    [disabled] отключён
    [archived] в архиве
    [deleted] удалён
   *[other] в состоянии «{ $was }»
}).
alerts-what-offer-cap = Оффер «{ $name }» упёрся в дневной кап: сегодня { $conversions } из { $cap } { $cap ->
    [one] конверсии
    [few] конверсий
   *[many] конверсий
}.

## Кнопки сообщения об алерте
alerts-btn-ack = ✅ Беру
alerts-btn-snooze-1h = 💤 1 ч
alerts-btn-snooze-4h = 💤 4 ч
alerts-btn-snooze-morning = 💤 До { $time }
alerts-btn-snooze-tomorrow = 💤 Завтра до { $time }
alerts-btn-report = 📊 Открыть отчёт
alerts-btn-check = 🔌 Проверить
alerts-btn-logs = 📜 Логи
alerts-btn-pause = ⏸ Отключить кампанию
alerts-btn-mute = 🔕 Заглушить…
alerts-btn-back = ⬅️ Назад
alerts-acked = ✅ Алерт ваш: повторов больше не будет.
alerts-acked-already = Уже взял(а): { $name }.
alerts-snoozed = 💤 Отложено { $until } ({ $tz }).
alerts-muted = 🔕 «{ $name }» заглушено { $until } ({ $tz }).
alerts-muted-forever = 🔕 «{ $name }» заглушено бессрочно. Снять заглушку: /silences.
alerts-unmuted = 🔔 «{ $name }»: заглушка снята.
alerts-already-resolved = Этот алерт уже закрыт: отбой в { $at } ({ $tz }).
alerts-gone = Этот алерт или его правило удалены.
alerts-not-allowed = Это может только владелец трекера, админ или дежурные этого трекера.
alerts-owner-only = Это может только владелец трекера: нужен его API-ключ.
alerts-no-campaign = Этот алерт не про одну кампанию.
alerts-checking = 🔌 Проверяю…
alerts-check-ok = 🔌 <b>{ $tracker }</b>: трекер отвечает ({ $ms } мс). Алерт закроется на следующей проверке.
alerts-check-failed = 🔌 <b>{ $tracker }</b>: трекер по-прежнему не отвечает.
alerts-logs-switched = 📜 Активный трекер теперь { $tracker }.

## Когда (отложено, заглушено)
alerts-until = { $day ->
    [today] до { $time }
    [tomorrow] завтра до { $time }
   *[other] до { $date } { $time }
}

## /silences
alerts-sil-title = 🔕 <b>Отложенные и заглушённые</b>
alerts-sil-empty = Ничего не отложено и не заглушено.
alerts-sil-no-trackers = У вас нет трекеров. Подключите трекер: /trackers.
alerts-sil-snoozed = 💤 <b>Отложенные алерты:</b>
alerts-sil-snoozed-line = • { $name } · { $where } — { $until } ({ $tz })
alerts-sil-muted = 🔕 <b>Заглушённые правила:</b>
alerts-sil-muted-line = • { $name } · { $tracker } — { $until } ({ $tz })
alerts-sil-muted-forever-line = • { $name } · { $tracker } — бессрочно
alerts-sil-btn-unsnooze = 🔔 Вернуть: { $name }
alerts-sil-btn-unmute = 🔔 Снять: { $name }
alerts-sil-btn-refresh = 🔄 Обновить
alerts-sil-unsnoozed = 🔔 «{ $name }» больше не отложен.
alerts-sil-gone = Уже не действует: время вышло или алерт закрыт.

# куда приходят алерты трекера (/alerts и первое правило трекера)
alerts-route-head = 📣 Куда приходят алерты:
alerts-route-you = • вам, в личный чат ({ $severity } и выше)
alerts-route-person = • { $person }, в личный чат ({ $severity } и выше)
alerts-route-group = • { $title } ({ $severity } и выше)
alerts-route-rotation = • критичные — сначала дежурному (сейчас { $person }), затем команде
alerts-route-nobody = ⚠️ <b>Эти алерты никто не получает</b>, поэтому я присылаю их владельцу трекера в личный чат. Отправьте /subscribe в командном чате или настройте график дежурств в /oncall.
alerts-route-ask = 🔔 Это первое правило трекера { $tracker }. Кто будет получать его алерты?
alerts-route-hint-group = Командный чат: добавьте меня в группу и отправьте там /subscribe — тогда он появится здесь.
alerts-route-hint-rotation = Дежурства: настройте график в /oncall.
alerts-route-btn-me = 👤 Мне, в личку
alerts-route-btn-group = 👥 { $title }
alerts-route-btn-rotation = 🔁 Дежурному
alerts-route-now = { $where }
