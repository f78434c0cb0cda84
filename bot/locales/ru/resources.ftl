## Просмотр ресурсов
cmd-campaigns = Кампании: список, поиск, карточка и потоки
cmd-offers = Офферы
cmd-landings = Лендинги
cmd-networks = Партнёрские сети
cmd-sources = Источники трафика
cmd-domains = Домены и их статус DNS/SSL
cmd-groups = Группы кампаний, офферов и лендингов
cmd-users = Пользователи трекера (нужен ключ админа)
cmd-flows = Потоки кампании: /flows <id кампании>
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
res-empty = Ничего не нашлось. Выберите другой фильтр или отправьте часть названия, чтобы найти по нему.
res-card-head = 📦 { $tracker }
res-no-tracker = У вас ещё нет активного трекера. Подключите его через /trackers.
res-no-card = У этого объекта нет своей карточки.
res-streams-usage = Отправьте команду с id кампании: /flows 12 (или откройте кампанию в /campaigns → Потоки).
res-refreshed = Обновлено
res-filter-active = Активные
res-filter-disabled = Отключённые
res-filter-archived = В архиве
res-filter-all = Все
res-filter-campaigns = Кампании
res-filter-offers = Офферы
res-filter-landings = Лендинги
res-state-active = 🟢 активно
res-state-disabled = ⏸ отключено
res-state-archived = 🗄 в архиве
res-state-campaigns = группа кампаний
res-state-offers = группа офферов
res-state-landings = группа лендингов
res-state-all = —
res-v-state-active = активно
res-v-state-disabled = отключено
res-v-state-archived = в архиве
res-v-type-position = по позиции
res-v-type-weight = по весу
res-v-type-forced = перехватывающий
res-v-type-regular = обычный
res-v-type-default = запасной
res-v-schema-landings = лендинги и офферы
res-v-schema-redirect = редирект
res-v-schema-action = действие
res-v-action-http = HTTP-редирект
res-v-action-curl = загрузка через cURL
res-v-action-status404 = ответ 404
res-v-action-show_text = показать текст
res-v-action-show_html = показать HTML
res-v-action-local_file = локальный файл
res-v-action-campaign = отправить в кампанию
res-v-offer_type-local = локальный
res-v-offer_type-external = внешний
res-v-offer_type-preloaded = предзагруженный
res-v-offer_type-action = действие
res-v-landing_type-local = локальный
res-v-landing_type-external = внешний
res-v-landing_type-preloaded = предзагруженный
res-v-landing_type-action = действие
res-v-user_type-USER = пользователь
res-v-user_type-ADMIN = админ
res-v-dns-active = в порядке
res-v-dns-error = ошибка
res-v-ssl-yes = есть
res-v-ssl-no = нет
res-statuses-all = все статусы
res-f-alias = Алиас
res-f-type = Тип
res-f-cost = Расход
res-f-source = Источник трафика
res-f-group = Группа
res-f-s2s = S2S-постбеки
res-f-created = Создано
res-f-schema = Схема
res-f-action = Действие
res-f-weight = Вес
res-f-position = Позиция
res-f-offers = Офферы (доли)
res-f-landings = Лендинги (доли)
res-f-filters = Фильтры
res-f-payout = Выплата
res-f-network = Партнёрская сеть
res-f-country = Страны
res-f-offer_type = Тип оффера
res-f-url = URL
res-f-cap = Дневной кап
res-f-landing_type = Тип лендинга
res-f-postback_url = URL постбека
res-f-offers_count = Число офферов
res-f-statuses = Статусы постбека
res-f-dns = DNS и сеть
res-f-ssl = SSL
res-f-default_campaign = Кампания по умолчанию
res-f-user_type = Роль
res-f-language = Язык
res-f-timezone = Часовой пояс
res-link-flows = 🔀 Потоки
btn-res-refresh = 🔄 Обновить
btn-res-clear-search = ✖️ Сбросить поиск
res-act-disable = ⏸ Отключить
res-act-enable = ▶️ Включить
res-act-archive = 🗄 В архив
res-act-restore = ♻️ Восстановить
res-act-rename = ✏️ Переименовать
res-act-weight = ⚖️ Вес
res-ask-rename = Отправьте новое название.
res-ask-weight = Отправьте новый вес — целое число от 0 до 1000.
res-err-empty = Пустое значение. Отправьте его ещё раз.
res-err-long = Слишком длинно: можно не больше { $max } { $max ->
        [one] символа
       *[many] символов
    }.
res-err-weight = Вес — целое число от 0 до 1000.
res-f-state = Состояние
res-f-name = Название
res-confirm-head = ✋ <b>{ $action }</b> — { $name } в { $tracker }. Проверьте:
res-traffic-warning = ⚠️ За последние 24 часа был трафик: { $clicks } { $clicks ->
        [one] клик
        [few] клика
       *[many] кликов
    }, { $conversions } { $conversions ->
        [one] конверсия
        [few] конверсии
       *[many] конверсий
    }, расход { $cost }.
res-no-undo = Отменить это потом будет нельзя.
res-last-flow = ❗ Это <b>последний активный поток</b> активной кампании: трафику будет некуда идти. Подтвердите ещё раз, чтобы продолжить.
res-done = ✅ Готово: { $action }.
res-undone = ↩️ Отменено: { $action }.
res-undo-gone = Отменять нечего.
res-undo-expired = Прошло больше 10 минут — отменить уже нельзя.
res-field-error = • { $field }: { $message }
res-read-only = { $tracker } только для чтения: изменения отключены (/trackers → трекер → Только чтение).
res-read-only-card = 🔒 Трекер только для чтения: менять здесь ничего нельзя.
res-stale = Объект изменился, пока была открыта карточка. Вот какой он сейчас.
btn-res-undo = ↩️ Отменить
btn-res-confirm = ✅ Подтвердить
btn-res-confirm-last = ❗ Да, отключить
res-act-cost = 💵 Расход
res-act-payout = 💰 Выплата
res-act-postback_url = 🔗 URL постбека
res-act-clone = 📑 Клонировать
res-act-check = 🩺 Проверить DNS/SSL
res-act-raw_update = 🧾 Изменить JSON
res-ask-cost = Отправьте новый расход числом, например 0,5.
res-ask-payout = Отправьте новую выплату числом, например 12,5.
res-ask-postback_url = Отправьте новый URL постбека (http или https).
res-ask-raw =
    Отправьте изменяемые поля объектом JSON, например <code>{"{"}"notes": "тест до пятницы"{"}"}</code>
    Поля: { $fields }
res-err-url = Это не веб-адрес: нужен адрес, начинающийся с http:// или https://.
res-err-json = Отправьте объект JSON хотя бы с одним полем, например <code>{"{"}"name": "Новое"{"}"}</code>.
res-f-copy = Копия
res-json-title = 🧾 { $tracker }: ответ Admin API (ключ скрыт)
btn-res-json = 🧾 JSON
res-f-payout_value = Выплата
res-f-cost_value = Расход
res-today = 📊 Сегодня ({ $tz }): { $clicks } { $clicks ->
        [one] клик
        [few] клика
       *[many] кликов
    } · { $conversions } { $conversions ->
        [one] конверсия
        [few] конверсии
       *[many] конверсий
    } · доход { $revenue } · расход { $cost } · профит { $profit }
res-s2s-line = 📤 S2S { $method } ({ $statuses }): { $url }
btn-res-create = ➕ Создать (JSON)
res-create-ask =
    ➕ Новый объект в разделе <b>{ $title }</b> в { $tracker }: отправьте поля объектом JSON, например <code>{"{"}"name": "Новый"{"}"}</code>. Keitaro проверит их и назовёт поля, которые не принял.
res-create-confirm = ✋ Создать в разделе <b>{ $title }</b> в { $tracker } с этими полями? Отменить создание здесь будет нельзя (потом объект можно отправить в архив).
res-created = ✅ Создано: { $name }.
res-act-offers_shares = 🎁 Доли офферов
res-act-landings_shares = 🖼 Доли лендингов
res-ask-offers-shares = Отправьте офферы и их доли парами <code>id_оффера:процент</code>, например <code>3:70 5:30</code>. В сумме должно быть 100.
res-ask-landings-shares = Отправьте лендинги и их доли парами <code>id_лендинга:процент</code>, например <code>1:50 2:50</code>. В сумме должно быть 100.
res-err-shares-format = Отправьте пары «id:процент», например 3:70 5:30.
res-err-shares-twice = Один и тот же id указан дважды.
res-err-shares-sum = В сумме получилось { $total }, а нужно 100.
cmd-botlist = Бот-лист: IP, которые трекер считает ботами, — просмотр, добавление, удаление
bl-head = 🤖 <b>Бот-лист</b> — { $tracker } ({ $count } { $count ->
        [one] запись
        [few] записи
       *[many] записей
    })
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
    } в { $tracker }?
bl-done-add = ✅ Добавил в бот-лист { $n } { $n ->
        [one] запись
        [few] записи
       *[many] записей
    }. Отменить можно в течение 10 минут.
bl-done-remove = ✅ Удалил из бот-листа { $n } { $n ->
        [one] запись
        [few] записи
       *[many] записей
    }. Отменить можно в течение 10 минут.
bl-undone = ↩️ Отменено: { $n } { $n ->
        [one] запись
        [few] записи
       *[many] записей
    }.
bl-err-entry = «{ $entry }» — не IP, не сеть (1.2.3.0/24), не диапазон (a-b) и не маска (1.2.3.*).
bl-err-empty = Отправьте хотя бы один IP или диапазон.
bl-err-many = За раз — не больше { $max } { $max ->
        [one] записи
       *[many] записей
    }.
btn-bl-add = ➕ Добавить
btn-bl-remove = ➖ Удалить
res-s2s = S2S-постбеки
res-link-s2s = 📤 S2S-постбеки
res-f-method = Метод
res-act-s2s_url = 🔗 URL
res-act-s2s_method = ↔️ GET/POST
res-act-s2s_statuses = 🚦 Статусы
res-act-s2s_remove = 🗑 Удалить
res-ask-s2s_url = Отправьте новый URL (http или https; макросы Keitaro вроде {"{"}subid{"}"} можно).
res-ask-s2s_method = Отправьте GET или POST.
res-ask-s2s_statuses = Отправьте статусы, при которых он срабатывает, через пробел: <code>lead</code> — лид, <code>sale</code> — продажа, <code>rejected</code> — отклонено, <code>rebill</code> — ребилл.
s2s-create-ask =
    ➕ Новый S2S-постбек этой кампании в { $tracker }: отправьте <code>URL [GET|POST] [статусы]</code>, например <code>https://ts.example/pb?click={"{"}subid{"}"} POST sale,rebill</code>. Без статусов он срабатывает на все.
s2s-err-statuses = Таких статусов нет. Отправьте любые из этих: <code>{ $statuses }</code> (лид, продажа, отклонено, ребилл).
s2s-err-method = Метод — GET или POST.
res-undo-hint = ↩️ Отменить можно в течение 10 минут.
res-act-user_type = 👤 Роль
res-act-delete = 🗑 Удалить
res-act-statuses = 🚦 Статусы постбека
res-ask-user_type = Отправьте USER (пользователь) или ADMIN (админ).
res-ask-statuses = Отправьте статусы, для которых отправляется постбек, через пробел: <code>lead</code> — лид, <code>sale</code> — продажа, <code>rejected</code> — отклонено, <code>rebill</code> — ребилл.
res-err-user-type = Роль — USER (пользователь) или ADMIN (админ).
res-f-deleted = Удалено
res-f-postback_statuses = Статусы постбека
res-type-name = ⌨️ Это нельзя отменить. Чтобы подтвердить, отправьте название в точности: <code>{ $name }</code>
res-type-name-toast = Чтобы подтвердить, отправьте название сообщением.
res-err-typed = Название не совпадает. Отправьте в точности: { $name }
res-used-by = 🔀 Получает трафик: { $campaign } → { $flow } ({ $share }%)
res-used-by-none = 🔀 Ни один поток не отправляет трафик на этот оффер.
res-used-by-partial = (я проверил только { $n ->
        [one] первую { $n } кампанию
        [few] первые { $n } кампании
       *[many] первые { $n } кампаний
    })
res-act-url = 🔗 URL
res-act-network = 🤝 Партнёрская сеть
res-ask-url = Отправьте новый URL (http или https).
res-ask-network = Отправьте id партнёрской сети (см. /networks), например 2.
res-err-id = Отправьте число — id, например 2.
res-f-affiliate_network_id = Партнёрская сеть
res-f-action_payload = URL
res-v-statuses-lead = лид (lead)
res-v-statuses-sale = продажа (sale)
res-v-statuses-rejected = отклонено (rejected)
res-v-statuses-rebill = ребилл (rebill)
