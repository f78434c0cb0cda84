## Команды (меню и /help)
cmd-start = Старт: что умеет бот и главное меню
cmd-trackers = Ваши трекеры Keitaro: добавить, переключить, проверить, переименовать, удалить
cmd-lang = Язык: русский или английский
cmd-help = Все команды
cmd-cancel = Выйти из текущего диалога

## Кнопки
btn-my-trackers = 📡 Мои трекеры
btn-connect-tracker = ➕ Подключить трекер
btn-language = 🌐 Язык
btn-help = ❓ Помощь
btn-close = ✖️ Закрыть
btn-cancel = ✖️ Отмена
btn-back = ⬅️ Назад
btn-skip = ⏭ Пропустить
btn-change-url = ✏️ Изменить адрес
btn-add-tracker = ➕ Добавить трекер
btn-make-active = ★ Сделать активным
btn-test = 🔌 Проверить подключение
btn-rename = ✏️ Переименовать
btn-timezone = 🕒 Часовой пояс
btn-remove = 🗑 Удалить
btn-remove-yes = 🗑 Да, удалить
btn-remove-no = Нет, оставить

## Старт, помощь, отмена
start-new =
    👋 Привет, { $name }! Я дежурный бот для <b>Keitaro</b>.

    С телефона я тестирую постбеки и показываю, записал ли их Keitaro (/postback), показываю и безопасно меняю кампании, потоки, офферы и лендинги (/campaigns), показываю статистику, клики, конверсии и лог постбеков (/stats) и слежу за трекером: алерты можно принять или отложить прямо из сообщения (/alerts).

    <b>Первый шаг:</b> подключите свой трекер — нужны адрес админки и ключ Admin API. Нажмите кнопку ниже или отправьте /trackers.
start-back =
    👋 С возвращением, { $name }!
    Активный трекер: <b>{ $tracker }</b> (подключено { $count ->
        [one] { $count } трекер
        [few] { $count } трекера
       *[many] { $count } трекеров
    }).

    /postback — тест постбека, /trackers — управление трекерами, /help — все команды.
start-resume = ↩️ Вы не закончили предыдущий шаг — вот где вы остановились. /cancel — выйти.
help-title = <b>Команды</b>
help-footer = В любом диалоге /cancel выходит из него, ничего не сохраняя.
cancel-done = ✖️ Отменено. Из этого диалога ничего не сохранено.
cancel-nothing = Отменять нечего. /help — что я умею.

## Язык
lang-choose =
    🌐 <b>Язык</b>
    Сейчас: { $current }. Выберите:
lang-saved-toast = Сохранено
lang-saved = ✅ Язык: русский. Теперь я буду говорить на нём.

## Неожиданный ввод и ошибки
input-use-buttons = ☝️ Здесь я жду нажатия кнопки. Используйте кнопки сообщения ниже или /cancel, чтобы выйти.
input-not-text = ☝️ Здесь нужен текст. Отправьте текстовое сообщение или /cancel, чтобы выйти.
unknown-command = Такой команды я не знаю. /help — список всех команд.
unknown-message = Не понимаю, что с этим сделать. /help — что я умею.
stale-button = Это меню закрыто или устарело. Откройте его заново через /start.
access-denied =
    ⛔ Это закрытый бот.
    Ваш Telegram id: <code>{ $user_id }</code> — отправьте его администратору бота, чтобы получить доступ.
access-denied-short = ⛔ Это закрытый бот. Отправьте /start, чтобы узнать свой Telegram id.
error-unexpected = 😕 Простите, у меня что-то сломалось. Код ошибки: <code>{ $error_id }</code>. Попробуйте ещё раз; если повторится — отправьте этот код администратору бота.

## Добавление трекера
add-name-ask =
    ➕ <b>Новый трекер</b> — шаг 1 из 5
    Отправьте короткое название, например <i>Основной</i> или <i>EU трекер</i>.
add-url-ask =
    ➕ <b>{ $name }</b> — шаг 2 из 5
    Отправьте <b>адрес админки</b>: URL, по которому открывается панель Keitaro, например <code>https://tracker.example.com/admin/</code>
add-key-ask =
    ➕ <b>{ $name }</b> — шаг 3 из 5
    Адрес: { $url }
    Отправьте <b>ключ Admin API</b> (Keitaro → Пользователи → ваш пользователь → API-ключи).
    🔒 Сообщение с ключом я сразу удалю, а ключ сохраню в зашифрованном виде.
add-pb-ask =
    ➕ <b>{ $name }</b> — шаг 4 из 5 (необязательно)
    Отправьте <b>postback URL</b> трекера — Keitaro показывает его в Настройки → Postback URL, вида <code>https://ваш-домен/abc1234/postback</code>. Он нужен для тестов постбеков; можно добавить позже.
add-tz-ask =
    ➕ <b>{ $name }</b> — шаг 5 из 5
    Выберите <b>часовой пояс</b> трекера (по нему строятся отчёты) или отправьте его название, например <code>Europe/Madrid</code>.
tz-from-tracker = { $zone } (из трекера)

name-err-empty = Название пустое.
name-err-long = Название слишком длинное ({ $length } симв., максимум { $max }).
name-err-slash = Название не может начинаться с «/».
name-err-taken = У вас уже есть трекер «{ $name }». Выберите другое название.
url-err-scheme = Адрес должен начинаться с http:// или https://.
url-err-no_host = В адресе не найдено имя хоста.
url-err-credentials = Отправьте адрес без логина и пароля внутри.
url-err-malformed = Это не похоже на веб-адрес. Пример: https://tracker.example.com/admin/
url-err-private = Адрес указывает на частную или локальную сеть. Здесь допустимы только публичные адреса.
url-err-dns = Имя { $host } не находится в DNS. Проверьте написание.

key-deleted = 🔒 Ваше сообщение с ключом удалено из чата.
key-not-deleted = ⚠️ Не удалось удалить ваше сообщение с ключом — удалите его, пожалуйста, сами.
key-checking = ⏳ Проверяю ключ на <b>{ $tracker }</b>…
key-ok = ✅ <b>{ $tracker }</b>: подключено, { $count ->
        [one] { $count } кампания
        [few] { $count } кампании
       *[many] { $count } кампаний
    } ({ $ms } мс).
key-err-retry = Ключ не сохранён. Отправьте другой ключ или измените адрес.
key-err-spaces = В API-ключе нет пробелов. Отправьте только ключ.
key-err-format = Это не похоже на API-ключ (буквы и цифры, 8–200 символов).

pb-err-format = Это не postback URL Keitaro. Он выглядит так: https://ваш-домен/abc1234/postback — отправьте ещё раз или нажмите «Пропустить».
pb-saved = 🔒 Postback URL сохранён: { $url }. Ваше сообщение с ним удалено из чата.
tz-err-unknown = Не знаю такого часового пояса. Отправьте название вроде Europe/Moscow или UTC либо выберите кнопку.

## Ошибки Keitaro: одно предложение — что случилось и что делать
kerr-bad_request = { $tracker }: трекер отклонил запрос как некорректный (400). Сообщите об этом администратору бота.
kerr-auth = { $tracker }: неверный API-ключ (401). Проверьте ключ в Keitaro → Пользователи → API-ключи и отправьте снова.
kerr-edition = { $tracker }: в этой редакции Keitaro нет Admin API (402). Нужна редакция с доступом к Admin API.
kerr-forbidden = { $tracker }: у этого ключа нет прав на это действие (403). Используйте ключ пользователя-администратора.
kerr-not_found = { $tracker }: не найдено (404) — возможно, объект удалён или это не адрес админки.
kerr-validation = { $tracker }: трекер не принял значения (406).
kerr-server = { $tracker }: внутренняя ошибка трекера ({ $status }). Попробуйте через минуту.
kerr-unexpected_status = { $tracker }: неожиданный ответ трекера (HTTP { $status }).
kerr-unexpected_response = { $tracker }: трекер ответил данными неожиданного вида. Возможно, это другая версия Keitaro; сообщите администратору бота.
kerr-not_json = { $tracker }: по адресу открылась веб-страница вместо API — вероятно, это не адрес админки. Укажите URL, где открывается панель.
kerr-cloudflare = { $tracker }: запрос заблокировал Cloudflare. Разрешите запросы бота к адресу админки или используйте адрес не за Cloudflare.
kerr-timeout = { $tracker }: трекер не ответил вовремя. Проверьте, что он работает, и попробуйте снова.
kerr-refused = { $tracker }: в соединении отказано — по этому адресу и порту ничего не слушает.
kerr-dns = { $tracker }: имя хоста не находится в DNS. Проверьте адрес.
kerr-tls = { $tracker }: не прошла проверка сертификата TLS (HTTPS). Исправьте сертификат или проверьте адрес.
kerr-network = { $tracker }: сетевая ошибка при подключении. Попробуйте через минуту.
kerr-private_address = { $tracker }: адрес указывает на частную или локальную сеть — это запрещено.
kerr-unknown = { $tracker }: неожиданная ошибка при обращении к трекеру.

## Трекеры
trackers-list =
    📡 <b>Ваши трекеры</b> ({ $count })
    ★ — активный: с ним работают команды. Нажмите на трекер, чтобы управлять им.
trackers-empty =
    📡 У вас пока нет трекеров.
    Добавьте трекер: нужны адрес админки и ключ Admin API.
tracker-card =
    📡 <b>{ $name }</b>{ $active_mark ->
        [yes] {" "}★ активный
       *[no] {""}
    }
    Админка: { $url }
    Часовой пояс: { $tz }
    Postback URL: { $postback }
tracker-gone = Этого трекера больше нет.
tracker-added = ✅ Трекер добавлен.
tracker-activated = ★ <b>{ $tracker }</b> теперь активный трекер.
tracker-renamed = ✏️ «{ $old }» теперь называется <b>{ $tracker }</b>.
tracker-tz-set = 🕒 <b>{ $tracker }</b>: часовой пояс — { $tz }.
tracker-removed = 🗑 Трекер <b>{ $tracker }</b> удалён, его ключ стёрт из бота. В самом трекере ничего не изменилось.
tracker-removed-new-active = 🗑 Трекер <b>{ $tracker }</b> удалён, его ключ стёрт из бота. Теперь активный: <b>{ $active }</b>.
test-ok = ✅ <b>{ $tracker }</b>: подключено, { $count ->
        [one] { $count } кампания
        [few] { $count } кампании
       *[many] { $count } кампаний
    } ({ $ms } мс).
test-failed = ❌ Проверка подключения не прошла.
checking-toast = Проверяю…
rename-ask =
    ✏️ Новое название для <b>{ $name }</b>?
tz-ask =
    🕒 Часовой пояс <b>{ $name }</b> (сейчас { $tz }). Выберите или отправьте название, например Europe/Madrid.
remove-confirm =
    🗑 Удалить <b>{ $name }</b> из бота?
    Бот забудет адрес и ключ. В самом трекере ничего не изменится.
btn-postback-url = 🔗 Postback URL
btn-api-key = 🔑 Заменить API-ключ
btn-pb-remove = 🗑 Удалить
tracker-pb-ask =
    🔗 Postback URL трекера <b>{ $name }</b> (сейчас: { $postback }).
    Отправьте новый — Keitaro показывает его в Настройки → Postback URL, вида <code>https://ваш-домен/abc1234/postback</code>. Я удалю ваше сообщение и сохраню URL в зашифрованном виде.
tracker-pb-set = 🔗 <b>{ $tracker }</b>: postback URL сохранён ({ $url }).
tracker-pb-removed = 🔗 <b>{ $tracker }</b>: postback URL удалён.
tracker-key-ask =
    🔑 Отправьте новый ключ Admin API для <b>{ $name }</b>. Сначала я проверю его на трекере; старый ключ останется, пока новый не заработает.
    🔒 Сообщение с ключом я сразу удалю.
key-err-kept = Используется старый ключ. Отправьте другой ключ или вернитесь назад.
tracker-key-replaced = 🔑 <b>{ $tracker }</b>: API-ключ заменён.
tracker-card-key-unreadable = ⚠️ Сохранённый API-ключ не читается с текущим SECRET_KEY бота: нажмите «Заменить API-ключ» и отправьте его снова.
tracker-card-pb-unreadable = ⚠️ Сохранённый postback URL не читается с текущим SECRET_KEY бота: нажмите «Postback URL» и отправьте его снова.
tracker-secret-unreadable-mark = ⚠️ не читается
secret-unreadable-key = 🔑 <b>{ $tracker }</b>: ключ Admin API нужно ввести заново — я не могу прочитать сохранённый ключ с текущим SECRET_KEY бота (его сменили, или сохранённая копия повреждена).
secret-unreadable-key-do = Нажмите кнопку и отправьте ключ; настройки трекера, правила и отчёты останутся как были.
secret-unreadable-pb = 🔗 <b>{ $tracker }</b>: postback URL нужно ввести заново — я не могу прочитать сохранённый с текущим SECRET_KEY бота (его сменили, или сохранённая копия повреждена).
secret-unreadable-pb-do = Нажмите кнопку и отправьте postback URL (в Keitaro: Настройки → Postback URL).
secret-unreadable-ask-owner = Попросите владельца трекера ввести его заново в /trackers.
btn-reenter-key = 🔑 Ввести API-ключ заново
btn-reenter-pb = 🔗 Ввести postback URL заново
tracker-card-ro = 🔒 Только чтение: бот ничего не меняет на этом трекере.
btn-read-only-on = 🔒 Только чтение
btn-read-only-off = 🔓 Разрешить изменения
tracker-ro-on = 🔒 <b>{ $tracker }</b> теперь только для чтения.
tracker-ro-off = 🔓 <b>{ $tracker }</b>: изменения снова разрешены.
