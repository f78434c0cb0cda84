## /costs: расходы из рекламных сетей (issue 17, часть 3)
cmd-costs = Загрузить расходы (CSV или одна строка), чтобы ROI был настоящим
costs-ask = 💸 <b>Расходы</b>
    Отправьте CSV-файл со столбцами <code>campaign</code> (id или точное название кампании), <code>date</code> (день или период), <code>cost</code>, <code>currency</code> — первой строкой заголовок; между ячейками <code>,</code> или <code>;</code>, перед копейками <code>.</code> или <code>,</code>.
    Или напишите одну строку: <code>12 2026-12-01 150.40 USD</code> или <code>FB US Nutra 01.12–03.12 450 USD</code>.
    Я проверю каждую строку и покажу, что запишу, прежде чем что-то записать. Не больше { $mb } МБ или { $rows } { $rows ->
        [one] строки
       *[many] строк
    }.
costs-btn-template = 📄 Шаблон файла
costs-template = 📄 Шаблон: заполните его, оставьте строку заголовка и отправьте файл сюда.
costs-problems-title = ⚠️ С ошибками: { $count } { $count ->
        [one] строка
        [few] строки
       *[many] строк
    }. Ничего не записано.
costs-problem = Строка { $line }: { $reasons }
costs-problems-more = … и ещё { $count } { $count ->
        [one] строка
        [few] строки
       *[many] строк
    } (все — в файле выше).
costs-problems-file = 📄 Все строки с ошибками: { $count } { $count ->
        [one] строка
        [few] строки
       *[many] строк
    }.
costs-problems-ask = Исправьте файл и отправьте его снова или запишите только верные строки: { $good } { $good ->
        [one] строку
        [few] строки
       *[many] строк
    }.
costs-btn-good-only = ✍️ Записать только верные: { $good }
costs-btn-again = 🔁 Исправлю и отправлю снова
costs-preview-title = 💸 <b>{ $tracker }</b>: запишу расходы — { $count } { $count ->
        [one] запись
        [few] записи
       *[many] записей
    } (дни — в часовом поясе трекера, { $tz }); «сейчас» — расход, который там уже есть.
costs-campaign = <b>{ $name }</b> #{ $id }
costs-preview-line = • { $days }: <b>{ $cost }</b> (сейчас { $now })
costs-page = Страница { $page } из { $pages }
costs-btn-prev = ◀️ Назад
costs-btn-next = Дальше ▶️
costs-btn-write = ✅ Записать
costs-writing = ⏳ Записываю…
costs-already = Эти расходы уже записаны. Для новых отправьте /costs.
costs-done-title = ✅ <b>{ $tracker }</b>: записано — { $count } { $count ->
        [one] запись
        [few] записи
       *[many] записей
    }. Расход и ROI за записанные дни, было → стало:
costs-summary-campaign = <b>{ $name }</b> #{ $id }: расход { $before } → { $after }, ROI { $roi_before } → { $roi_after }
costs-summary-more = … и ещё { $count } { $count ->
        [one] кампания
        [few] кампании
       *[many] кампаний
    } (каждая — в журнале действий).
costs-summary-failed = ❌ Не записано ({ $count } { $count ->
        [one] строка
        [few] строки
       *[many] строк
    }):
costs-write-refused = трекер не принял: { $reason }
audit-costs-update = расход кампании #{ $campaign_id } за { $start } – { $end }: { $cost } { $currency } (было { $before }, стало { $after })
costs-err-date = «{ $value }» — не день и не период (2026-12-01, 01.12.2026, 01.12–03.12)
costs-err-date-missing = нет даты
costs-err-range-backwards = период «{ $value }» кончается раньше, чем начинается
costs-err-date-future = «{ $value }» — ещё не наступило по часам трекера
costs-err-range-long = в периоде { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }, а в одной строке — не больше { $max }
costs-err-amount-missing = нет суммы расхода
costs-err-amount-nan = расход «{ $value }» — не число
costs-err-amount-negative = расход «{ $value }» отрицательный
costs-err-amount-absurd = расход «{ $value }» больше { $max }
costs-err-amount-precision = в расходе «{ $value }» больше четырёх знаков после запятой
costs-err-currency-missing = нет валюты
costs-err-currency = «{ $value }» — не код валюты (USD, EUR, RUB …)
costs-err-campaign-missing = нет кампании
costs-err-campaign-long = название кампании длиннее { $max }
costs-err-campaign-id = в трекере нет кампании #{ $id }
costs-err-campaign-scope = кампания #{ $id } — не из ваших кампаний
costs-err-campaign-name = нет кампании с названием «{ $name }» (название — точно как в трекере; или укажите id)
costs-err-campaign-name-scope = среди ваших кампаний нет кампании с названием «{ $name }» (название — точно как в трекере; или укажите id)
costs-err-campaign-ambiguous = название «{ $name }» у нескольких кампаний: { $count } ({ $ids }) — укажите id
costs-err-overlap = строка { $other } уже задаёт расход этой кампании на один из этих дней
costs-err-line-short = нужны четыре значения: кампания, дата, расход, валюта — например <code>12 2026-12-01 150.40 USD</code>
costs-err-one-line = Напишите одну строку или отправьте CSV-файл.
costs-err-file-big = Файл больше { $mb } МБ. Разделите его и отправьте части по очереди.
costs-err-file-rows = В файле больше { $rows } { $rows ->
        [one] строки
       *[many] строк
    }. Разделите его и отправьте части по очереди.
costs-err-file-encoding = Не могу прочитать текст файла. Сохраните его как CSV в UTF-8 и отправьте снова.
costs-err-file-empty = В файле нет строк. Заполните шаблон (📄 Шаблон файла) и отправьте снова.
costs-err-header = В первой строке должны быть названия столбцов; не хватает: { $missing }. В шаблоне (📄 Шаблон файла) они есть.
