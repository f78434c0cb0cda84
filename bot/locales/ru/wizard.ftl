## Пошаговое создание кампаний, потоков и офферов (issue 17)

wiz-btn-new-campaigns = ➕ Новая кампания
wiz-btn-new-streams = ➕ Новый поток
wiz-btn-new-offers = ➕ Новый оффер
wiz-head-campaigns = ➕ <b>Новая кампания</b> · { $tracker }
wiz-head-streams = ➕ <b>Новый поток</b> · { $tracker } · кампания «{ $campaign }»
wiz-head-offers = ➕ <b>Новый оффер</b> · { $tracker }
wiz-step = Шаг { $n } из { $total }
wiz-now = Сейчас: <b>{ $value }</b>
wiz-none = —
wiz-btn-use = ✅ { $value }
wiz-btn-summary = 📋 К сводке
wiz-btn-next = ➡️ Дальше
wiz-btn-create = ✅ Создать
wiz-btn-change = ✏️ Изменить поле
wiz-change-ask = ✏️ Какое поле изменить?
wiz-btn-first-flow = ➕ Добавить первый поток
wiz-btn-open-campaign = 📦 Открыть кампанию
wiz-list-empty = В трекере их пока нет: пропустите шаг или добавьте в трекере и вернитесь.
wiz-pick-one = Сначала выберите хотя бы один.
wiz-cancelled = Отменено: я ничего не создал.
wiz-created-toast = ✅ Создано
wiz-campaign-made = ✅ Кампания «{ $name }» создана (#{ $id }). Потоков в ней пока нет, посетителей она никуда не отправит.
    Добавить первый поток сейчас?
wiz-line = { $field }: <b>{ $value }</b>
wiz-summary-campaigns = Я создам такую кампанию:
wiz-summary-streams = Я создам такой поток:
wiz-summary-offers = Я создам такой оффер:
wiz-err-tracker = { $tracker } не принял значения:
    { $problems }
    Измените значение и отправьте снова.
wiz-err-alias = Алиас входит в ссылку кампании: только латинские буквы, цифры, «-» и «_» (до 64), например fb-us-nutra.
wiz-err-currency = Напишите сумму и, если нужно, трёхбуквенный код валюты, например 38 или 38,5 USD.
wiz-err-countries = Отправьте двухбуквенные коды стран через пробел, например US CA GB. Не код: { $bad }.
wiz-err-scope = { $tracker }: ваш доступ ограничен вашими кампаниями, а эта кампания в них не попадёт. Поместите её в одну из ваших групп (✏️ Изменить поле → Группа) или дайте ей название, которое начинается с вашего префикса.
wiz-err-position = Отправьте позицию целым числом от 1 до 10000.
wiz-err-shares-count = Отправьте { $n ->
        [one] { $n } долю
        [few] { $n } доли
       *[many] { $n } долей
    } в процентах, в порядке списка, например 50 30 20.
wiz-err-shares-sum = Доли в сумме дают { $total }%, а не 100%. Отправьте их снова.

wiz-q-campaigns-name = Отправьте название кампании.
wiz-q-campaigns-alias = Отправьте алиас кампании или оставьте тот, что предлагаю я.
wiz-q-campaigns-alias-hint = Алиас — адрес кампании на её домене: https://домен/<b>алиас</b>.
wiz-q-campaigns-type = Как кампании выбирать среди обычных потоков?
wiz-q-campaigns-type-hint = По позиции: первый поток, чьи фильтры подошли. По весу: трафик делится по весам потоков.
wiz-q-campaigns-domain = Какой домен будет в ссылке кампании?
wiz-q-campaigns-source = Какой источник трафика присылает клики?
wiz-q-campaigns-cost_type = Как оплачивается трафик?
wiz-q-campaigns-cost_value = Отправьте цену одной единицы (клика, уникального клика, тысячи показов), например 0,05.
wiz-q-campaigns-group = В какой группе будет кампания?
wiz-f-campaigns-name = Название
wiz-f-campaigns-alias = Алиас
wiz-f-campaigns-type = Ротация
wiz-f-campaigns-domain = Домен
wiz-f-campaigns-source = Источник трафика
wiz-f-campaigns-cost_type = Модель расхода
wiz-f-campaigns-cost_value = Расход
wiz-f-campaigns-group = Группа
wiz-v-type-position = по позиции
wiz-v-type-weight = по весу
wiz-v-cost_type-CPC = CPC (за клик)
wiz-v-cost_type-CPUC = CPUC (за уникальный клик)
wiz-v-cost_type-CPM = CPM (за 1000 показов)

wiz-q-streams-type = Какой это поток?
wiz-q-streams-type-hint = Перехватывающие потоки проверяются первыми (боты, модераторы), затем обычные; поток по умолчанию получает всех, кому не подошёл ни один.
wiz-q-streams-name = Отправьте название потока.
wiz-q-streams-schema = Куда поток отправляет посетителей?
wiz-q-streams-action = Что делать потоку?
wiz-q-streams-payload = Отправьте адрес, куда отправлять посетителей (или текст, если поток показывает текст).
wiz-q-streams-landings = Выберите лендинги (нажмите, чтобы отметить), затем «Дальше».
wiz-q-streams-landing_shares = Доли лендингов в процентах, в этом порядке:
    { $names }
    Возьмите поровну или отправьте свои, например 50 30 20 (в сумме 100).
wiz-q-streams-offers = Выберите офферы (нажмите, чтобы отметить), затем «Дальше».
wiz-q-streams-offer_shares = Доли офферов в процентах, в этом порядке:
    { $names }
    Возьмите поровну или отправьте свои, например 50 30 20 (в сумме 100).
wiz-q-streams-countries = Только какие страны? Отправьте их коды, например US CA, или пропустите для всех стран.
wiz-q-streams-countries-hint = Двухбуквенные коды (ISO 3166) через пробел.
wiz-q-streams-device = Только какие устройства?
wiz-q-streams-bots = Что делать с ботами?
wiz-q-streams-weight = Отправьте вес потока (0–1000): кампания делит трафик по весам.
wiz-q-streams-weight-hint = Два потока с весами 60 и 40 получат 60% и 40% посетителей, которые подходят обоим.
wiz-q-streams-position = Отправьте позицию потока среди потоков кампании (1 — проверяется первым) или пропустите, чтобы поставить его последним.
wiz-f-streams-type = Тип
wiz-f-streams-name = Название
wiz-f-streams-schema = Схема
wiz-f-streams-action = Действие
wiz-f-streams-payload = Адрес или текст
wiz-f-streams-landings = Лендинги
wiz-f-streams-landing_shares = Доли лендингов
wiz-f-streams-offers = Офферы
wiz-f-streams-offer_shares = Доли офферов
wiz-f-streams-countries = Страны
wiz-f-streams-device = Устройства
wiz-f-streams-bots = Боты
wiz-f-streams-weight = Вес
wiz-f-streams-position = Позиция
wiz-v-type-forced = перехватывающий
wiz-v-type-regular = обычный
wiz-v-type-default = по умолчанию
wiz-v-schema-landings = лендинги и офферы
wiz-v-schema-redirect = редирект на офферы
wiz-v-schema-action = действие
wiz-v-action-http = редирект на адрес
wiz-v-action-status404 = ответить «404 Not Found»
wiz-v-action-show_text = показать текст
wiz-v-action-do_nothing = ничего не делать
wiz-v-device-mobile = только телефоны
wiz-v-device-desktop = только компьютеры
wiz-v-device-tablet = только планшеты
wiz-v-bots-block = не пускать ботов
wiz-v-bots-only = только боты

wiz-q-offers-name = Отправьте название оффера.
wiz-q-offers-url = Отправьте адрес (URL) оффера.
wiz-q-offers-url-hint = Передайте в нём id клика макросом, например https://network.example/?sub1=<code>{"{"}subid{"}"}</code>; другие: <code>{"{"}country{"}"}</code>, <code>{"{"}sub_id_1{"}"}</code>…<code>{"{"}sub_id_15{"}"}</code>, <code>{"{"}campaign_id{"}"}</code>. Без <code>{"{"}subid{"}"}</code> постбек партнёрской сети не найдёт клик.
wiz-q-offers-network = Из какой партнёрской сети оффер?
wiz-q-offers-payout_type = За что выплата?
wiz-q-offers-payout = Отправьте выплату, например 38 или 38,5 USD.
wiz-q-offers-payout-hint = Без валюты будет валюта трекера.
wiz-q-offers-country = Для каких стран оффер? Отправьте их коды, например US CA.
wiz-q-offers-country-hint = Двухбуквенные коды (ISO 3166) через пробел.
wiz-q-offers-group = В какой группе будет оффер?
wiz-f-offers-name = Название
wiz-f-offers-url = Адрес
wiz-f-offers-network = Партнёрская сеть
wiz-f-offers-payout_type = Тип выплаты
wiz-f-offers-payout = Выплата
wiz-f-offers-country = Страны
wiz-f-offers-group = Группа
wiz-v-payout_type-CPA = CPA (за конверсию)
wiz-v-payout_type-CPC = CPC (за клик)
