## Ranges (shared by /stats, /conversions, /clicks)
range-today = Сегодня
range-yesterday = Вчера
range-last_7_days = Последние 7 дней
range-this_week = Эта неделя
range-this_month = Этот месяц
range-last_month = Прошлый месяц
range-custom = Свой период
range-previous = Предыдущий период
range-header = 📊 <b>{ $tracker }</b> · { $range }: { $dates } ({ $tz })
range-ask-custom = Отправьте период двумя датами — первый и последний день включительно: <code>2026-11-01 2026-11-15</code> (или <code>01.11.2026 15.11.2026</code>; одна дата — один день). Часовой пояс: { $tz }.
range-err-format = Не получилось прочитать даты. Отправьте две даты, например <code>2026-11-01 2026-11-15</code>.
range-err-date = «{ $value }» — такой даты нет.
range-err-order = Период заканчивается ({ $last }) раньше, чем начинается ({ $first }). Сначала ранняя дата.
range-err-future = Период начинается позже сегодняшнего дня ({ $today }).
range-err-long = Период может быть не длиннее { $max } { $max ->
        [one] дня
        [few] дней
       *[many] дней
    }.
cmd-stats = Статистика: сегодня и вчера, по кампаниям, офферам, странам…; CSV и графики
cmd-conversions = Последние конверсии, с фильтрами и CSV
cmd-clicks = Найти клик по ID клика (subid) или по sub_id_N; последние клики кампании
cmd-logs = Логи постбеков трекера: дошёл ли постбек?
## /stats
stats-loading = ⏳ Загружаю статистику…
stats-sub = По { $group } · сортировка: { $sort } · { $rows } { $rows ->
        [one] строка
        [few] строки
       *[many] строк
    }
stats-filters-line = 🔎 { $filters }
stats-empty = За этот период с такими фильтрами трафика нет. Выберите другой период (📅) или уберите фильтры (🔎).
stats-page = Страница { $page } из { $pages }
stats-total = Итого
stats-vs = Итоги против { $span }:
stats-now = Сейчас
stats-before = Было
stats-pp = п.п.
stats-new = новое
stats-truncated = ⚠️ В таблице первые { $shown } из { $total } { $total ->
        [one] строки
        [few] строк
       *[many] строк
    }; в CSV-файле — все.
stats-built = <i>Данные на { $at } (🔄 — обновить).</i>
stats-sort-time = времени
stats-g-campaign = кампаниям
stats-g-offer = офферам
stats-g-flow = потокам
stats-g-landing = лендингам
stats-g-country = странам
stats-g-source = источникам трафика
stats-g-network = партнёрским сетям
stats-g-day = дням
stats-g-hour = часам
stats-m-clicks = Клики
stats-m-uniques = Уникальные клики
stats-m-conversions = Конверсии
stats-m-leads = Лиды
stats-m-sales = Продажи
stats-m-rejected = Отклонённые
stats-m-revenue = Доход
stats-m-cost = Расход
stats-m-profit = Профит
stats-m-roi = ROI, %
stats-m-cr = CR, %
stats-m-epc = EPC
stats-mh-clicks = Клики
stats-mh-uniques = Уник
stats-mh-conversions = Конв
stats-mh-leads = Лиды
stats-mh-sales = Прод
stats-mh-rejected = Откл
stats-mh-revenue = Доход
stats-mh-cost = Расход
stats-mh-profit = Профит
stats-mh-roi = ROI%
stats-mh-cr = CR%
stats-mh-epc = EPC
stats-f-campaign_id = Кампания
stats-f-offer_id = Оффер
stats-f-country_code = Страна
stats-btn-range = 📅 { $range_name }
stats-btn-group = 🧩 По { $group_name }
stats-btn-metrics = 📏 Метрики
stats-btn-sort = ↕️ { $sort_name }
stats-btn-filters = 🔎 Фильтры ({ $filters_count })
stats-btn-csv = 📄 CSV
stats-btn-chart = 📈 График
stats-btn-save = ⭐ Сохранить
stats-btn-saved = 📂 Сохранённые
stats-btn-done = ✅ Готово
stats-btn-f-campaign = + Кампания
stats-btn-f-offer = + Оффер
stats-btn-f-country = + Страна
stats-btn-f-clear = 🧹 Убрать все фильтры
stats-btn-delete-mode = 🗑 Удалить…
stats-btn-replace = ♻️ Заменить
stats-range-ask = 📅 Какой период? Время — в часовом поясе трекера ({ $tz }).
stats-group-ask = 🧩 Группировать отчёт по:
stats-metrics-ask = 📏 Какие метрики показать? Нажмите метрику, чтобы добавить или убрать её (● — выбрана). Выбор запомнится.
stats-metrics-one = Оставьте хотя бы одну метрику.
stats-metrics-remembered = Метрики сохранены для следующих отчётов
stats-filters-ask = 🔎 Фильтры сужают отчёт (несколько значений одного вида — любое из них). Нажмите на фильтр, чтобы убрать его.
stats-pick-ask = Выберите: { $title }
stats-country-ask = Отправьте один или несколько двухбуквенных кодов стран, например <code>US CA GB</code>.
stats-country-err = «{ $value }» — не двухбуквенный код страны. Отправьте коды вроде <code>US DE</code>.
stats-filter-full = В одном фильтре — не больше { $max } { $max ->
        [one] значения
        [few] значений
       *[many] значений
    }.
stats-csv-building = ⏳ Готовлю CSV-файл…
stats-csv-caption = 📄 { $rows } { $rows ->
        [one] строка
        [few] строки
       *[many] строк
    }
stats-csv-capped = ⚠️ Только первые { $shown } из { $total } { $total ->
        [one] строки
        [few] строк
       *[many] строк
    } (в файл помещается не больше { $max }). Сократите период или добавьте фильтр.
stats-chart-building = ⏳ Рисую график…
stats-chart-hourly = по часам
stats-chart-caption-hourly = 📈 По часам: { $day } (сплошная) против { $before } (пунктир) и { $week } (точки).
stats-chart-caption-daily = 📈 По дням.
stats-save-ask = ⭐ Назовите отчёт (например, <i>Утренняя проверка</i>). Сохранятся период, группировка, метрики, сортировка и фильтры.
stats-save-err-empty = Название пустое. Отправьте название.
stats-save-err-long = Слишком длинное название: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а можно не больше { $max }.
stats-save-err-slash = Название не может начинаться с «/».
stats-save-exists = Отчёт «{ $name }» уже есть. Замените его или отправьте другое название.
stats-save-too-many = Слишком много сохранённых отчётов. Сначала удалите лишние в 📂 Сохранённых.
stats-saved = ⭐ Сохранено как «{ $name }». Открывайте из 📂 Сохранённых или командой /stats { $name }.
stats-saved-title = 📂 <b>Сохранённые отчёты</b>
stats-saved-empty = Сохранённых отчётов пока нет. Настройте отчёт и нажмите ⭐ Сохранить.
stats-saved-deleting = 🗑 Нажмите на отчёт, чтобы удалить его. Нажмите «Удалить…» ещё раз, чтобы выйти.
stats-saved-deleted = Удалён «{ $name }»
stats-saved-gone = Этого сохранённого отчёта больше нет.
stats-saved-unknown = Нет сохранённого отчёта «{ $name }». Откройте /stats → 📂 Сохранённые, чтобы увидеть список.
stats-err-field = { $tracker }: трекер не знает поле «{ $field }» ({ $status }) — видимо, у него другая версия Keitaro. Уберите эту метрику в 📏 Метриках или выберите другую группировку.
btn-stats = 📊 Статистика
stats-col-campaign = Кампания
stats-col-offer = Оффер
stats-col-flow = Поток
stats-col-landing = Лендинг
stats-col-country = Страна
stats-col-source = Источник
stats-col-network = Партнёрка
stats-col-day = День
stats-col-hour = Час
