## Просмотр ресурсов
cmd-campaigns = Кампании: список, поиск, карточка и потоки
cmd-offers = Офферы
cmd-landings = Лендинги
cmd-networks = Партнёрские сети
cmd-sources = Источники трафика
cmd-domains = Домены и их статус DNS/SSL
cmd-groups = Группы кампаний, офферов и лендингов
cmd-users = Пользователи трекера (нужен ключ админа)
cmd-streams = Потоки кампании: /streams <id кампании>
res-campaigns = Кампании
res-streams = Потоки
res-offers = Офферы
res-landing_pages = Лендинги
res-affiliate_networks = Партнёрские сети
res-traffic_sources = Источники трафика
res-domains = Домены
res-groups = Группы
res-users = Пользователи трекера
res-list-head = 📦 <b>{ $title }</b>{ $parent } — { $tracker } ({ $count })
res-searching = 🔎 Поиск: «{ $query }»
res-empty = Здесь пусто. Выберите другой фильтр или отправьте текст для поиска по названию.
res-card-head = 📦 { $tracker }
res-no-tracker = У вас ещё нет активного трекера. Подключите его через /trackers.
res-no-card = У этого элемента нет отдельной карточки.
res-streams-usage = Укажите id кампании: /streams 12 (или откройте кампанию в /campaigns → Потоки).
res-refreshed = Обновлено
res-filter-active = Активные
res-filter-disabled = Выключенные
res-filter-archived = В архиве
res-filter-all = Все
res-filter-campaigns = Кампании
res-filter-offers = Офферы
res-filter-landings = Лендинги
res-state-active = 🟢 активна
res-state-disabled = ⏸ выключена
res-state-archived = 🗄 в архиве
res-state-campaigns = группа кампаний
res-state-offers = группа офферов
res-state-landings = группа лендингов
res-state-all = —
res-f-alias = Алиас
res-f-type = Тип
res-f-cost = Расход
res-f-source = Источник трафика
res-f-group = Группа
res-f-s2s = S2S-постбеки
res-f-created = Создана
res-f-schema = Схема
res-f-action = Действие
res-f-weight = Вес
res-f-position = Позиция
res-f-offers = Офферы (доля)
res-f-landings = Лендинги (доля)
res-f-filters = Фильтры
res-f-payout = Выплата
res-f-network = Партнёрская сеть
res-f-country = Страны
res-f-offer_type = Тип оффера
res-f-url = URL
res-f-cap = Дневной лимит
res-f-landing_type = Тип лендинга
res-f-postback_url = Postback URL
res-f-offers_count = Офферов
res-f-statuses = Статусы постбека
res-f-dns = Статус DNS/сети
res-f-ssl = SSL
res-f-default_campaign = Кампания по умолчанию
res-f-user_type = Роль
res-f-language = Язык
res-f-timezone = Часовой пояс
res-link-flows = 🔀 Потоки
btn-res-refresh = 🔄 Обновить
btn-res-clear-search = ✖️ Сбросить поиск
res-act-disable = ⏸ Выключить
res-act-enable = ▶️ Включить
res-act-archive = 🗄 В архив
res-act-restore = ♻️ Восстановить
res-act-rename = ✏️ Переименовать
res-act-weight = ⚖️ Вес
res-ask-rename = Отправьте новое название.
res-ask-weight = Отправьте новый вес (целое число 0–1000).
res-err-empty = Значение пустое.
res-err-long = Слишком длинно (максимум { $max } символов).
res-err-weight = Вес — целое число от 0 до 1000.
res-f-state = Состояние
res-f-name = Название
res-confirm-head = ✋ <b>{ $action }</b> — { $name } на { $tracker }. Проверьте:
res-traffic-warning = ⚠️ За последние 24 часа был трафик: { $clicks ->
        [one] { $clicks } клик
        [few] { $clicks } клика
       *[many] { $clicks } кликов
    }, { $conversions ->
        [one] { $conversions } конверсия
        [few] { $conversions } конверсии
       *[many] { $conversions } конверсий
    }, расход { $cost }.
res-no-undo = Это действие нельзя отменить из бота.
res-last-flow = ❗ Это <b>последний активный поток</b> активной кампании: трафику будет некуда идти. Подтвердите ещё раз, чтобы продолжить.
res-done = ✅ Готово: { $action }.
res-undone = ↩️ Отменено: { $action }.
res-undo-gone = Здесь нечего отменять.
res-undo-expired = Прошло больше 10 минут — отмена уже недоступна.
res-field-error = • { $field }: { $message }
res-read-only = { $tracker } только для чтения: изменения выключены (/trackers → трекер → Только чтение).
res-read-only-card = 🔒 Трекер только для чтения: изменения из бота выключены.
res-stale = Объект изменился с момента показа карточки. Вот как он выглядит сейчас.
btn-res-undo = ↩️ Отменить
btn-res-confirm = ✅ Подтвердить
btn-res-confirm-last = ❗ Да, выключить последний поток
res-act-cost = 💵 Расход
res-act-payout = 💰 Выплата
res-act-postback_url = 🔗 Postback URL
res-act-clone = 📑 Клонировать
res-act-check = 🩺 Проверить DNS/SSL
res-act-raw_update = 🧾 Изменить как JSON
res-ask-cost = Отправьте новый расход (число вроде 0.5).
res-ask-payout = Отправьте новую выплату (число вроде 12.5).
res-ask-postback_url = Отправьте новый postback URL (http или https).
res-ask-raw =
    Отправьте изменяемые поля объектом JSON, например <code>{"{"}"notes": "пауза на выходные"{"}"}</code>
    Поля: { $fields }
res-err-url = Это не веб-адрес (http:// или https://).
res-err-json = Отправьте объект JSON хотя бы с одним полем, например {"{"}"name": "Новое"{"}"}.
res-f-copy = Копия
res-json-title = 🧾 { $tracker }: ответ Admin API (ключ скрыт)
btn-res-json = 🧾 JSON
res-f-payout_value = Выплата
res-f-cost_value = Расход
res-today = 📊 Сегодня ({ $tz }): { $clicks } кликов · { $conversions } конв. · доход { $revenue } · расход { $cost } · прибыль { $profit }
res-s2s-line = 📤 S2S { $method } [{ $statuses }] { $url }
btn-res-create = ➕ Создать (JSON)
res-create-ask =
    ➕ Новый объект в <b>{ $title }</b> на { $tracker }: отправьте поля объектом JSON, например <code>{"{"}"name": "Новый"{"}"}</code>. Keitaro проверит их и назовёт поля, которые не принял.
res-create-confirm = ✋ Создать в <b>{ $title }</b> на { $tracker } с этими полями? Это нельзя отменить из бота (позже можно отправить в архив).
res-created = ✅ Создано: { $name }.
res-act-offers_shares = 🎯 Доли офферов
res-act-landings_shares = 🧩 Доли лендингов
res-ask-offers-shares = Отправьте офферы и их доли как <code>id_оффера:процент</code>, например <code>3:70 5:30</code>. В сумме должно быть 100.
res-ask-landings-shares = Отправьте лендинги и их доли как <code>id_лендинга:процент</code>, например <code>1:50 2:50</code>. В сумме должно быть 100.
res-err-shares-format = Пишите пары вида 3:70 5:30 (id:процент).
res-err-shares-twice = Один и тот же id указан дважды.
res-err-shares-sum = Сумма долей — { $total }, а не 100.
cmd-botlist = Бот-лист: IP, которые считаются ботами — просмотр, добавление, удаление
bl-head = 🤖 <b>Бот-лист</b> — { $tracker } ({ $count } записей)
bl-ask = { $mode ->
        [add] ➕ Отправьте IP или диапазоны, чтобы <b>добавить</b> их в бот-лист { $tracker }
       *[remove] ➖ Отправьте IP или диапазоны, чтобы <b>удалить</b> их из бот-листа { $tracker }
    } — через пробел или с новой строки: <code>1.2.3.4</code>, <code>10.0.0.0/24</code>, <code>1.2.3.4-1.2.3.99</code>, <code>5.6.7.*</code>.
bl-confirm = ✋ { $mode ->
        [add] Добавить
       *[remove] Удалить
    } { $n } { $n ->
        [one] запись
        [few] записи
       *[many] записей
    } на { $tracker }?
bl-done-add = ✅ Добавлено в бот-лист: { $n }. Отменить можно в течение 10 минут.
bl-done-remove = ✅ Удалено из бот-листа: { $n }. Отменить можно в течение 10 минут.
bl-undone = ↩️ Отменено ({ $n }).
bl-err-entry = «{ $entry }» — не IP, не сеть (1.2.3.0/24), не диапазон (a-b) и не маска (1.2.3.*).
bl-err-empty = Отправьте хотя бы один IP или диапазон.
bl-err-many = Не больше { $max } за раз.
btn-bl-add = ➕ Добавить
btn-bl-remove = ➖ Удалить
res-s2s = S2S-постбеки
res-link-s2s = 📤 S2S-постбеки
res-f-method = Метод
res-act-s2s_url = 🔗 URL
res-act-s2s_method = ↔️ GET/POST
res-act-s2s_statuses = 🏷 Статусы
res-act-s2s_remove = 🗑 Удалить
res-ask-s2s_url = Отправьте новый URL (http или https; макросы Keitaro вроде {"{"}subid{"}"} можно).
res-ask-s2s_method = Отправьте GET или POST.
res-ask-s2s_statuses = Отправьте статусы, на которые он срабатывает: lead, sale, rejected, rebill (любые).
s2s-create-ask =
    ➕ Новый S2S-постбек этой кампании на { $tracker }: отправьте <code>URL [GET|POST] [статусы]</code>, например <code>https://ts.example/pb?click={"{"}subid{"}"} POST sale,rebill</code>. Без статусов — на все.
s2s-err-statuses = Статусы: { $statuses }.
s2s-err-method = Метод — GET или POST.
res-undo-hint = ↩️ Отменить можно в течение 10 минут.
res-act-user_type = 👤 Роль
res-act-delete = 🗑 Удалить
res-act-statuses = 🏷 Статусы постбека
res-ask-user_type = Отправьте USER или ADMIN.
res-ask-statuses = Отправьте статусы, для которых отправляется постбек: lead, sale, rejected, rebill (любые).
res-err-user-type = Роль — USER или ADMIN.
res-f-deleted = Удалено
res-f-postback_statuses = Статусы постбека
res-type-name = ⌨️ Это нельзя отменить. Для подтверждения отправьте название точно: <code>{ $name }</code>
res-type-name-toast = Отправьте название сообщением, чтобы подтвердить.
res-err-typed = Это не то название. Отправьте точно: { $name }
res-used-by = 🔀 Используется: { $campaign } → { $flow } ({ $share }%)
res-used-by-none = 🔀 Ни один поток не отправляет трафик на этот оффер.
res-used-by-partial = (проверены только первые { $n } кампаний)
res-act-url = 🔗 URL
res-act-network = 🤝 Сеть
res-ask-url = Отправьте новый URL (http или https).
res-ask-network = Отправьте id партнёрской сети (см. /networks), например 2.
res-err-id = Отправьте число (id), например 2.
res-f-affiliate_network_id = Партнёрская сеть
res-f-action_payload = URL
