## Конверсии и клики (общее)
tr-loading = ⏳ Собираю…
tr-status-lead = лид
tr-status-sale = продажа
tr-status-rejected = отклонена
tr-status-rebill = ребилл
tr-page = Страница { $page }/{ $pages }
tr-page-empty = Эта страница теперь пуста (список стал короче). Вернитесь кнопкой ◀ или нажмите «Обновить».
tr-refreshed = Обновлено
btn-tr-refresh = 🔄 Обновить
tr-err-empty = Пустое значение. Пришлите его ещё раз.
tr-err-line = Пришлите одно значение одной строкой (вы прислали «{ $value }…»).
tr-err-long = Значение длиной { $length } символов; помещается не больше { $max }. Вы прислали: <code>{ $value }</code>

## /conversions
cv-count = 💰 { $count ->
        [one] { $count } конверсия
        [few] { $count } конверсии
       *[other] { $count } конверсий
    }
cv-empty = За этот период конверсий нет. Попробуйте период длиннее (📅 Период).
cv-empty-filtered = За этот период нет конверсий под эти фильтры. Попробуйте период длиннее или меньше фильтров.
cv-f-status = Статус: { $value }
cv-f-campaign = Кампания: { $value }
cv-f-offer = Оффер: { $value }
cv-f-sub_id = sub_id: <code>{ $value }</code>
cv-f-tid = tid: <code>{ $value }</code>
cv-filters-none = Фильтров нет: все конверсии периода.
cv-any = любой
btn-cv-range = 📅 Период
btn-cv-filters = 🔎 Фильтры
btn-cv-clear = 🧹 Сбросить фильтры
btn-cv-csv = 📄 CSV
btn-cv-show = ✅ Показать конверсии
btn-cv-any = Любой
btn-cv-remove = 🧹 Убрать этот фильтр
btn-cv-campaign = 🎯 Кампания
btn-cv-offer = 🎁 Оффер
btn-cv-sub_id = 🆔 sub_id
btn-cv-tid = 🧾 tid
cv-range-ask = 📅 <b>{ $tracker }</b> — конверсии за какой период? Сейчас: { $current }.
cv-filters-head =
    🔎 <b>Фильтры</b> — { $tracker }
    { $summary }
    Нажмите статус (повторное нажатие снимает его), выберите кампанию или оффер, или отфильтруйте по sub_id или tid.
cv-pick-head = { $kind ->
        [offer] 🎁 Конверсии какого оффера <b>{ $tracker }</b>?
       *[other] 🎯 Конверсии какой кампании <b>{ $tracker }</b>?
    }
cv-pick-empty = В трекере их нет.
cv-ask-value = { $kind ->
        [tid] Пришлите <b>tid</b> (ID транзакции конверсии) для фильтра; точное совпадение.
       *[other] Пришлите <b>sub_id</b> клика для фильтра; точное совпадение.
    }
cv-csv-building = ⏳ Собираю CSV конверсий — { $tracker }, { $dates } ({ $tz })…
cv-csv-done = ✅ CSV отправлен: { $count ->
        [one] { $count } строка
        [few] { $count } строки
       *[other] { $count } строк
    }.
cv-csv-caption = 📄 Конверсии — { $tracker }, { $dates } ({ $tz }): { $count ->
        [one] { $count } строка
        [few] { $count } строки
       *[other] { $count } строк
    }.
cv-csv-capped = ⚠️ В файле только { $max } самых новых строк. Для остальных выберите период короче или добавьте фильтры.
cv-csv-empty = Выгружать нечего: за этот период с этими фильтрами конверсий нет.
cv-csv-busy = CSV уже собирается — он сейчас придёт.

## /clicks
ck-ask-head = 🖱 <b>{ $tracker }</b> — поиск клика
ck-ask-click-id = Пришлите <b>ID клика</b> (sub_id в Keitaro), например <code>3f9a8b7c6d5e4f</code>. Чтобы искать по полю sub_id_N, нажмите кнопку ниже или пришлите <code>sub_id_3=значение</code>.
ck-ask-field = Пришлите значение <b>{ $field }</b> для поиска (точное совпадение).
ck-ask-pick = Какое поле? Нажмите число от 1 до { $max } (или пришлите его).
ck-scope = Ищу среди всех кликов, которые трекер ещё хранит, сначала новые, по { $per_page } на странице; время — { $tz }.
btn-ck-click-id = 🆔 ID клика
btn-ck-sub = 🏷 sub_id_1…{ $max }
btn-ck-latest = 📋 Последние клики кампании
btn-ck-again = 🔎 Искать снова
btn-ck-new = 🔎 Новый поиск
btn-ck-list = ⬅️ К списку
btn-ck-campaigns = ⬅️ Кампании
btn-ck-week = 📅 Последние 7 дней
ck-err-no-value = У { $field } нет значения. Пришлите так: <code>{ $field }=значение</code>.
ck-err-n = Поля { $field } нет: sub_id_N бывает от 1 до { $max }. Вы прислали: <code>{ $value }</code>
ck-err-field = Искать можно по ID клика (sub_id) или по sub_id_1…sub_id_{ $max }, а не по «{ $field }». Вы прислали: <code>{ $value }</code>
ck-err-pick = Пришлите число от 1 до { $max } (вы прислали «{ $value }») или нажмите кнопку.
ck-nothing = Показывать нечего. Начните новый поиск командой /clicks.
ck-searching = ⏳ Ищу { $field } = <code>{ $value }</code>…
ck-not-found = 🔍 Клика с { $field } = <code>{ $value }</code> в <b>{ $tracker }</b> нет. Возможно, он старше, чем трекер хранит клики, или значение набрано с ошибкой. Проверьте и пришлите его снова или нажмите 🔎 «Искать снова».
ck-found = 🔍 <b>{ $tracker }</b>: { $count ->
        [one] { $count } клик
        [few] { $count } клика
       *[other] { $count } кликов
    } с { $field } = <code>{ $value }</code>, сначала новые.
ck-tap = Нажмите на клик, чтобы открыть карточку (время — { $tz }).
ck-card-head = 🖱 <b>{ $tracker }</b> · клик <code>{ $sub_id }</code>
ck-f-campaign = 🎯 Кампания
ck-f-stream = 🔀 Поток
ck-f-landing = 📄 Лендинг
ck-f-offer = 🎁 Оффер
ck-f-country = 🌍 Страна
ck-f-ip = 🌐 IP
ck-f-device = 📱 Устройство
ck-f-bot = 🤖 Бот
ck-bot-yes = да
ck-bot-no = нет
ck-conv-head = 💰 Конверсии ({ $count }):
ck-conv-none = 💰 У этого клика конверсий нет.
ck-conv-more = …и ещё { $count } (см. /conversions, фильтр по sub_id).
ck-campaign-pick = 📋 <b>{ $tracker }</b>: последние клики какой кампании?
ck-pick-empty = В трекере нет кампаний.
ck-latest-head = 🖱 Последние клики <b>{ $campaign }</b>: { $count }
ck-latest-empty-today = Сегодня у <b>{ $campaign }</b> кликов нет. Посмотреть последние 7 дней?
ck-latest-empty = У <b>{ $campaign }</b> за этот период кликов нет.
