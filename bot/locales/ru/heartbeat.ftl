## Пульс (задача 19, часть 4): вид правила «Пульс» — ни одного клика или конверсии
alerts-kind-heartbeat = Пульс
alerts-kind-heartbeat-about = Нет кликов в часы трафика.
alerts-q-heartbeat-silence_minutes = Сколько времени без единого клика — уже сбой? Например, 60m. (Трекер отдаёт цифры по часам, поэтому я замечу это в течение часа.)
alerts-q-heartbeat-postbacks = Следить за конверсиями (постбеками) вместо кликов? «нет» — за кликами.
alerts-q-heartbeat-per_source = Следить за каждым источником трафика отдельно? «нет» — за всем трекером (или за выбранной кампанией).
alerts-q-heartbeat-baseline_days = За сколько прошлых дней смотреть, когда трафик обычно идёт (то же время суток каждого дня)? 7 или 14.
alerts-q-heartbeat-min_usual = Если обычно за это время меньше скольких кликов (конверсий), то это тихие часы, а не сбой? Например, 5.
alerts-p-silence_minutes = Без трафика
alerts-p-postbacks = Конверсии вместо кликов
alerts-p-per_source = Каждый источник трафика отдельно
alerts-p-min_usual = Тихие часы ниже
alerts-hb-clicks = кликов
alerts-hb-conversions = конверсий
alerts-what-heartbeat = Нет { $what } уже { $window }, хотя в это время суток их обычно около { $usual } (медиана за { $days } { $days ->
    [one] прошлый день
    [few] прошлых дня
   *[many] прошлых дней
}).
alerts-what-heartbeat-source = Нет { $what } от источника трафика { $source } уже { $window }, хотя в это время суток их обычно около { $usual } (медиана за { $days } { $days ->
    [one] прошлый день
    [few] прошлых дня
   *[many] прошлых дней
}).
alerts-note-quiet_hours = тихие часы: в это время суток трафика обычно нет
alerts-scope-source-id = источник трафика #{ $id }
