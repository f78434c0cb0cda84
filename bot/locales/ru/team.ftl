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
