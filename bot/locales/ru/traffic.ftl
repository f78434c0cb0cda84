## Конверсии и клики (общее)
tr-loading = ⏳ Загружаю…
tr-status-lead = лид (lead)
tr-status-sale = продажа (sale)
tr-status-rejected = отклонено (rejected)
tr-status-rebill = ребилл (rebill)
tr-page = Страница { $page }/{ $pages }
tr-page-empty = Эта страница теперь пуста: список стал короче. Вернитесь кнопкой ◀ или нажмите «🔄 Обновить».
tr-refreshed = Обновлено
btn-tr-refresh = 🔄 Обновить
tr-err-empty = Пустое значение. Отправьте его ещё раз.
tr-err-line = Отправьте одно значение одной строкой (вы отправили «{ $value }…»).
tr-err-long = В значении { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а помещается не больше { $max }. Вы отправили: <code>{ $value }</code>
## /conversions
cv-count = 💰 { $count } { $count ->
        [one] конверсия
        [few] конверсии
       *[many] конверсий
    }
cv-empty = За этот период конверсий нет. Выберите период длиннее (📅 Период).
cv-empty-filtered = За этот период нет конверсий с такими фильтрами. Выберите период длиннее или уберите часть фильтров.
cv-f-status = Статус: { $value }
cv-f-campaign = Кампания: { $value }
cv-f-offer = Оффер: { $value }
cv-f-sub_id = ID клика (subid): <code>{ $value }</code>
cv-f-tid = tid: <code>{ $value }</code>
cv-filters-none = Фильтров нет: все конверсии периода.
cv-any = любой
btn-cv-range = 📅 Период
btn-cv-filters = 🔎 Фильтры
btn-cv-clear = 🧹 Сбросить фильтры
btn-cv-csv = 📄 CSV
btn-cv-show = 📋 Показать конверсии
btn-cv-any = Любой
btn-cv-remove = 🧹 Убрать этот фильтр
btn-cv-campaign = 🎯 Кампания
btn-cv-offer = 🎁 Оффер
btn-cv-sub_id = 🆔 ID клика
btn-cv-tid = 🔖 tid
cv-range-ask = 📅 <b>{ $tracker }</b> — конверсии за какой период? Сейчас: { $current }.
cv-filters-head = 🔎 <b>Фильтры</b> — { $tracker }
    { $summary }
    Нажмите статус (повторное нажатие снимает его), выберите кампанию или оффер или отфильтруйте по ID клика или tid.
cv-pick-head = { $kind ->
        [offer] 🎁 Конверсии какого оффера <b>{ $tracker }</b>?
       *[other] 🎯 Конверсии какой кампании <b>{ $tracker }</b>?
    }
cv-pick-empty = В трекере их нет.
cv-ask-value = { $kind ->
        [tid] Отправьте <b>tid</b> (ID транзакции конверсии) для фильтра; нужно точное совпадение.
       *[other] Отправьте <b>ID клика (subid)</b> для фильтра; нужно точное совпадение.
    }
cv-csv-building = ⏳ Готовлю CSV-файл конверсий — { $tracker }, { $dates } ({ $tz })…
cv-csv-done = ✅ CSV-файл отправлен: { $count } { $count ->
        [one] строка
        [few] строки
       *[many] строк
    }.
cv-csv-caption = 📄 Конверсии — { $tracker }, { $dates } ({ $tz }): { $count } { $count ->
        [one] строка
        [few] строки
       *[many] строк
    }.
cv-csv-capped = ⚠️ В файле только { $max } { $max ->
        [one] самая новая строка
        [few] самые новые строки
       *[many] самых новых строк
    }. Чтобы получить остальные, выберите период короче или добавьте фильтры.
cv-csv-empty = Выгружать нечего: за этот период с этими фильтрами конверсий нет.
cv-csv-busy = CSV-файл уже готовится — скоро пришлю.
## /clicks
ck-ask-head = 🖱 <b>{ $tracker }</b> — поиск клика
ck-ask-click-id = Отправьте <b>ID клика (subid)</b>, например <code>3f9a8b7c6d5e4f</code>. Чтобы искать по полю sub_id_N, нажмите кнопку ниже или отправьте <code>sub_id_3=значение</code>.
ck-ask-field = Отправьте значение <b>{ $field }</b>, которое нужно найти (точное совпадение).
ck-ask-pick = Какое поле? Нажмите число от 1 до { $max } (или отправьте его).
ck-scope = Ищу среди всех кликов, которые трекер ещё хранит, — сначала новые, по { $per_page } на странице; время — { $tz }.
btn-ck-click-id = 🆔 ID клика
btn-ck-sub = 🏷 sub_id_1…{ $max }
btn-ck-latest = 📋 Клики кампании
btn-ck-again = 🔎 Искать снова
btn-ck-new = 🔎 Новый поиск
btn-ck-list = ⬅️ К списку
btn-ck-campaigns = ⬅️ Кампании
btn-ck-week = 📅 Последние 7 дней
ck-err-no-value = У { $field } нет значения. Отправьте так: <code>{ $field }=значение</code>.
ck-err-n = Поля { $field } нет: sub_id_N бывает от 1 до { $max }. Вы отправили: <code>{ $value }</code>
ck-err-field = Искать можно по ID клика (subid) или по sub_id_1…sub_id_{ $max }, а не по «{ $field }». Вы отправили: <code>{ $value }</code>
ck-err-pick = Отправьте число от 1 до { $max } (вы отправили «{ $value }») или нажмите кнопку.
ck-nothing = Показывать нечего. Начните новый поиск командой /clicks.
ck-searching = ⏳ Ищу { $field } = <code>{ $value }</code>…
ck-not-found = 🔎 Клика с { $field } = <code>{ $value }</code> в <b>{ $tracker }</b> нет. Возможно, он старше, чем трекер хранит клики, или в значении опечатка. Проверьте и отправьте его снова или нажмите «🔎 Искать снова».
ck-found = 🔎 <b>{ $tracker }</b>: { $count } { $count ->
        [one] клик
        [few] клика
       *[many] кликов
    } с { $field } = <code>{ $value }</code>, сначала новые.
ck-tap = Нажмите на клик, чтобы открыть карточку (время — { $tz }).
ck-card-head = 🖱 <b>{ $tracker }</b> · клик <code>{ $sub_id }</code>
ck-f-campaign = 🎯 Кампания
ck-f-stream = 🔀 Поток
ck-f-landing = 🖼 Лендинг
ck-f-offer = 🎁 Оффер
ck-f-country = 🌍 Страна
ck-f-ip = 🔢 IP
ck-f-device = 📱 Устройство
ck-f-bot = 🤖 Бот
ck-bot-yes = да
ck-bot-no = нет
ck-conv-head = 💰 Конверсии ({ $count }):
ck-conv-none = 💰 У этого клика конверсий нет.
ck-conv-more = …и ещё { $count } (см. /conversions, фильтр по ID клика).
ck-campaign-pick = 📋 <b>{ $tracker }</b>: последние клики какой кампании?
ck-pick-empty = В трекере нет кампаний.
ck-latest-head = 🖱 Последние клики <b>{ $campaign }</b>: { $count }
ck-latest-empty-today = Сегодня у <b>{ $campaign }</b> кликов нет. Посмотреть последние 7 дней?
ck-latest-empty = У <b>{ $campaign }</b> за этот период кликов нет.
ck-field-click-id = ID клика (subid)
