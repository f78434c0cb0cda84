## Команда: участники, приглашения, вход, выход, передача владения, журнал действий (issue 16)

# карточка трекера
btn-members = 👥 Участники
btn-audit = 📋 Журнал действий
btn-leave = 🚪 Покинуть
leave-confirm =
    🚪 Покинуть <b>{ $name }</b>?
    Вы больше не увидите его цифр и алертов и выйдете из его дежурств. Я сообщу владельцу. Чтобы вернуться, нужно новое приглашение.
btn-leave-yes = Да, покинуть
btn-leave-no = Нет, остаться
member-you-left = 🚪 Вы покинули «{ $tracker }».
member-left = 🚪 { $name } покинул(а) «{ $tracker }»{ $rotation ->
        [yes] {" "}и его дежурства
       *[no] {""}
    }.
tracker-removed-for-member = 🗑 Владелец удалил трекер «{ $tracker }»: он вам больше не доступен. Ваши трекеры: /trackers

# экран команды
members-title =
    👥 <b>{ $tracker }</b> — команда ({ $count ->
        [one] { $count } участник
        [few] { $count } участника
       *[many] { $count } участников
    })
    { $people }
members-none = В команде пока никого нет. Пригласите участника: он получит ссылку, которая работает один раз.
members-refused = { $reason }
members-owner-line = 👑 { $name } — владелец
members-line = 👤 { $name } — { $role }, { $scope }
members-invite-line = ✉️ Приглашение: { $role }, { $scope } — истекает через { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }
members-btn-invite = ➕ Пригласить
members-btn-member = 👤 { $name } · { $role }
members-btn-revoke = ✖️ Отозвать приглашение: { $role } · { $hours } ч
members-revoked = ✖️ Приглашение отозвано: его ссылка больше не работает.
members-revoke-gone = Это приглашение уже использовано, отозвано или истекло.
member-gone = Этого человека уже нет в команде. Команда: /trackers → 👥 Участники
member-card =
    👤 <b>{ $name }</b> в <b>{ $tracker }</b>
    Роль: { $role }
    Видит: { $scope }
    В команде с { $joined }
member-btn-role = 🎭 Сменить роль
member-btn-scope = 🎯 Сменить кампании
member-btn-handover = 👑 Передать владение
member-btn-remove = 🚫 Исключить из команды
member-btn-remove-yes = Да, исключить
member-role-ask = 🎭 Роль { $name } в «{ $tracker }» (● — сейчас). Действует сразу.
member-role-set = ✅ Роль изменена: теперь { $role }.
member-role-changed-you = 🎭 Ваша роль в «{ $tracker }» теперь: { $role }.
member-remove-confirm =
    🚫 Исключить { $name } из «{ $tracker }»?
    Доступ пропадёт сразу, из дежурств участник тоже выйдет; я сообщу ему. Его сохранённые отчёты остаются у него (без данных этого трекера), правила алертов остаются у трекера.
member-removed = 🚫 { $name } больше не в команде{ $rotation ->
        [yes] {" "}и не в дежурствах
       *[no] {""}
    }.
member-removed-you = 🚫 Владелец исключил вас из «{ $tracker }»: трекер вам больше не доступен. Ваши трекеры: /trackers
member-scope-set = 🎯 Готово: теперь видит { $scope }.
member-scope-changed-you = 🎯 Владелец изменил, какие кампании «{ $tracker }» вы видите. /stats покажет новый набор.

# приглашения
invite-role-ask = ➕ Приглашение в <b>{ $tracker }</b>: выберите роль. Ссылка, которую я дам, работает один раз и истекает через 24 часа.
invite-roles-what =
    👁 <b>наблюдатель</b> — { role-what-viewer }
    🛠 <b>оператор</b> — { role-what-operator }
    🧭 <b>менеджер</b> — { role-what-manager }
role-what-viewer = статистика, конверсии, клики, логи, списки и карточки, алерты; ничего не меняет.
role-what-operator = всё, что наблюдатель, а также «Беру», отложить и заглушить алерты, включить и отключить кампании и потоки, тесты постбеков.
role-what-manager = всё, что оператор, а также любые другие изменения, правила алертов, дежурства, подписки и сводки.
invite-btn-viewer = 👁 Наблюдатель
invite-btn-operator = 🛠 Оператор
invite-btn-manager = 🧭 Менеджер
invite-scope-ask = Какие кампании <b>{ $tracker }</b> будут видны участнику?
invite-btn-all = 🌐 Все кампании
invite-btn-some = 🎯 Только некоторые…
invite-link =
    ✉️ Приглашение в <b>{ $tracker }</b>, роль: { $role } ({ $scope }).
    Перешлите эту ссылку коллеге:
    { $link }
    Она работает один раз и истекает через { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }. Не публикуйте её в открытом чате: в команду попадёт тот, кто откроет её первым.
invite-sent = ✉️ Ссылка-приглашение — в сообщении выше: перешлите её. Она работает один раз.
scope-ask =
    🎯 Какие кампании <b>{ $tracker }</b>? Выберите группы кампаний и/или начало названия (видна кампания, подходящая под любое из условий).
    Сейчас: { $scope }
scope-groups-failed = ⚠️ Не удалось прочитать группы кампаний трекера; начало названия по-прежнему можно задать.
scope-no-groups = В трекере нет групп кампаний: задайте начало названия.
scope-btn-prefix = ✏️ Начало названия
scope-btn-clear-prefix = ✖️ Без начала названия
scope-btn-done = ✅ Готово
scope-btn-all = 🌐 Все кампании
scope-prefix-ask = ✏️ Отправьте начало названий кампаний, которые участник увидит (например, «Oleg » или «[FB]»), до 64 символов.
scope-err-prefix = Начало названия — одна строка от 1 до { $max } { $max ->
        [one] символа
       *[other] символов
    }; «{ $text }» не подходит. Отправьте ещё раз.
scope-err-empty = Выберите хотя бы одну группу или задайте начало названия — или вернитесь и выберите «Все кампании».
scope-all = все кампании
scope-or = {" "}или{" "}
scope-groups = { $count ->
        [one] группа
       *[many] группы
    } { $groups }
scope-group-name = «{ $name }»
scope-group-id = #{ $id }
scope-prefix = названия на «{ $prefix }»

# вход в команду
join-offer =
    ✉️ { $inviter } приглашает вас в трекер <b>{ $tracker }</b>, роль: { $role }.
    Вы сможете: { $what }
    Кампании: { $scope }
    Вы будете работать с трекером без его API-ключа.
join-already = Вы уже в этой команде, роль: { $role }; после входа роль станет той, что выше.
join-btn-yes = ✅ Вступить
join-btn-no = ✖️ Нет, спасибо
join-dead = ⚠️ Эта ссылка-приглашение больше не работает — попросите новую.
join-own = «{ $tracker }» — ваш собственный трекер: вступить в него нельзя. Перешлите ссылку коллеге.
join-open-again = ⚠️ Откройте ссылку-приглашение ещё раз и нажмите ✅ Вступить.
join-declined = ✖️ Вы не вступили. Если передумаете, ссылка работает, пока не истечёт.
join-done =
    ✅ Вы в команде <b>{ $tracker }</b>, роль: { $role }.
    Вы можете: { $what }
    Трекер есть в /trackers; /stats, /alerts и другие команды работают с ним, когда он активный.
member-joined = 👥 { $name } вступил(а) в «{ $tracker }», роль: { $role }.

# передача владения
handover-confirm =
    👑 Передать «{ $tracker }» участнику { $name }?
    Он станет владельцем (с API-ключом и командой), вы — менеджером. Сначала я спрошу его: пока он не согласится, ничего не изменится.
handover-btn-offer = 👑 Да, предложить
handover-offered = 👑 Предложение отправлено: { $name }. У него { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }, чтобы согласиться.
handover-unreachable = ⚠️ Я не могу написать { $name } (возможно, меня заблокировали): предложение не отправлено.
handover-offer =
    👑 { $owner } предлагает вам стать владельцем трекера «{ $tracker }».
    Владелец хранит его API-ключ и решает, кто в команде; { $owner } станет менеджером.
handover-btn-accept = ✅ Стать владельцем
handover-btn-decline = ✖️ Отказаться
handover-gone = ⚠️ Это предложение больше не действует (его отозвали, оно истекло или вы уже не в команде).
handover-name-taken = У вас уже есть трекер «{ $tracker }». Сначала переименуйте свой в /trackers, потом нажмите ещё раз.
handover-accepted-you = 👑 Теперь вы владелец «{ $tracker }». В его карточке в /trackers — кнопки владельца.
handover-accepted = 👑 { $name } теперь владелец «{ $tracker }»; ваша роль: { $role }.
handover-declined-you = ✖️ Вы отказались; «{ $tracker }» остаётся как был.
handover-declined = ✖️ { $name } отказался(-ась) стать владельцем «{ $tracker }»; ничего не изменилось.

# журнал действий
audit-title = 📋 <b>{ $tracker }</b> — журнал действий (время: { $tz })
    { $entries }
audit-empty = Пока ничего не записано.
audit-btn-older = ◀ Раньше
audit-btn-newer = Позже ▶
audit-entry = 🕓 { $when } · { $who } ({ $role }): { $what }
audit-change = { $old } → { $new }
audit-field-change = { $field }: { $old } → { $new }
audit-scope = группы { $groups }, начало названия «{ $prefix }»
audit-resource = { $action } · { $resource } #{ $id }
audit-resource-undo = ↩️ отменил(а) { $action } · { $resource } #{ $id }
audit-tracker-add = подключил(а) трекер
audit-tracker-activate = сделал(а) трекер активным
audit-tracker-rename = переименовал(а) трекер
audit-tracker-timezone = задал(а) часовой пояс { $timezone }
audit-tracker-read_only = { $read_only ->
        [yes] включил(а) режим «только чтение»
       *[no] снова разрешил(а) изменения (режим «только чтение» отключён)
    }
audit-tracker-remove = удалил(а) трекер
audit-tracker-api_key = заменил(а) API-ключ
audit-tracker-postback_url = задал(а) URL постбека
audit-tracker-postback_url_removed = удалил(а) URL постбека
audit-postback-send = отправил(а) тестовый постбек ({ $status }): { $answer }
audit-postback-verdict = итог теста постбека: { $verdict }
audit-botlist-add = добавил(а) записи в список ботов
audit-botlist-remove = удалил(а) записи из списка ботов
audit-alerts-basic = включил(а) базовые алерты
audit-member-invite = пригласил(а): { $role }
audit-member-revoke = отозвал(а) приглашение
audit-member-join = вступил(а) в команду, роль: { $role }
audit-member-leave = покинул(а) команду
audit-member-remove = исключил(а) { $member } ({ $role }) из команды
audit-member-role = сменил(а) роль участника { $member }
audit-member-scope = изменил(а), какие кампании видит { $member }
audit-member-handover_offer = предложил(а) владение: { $member }
audit-member-handover_accept = стал(а) владельцем
audit-member-handover_decline = отказался(-ась) от владения
