## Команда: роли и ответ проверки доступа (issue 16)
role-viewer = наблюдатель
role-operator = оператор
role-manager = менеджер
role-owner = владелец
access-role-refused = 🔒 Ваша роль в трекере <b>{ $tracker }</b> — { $role }: это действие ей недоступно. Роль может изменить владелец трекера.
tracker-gone = Этого трекера больше нет, или он больше не открыт вам. Ваши трекеры: /trackers
trackers-list-shared = 👥 — открыт вам другим владельцем, рядом ваша роль.
tracker-item-shared = 👥 { $name } · { $role }
tracker-card-member = 👥 Трекер открыт вам. Ваша роль: <b>{ $role }</b>.
tracker-card-shared =
    📡 <b>{ $name }</b>{ $active_mark ->
        [yes] {" "}★ активный
       *[no] {""}
    }
pb-click-out-of-scope = 🎯 Этого клика нет среди кликов ваших кампаний за последние 30 дней — тест не отправляю: он мог бы создать конверсию в кампании другого байера. Выберите свой клик.
member-subs-stopped = 🔕 Уведомления трекера «{ $tracker }», настроенные участником { $name }, остановлены ({ $count } { $count ->
        [one] чат
        [few] чата
       *[many] чатов
    }). Чтобы командный чат и дальше получал уведомления трекера, отправьте там /subscribe.
audit-alert-ack = взял(а) алерт «{ $rule }»
audit-alert-snooze = { $until ->
        [off] вернул(а) отложенный алерт «{ $rule }»
       *[other] отложил(а) алерт «{ $rule }»
    }
audit-rule-mute = { $until ->
        [off] снял(а) заглушение правила «{ $rule }»
       *[other] заглушил(а) правило «{ $rule }»
    }
audit-rule-create = создал(а) правило алертов «{ $rule }»
audit-rule-update = изменил(а) правило алертов «{ $rule }»
audit-rule-enable = включил(а) правило алертов «{ $rule }»
audit-rule-disable = отключил(а) правило алертов «{ $rule }»
audit-rule-delete = удалил(а) правило алертов «{ $rule }»
