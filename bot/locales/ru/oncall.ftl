## Дежурства: /oncall, /quiet, /subscribe, /unsubscribe, /hook, уведомления о конверсиях, дневная сводка
cmd-oncall = Кто дежурит; график и эскалация
cmd-quiet = Тихие часы: например /quiet 23:00-08:00, /quiet off
cmd-subscribe = Уведомления трекера в этом чате (личном или группе)
cmd-unsubscribe = Отключить уведомления трекера в этом чате
cmd-hook = Уведомления о конверсиях: адрес для Keitaro

## Важность
sub-sev-critical = 🔴 критично
sub-sev-warning = 🟠 внимание
sub-sev-info = 🔵 инфо

## /subscribe
sub-not-admin = ⛔ Уведомления группы может менять только её администратор.
sub-not-admin-short = Это может изменить только администратор группы.
sub-no-tracker-group = У вас ещё нет трекера. Подключите его в личном чате со мной (/trackers), затем снова отправьте сюда /subscribe.
sub-tracker-gone = Этот трекер не ваш или удалён.
sub-where-private = этом чате
sub-where-group = группе «{ $title }»
sub-title = 🔔 <b>Уведомления в { $where }</b>
sub-tracker = Трекер: <b>{ $tracker }</b>
sub-severity = Алерты: { $severity } и выше
sub-on = ✅ Подписка включена
sub-off = Подписки пока нет. Выберите трекер и с какой важности присылать алерты, затем нажмите «Подписаться».
sub-conversions-on = 💰 Уведомления о конверсиях: вкл
sub-conversions-off = 💰 Уведомления о конверсиях: откл
sub-digest-at = 🗓 Сводка каждый день в { $time } ({ $tz })
sub-digest-off = 🗓 Дневная сводка: откл
sub-done = ✅ Подписка на { $tracker } включена.
sub-done-critical = ✅ Подписка на { $tracker } включена, уведомления о конверсиях включены; из алертов сюда будут приходить только критичные (это можно изменить на этом экране).
sub-saved = Сохранено
sub-btn-subscribe = 🔔 Подписаться
sub-btn-unsubscribe = 🔕 Отписаться
sub-btn-conv-on = 💰 Включить конверсии
sub-btn-conv-off = 💰 Отключить конверсии
sub-btn-digest = 🗓 Дневная сводка
sub-btn-hook = 🔗 Адрес для Keitaro
sub-btn-digest-off = 🚫 Без сводки
sub-digest-ask = 🗓 В какое время присылать дневную сводку? Отправьте ЧЧ:ММ, например <code>09:00</code> (часовой пояс трекера: { $tz }). В ней — вчерашний день: итоги в сравнении с позавчерашним днём, лучшие и худшие кампании, алерты и кто их взял.
sub-digest-saved = 🗓 Сводка будет приходить каждый день в { $time } ({ $tz }).
oncall-err-hhmm = Это не похоже на время. Отправьте его в виде ЧЧ:ММ, например <code>09:30</code>.

## /unsubscribe
unsub-none = Этот чат не подписан ни на один трекер.
unsub-which = Уведомления какого трекера отключить в этом чате?
unsub-btn-all = 🔕 От всех
unsub-done = 🔕 Уведомления трекера { $tracker } в этот чат отключены.

## /hook: вебхук конверсий
hook-private-only = 🔒 В адресе для Keitaro есть секрет, поэтому я показываю его только в личном чате: отправьте /hook мне в личку. Уведомления о конверсиях для этой группы включаются в /subscribe.
hook-title = 🔗 <b>Уведомления о конверсиях: { $tracker }</b>
hook-how =
    В Keitaro откройте кампанию → <b>S2S-постбеки</b> → <b>Добавить постбек</b> и вставьте:

    URL: { $url }
    Метод: <b>GET</b>
    Статусы: те, о которых хотите знать (например лид (lead), продажа (sale), отклонено (rejected))

    Тогда о каждой конверсии я коротко напишу во все чаты, где включены уведомления о конверсиях этого трекера; несколько конверсий подряд приходят одним сообщением. Храните адрес в секрете — любой, у кого он есть, может присылать сюда данные. «Новый секрет» отключает старый адрес.
hook-local-warning = ⚠️ Это мой локальный адрес; Keitaro должен иметь к нему доступ. Задайте WEBHOOK_URL (или спросите публичный адрес у моего администратора).
hook-secret-unreadable = ⚠️ Секрет адреса для конверсий этого трекера не читается с моим текущим SECRET_KEY, поэтому показать адрес снова я не могу. Адрес, который уже вставлен в Keitaro, продолжает работать — конверсии приходят. Чтобы увидеть адрес здесь, создайте новый секрет (🔄 ниже) и вставьте новый адрес в Keitaro.
hook-url-in-private = Адрес для Keitaro показывается в личном чате со мной (/hook).
hook-chat-on = В этом чате уведомления о конверсиях <b>включены</b>.
hook-chat-off = В этом чате уведомления о конверсиях <b>отключены</b>.
hook-btn-rotate = 🔐 Новый секрет
hook-rotate-ask = 🔐 Создать новый секрет? Текущий адрес сразу перестанет работать; новый нужно будет вставить в Keitaro.
hook-btn-rotate-yes = 🔐 Да, новый секрет
hook-rotated = 🔐 Новый секрет создан: вставьте новый адрес в Keitaro.

## Уведомления о конверсиях
conv-push-title = 💰 <b>{ $count ->
        [one] { $count } конверсия
        [few] { $count } конверсии
       *[many] { $count } конверсий
    }</b> · { $tracker }
conv-status = { $status ->
    [lead] лид (lead)
    [sale] продажа (sale)
    [rejected] отклонено (rejected)
    [rebill] ребилл (rebill)
   *[other] { $status }
}
conv-push-more = …и ещё { $count }
conv-push-total = Итого: <b>{ $total }</b>

## /oncall
oncall-title = 📟 <b>Дежурство — { $tracker }</b>
oncall-none = 📟 Для <b>{ $tracker }</b> нет графика дежурств: критичные алерты сразу приходят во все подписанные чаты.
oncall-none-personal = 📟 Вас нет ни в одном графике дежурств, и у вас нет своего трекера, чтобы настроить график.
oncall-group-none = 📟 Эта группа не подписана ни на один трекер. Администратор группы может отправить /subscribe.
oncall-no-access = ⛔ Вы не можете менять график дежурств этого трекера.
oncall-now = Сейчас: <b>{ $person }</b> до { $until }
oncall-next = Следующий: { $person } с { $since }
oncall-rotation-daily = Смены: каждый день, пересменка в { $handover } ({ $tz })
oncall-rotation-weekly = Смены: раз в неделю, пересменка в { $handover } ({ $tz })
oncall-people = Дежурные: { $people }
oncall-backup = Запасной: { $person }
oncall-backup-none = Запасной: нет
oncall-team = Чат команды: { $chat }
oncall-team-none = Чат команды: нет
oncall-escalation = Если никто не взял алерт за { $minutes } мин → чат команды и запасной, затем { $count ->
        [one] { $count } повтор
        [few] { $count } повтора
       *[many] { $count } повторов
    }
oncall-saved = ✅ Сохранено
oncall-removed = 🗑 График удалён: критичные алерты снова приходят во все подписанные чаты.
oncall-btn-people = 👥 Дежурные
oncall-btn-make-daily = 🔁 Смены каждый день
oncall-btn-make-weekly = 🔁 Смены раз в неделю
oncall-btn-handover = 🕙 Пересменка
oncall-btn-backup = 🛟 Запасной
oncall-btn-team = 💬 Чат команды
oncall-btn-escalate = ⏱ Эскалация
oncall-btn-remove = 🗑 Удалить график
oncall-btn-remove-yes = 🗑 Да, удалить
oncall-btn-none = 🚫 Нет
oncall-btn-done = ✅ Готово
oncall-people-ask = 👥 Кто дежурит по очереди? Отправьте по порядку @имена (тех, кто уже писал мне) или Telegram ID, например <code>@alice @bob 123456789</code> (не больше { $max }). Первый в списке дежурит с последней пересменки.
oncall-handover-ask = 🕙 Во сколько пересменка? Отправьте ЧЧ:ММ в часовом поясе трекера ({ $tz }), например <code>10:00</code>.
oncall-backup-ask = 🛟 Кто запасной? Отправьте одно @имя или Telegram ID. Запасному я пишу о критичных алертах, которые никто не взял.
oncall-team-ask = 💬 Какая группа — чат команды? Туда я пишу о критичных алертах, которые никто не взял.
oncall-team-no-groups = На этот трекер ещё не подписана ни одна группа: добавьте меня в группу команды и отправьте там /subscribe, затем вернитесь сюда.
oncall-escalate-ask = ⏱ Сколько ждать, пока кто-нибудь возьмёт алерт, прежде чем написать в чат команды и запасному? И сколько раз потом напомнить?
oncall-minutes = { $count } мин
oncall-repeats = { $count ->
        [one] { $count } повтор
        [few] { $count } повтора
       *[many] { $count } повторов
    }
oncall-remove-ask = 🗑 Удалить график дежурств? Критичные алерты будут сразу приходить во все подписанные чаты.
oncall-err-unknown = Я не знаю { $name }: пусть этот человек сначала напишет мне (или отправьте его Telegram ID).
oncall-err-people = Отправьте хотя бы одно @имя или ID.
oncall-err-too-many = Не больше { $max } { $max ->
        [one] человека
        [few] человек
       *[many] человек
    }.
oncall-err-backup = Отправьте ровно одно @имя или ID.

## /quiet
quiet-none = 🌙 Тихие часы не заданы. Задайте, например, <code>/quiet 23:00-08:00</code>: уведомления о конверсиях и сводки будут приходить без звука, а критичные алерты — со звуком, как обычно.
quiet-current = 🌙 Ваши тихие часы: { $starts }–{ $ends } ({ $tz }). <code>/quiet off</code> отключает их.
quiet-saved = 🌙 Тихие часы: { $starts }–{ $ends } ({ $tz }). Критичные алерты всё равно приходят со звуком.
quiet-cleared = 🔔 Тихие часы отключены.
quiet-usage = Задайте тихие часы так: <code>/quiet 23:00-08:00</code> (можно с часовым поясом: <code>/quiet 23:00-08:00 Europe/Moscow</code>) или <code>/quiet off</code>.
quiet-err-equal = Начало и конец должны различаться.
quiet-err-zone = Я не знаю часовой пояс «{ $tz }». Отправьте название вроде Europe/Moscow.

## Дневная сводка
digest-title = 🗓 <b>{ $tracker }</b> · сводка за { $day } ({ $tz })
digest-day = День
digest-day-before = Ранее
digest-no-numbers = Не получилось получить цифры:
digest-no-traffic = В этот день трафика не было.
digest-top = 🏆 Лучшие кампании (профит):
digest-worst = 📉 Худшие кампании (профит):
digest-alerts-none = 🔕 Алертов в этот день не было.
digest-alerts = 🚨 { $count ->
        [one] { $count } алерт
        [few] { $count } алерта
       *[many] { $count } алертов
    }:
digest-acked = взял(а): { $who }, { $at }
digest-not-acked = никто не взял
digest-resolved = отбой в { $at }
