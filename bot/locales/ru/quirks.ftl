## Особенности новых трекеров: Cloudflare 1010, 422
kerr-cloudflare_1010 = { $tracker }: Cloudflare заблокировал мои запросы по User-Agent (ошибка 1010). Разрешите в Cloudflare мой User-Agent (KEITARO_USER_AGENT, по умолчанию «keitaro-oncall-bot») для адреса админки или попросите администратора бота указать тот, который ваш Cloudflare пропускает.
kerr-validation_422 = { $tracker }: трекер не принял значения (422).

## Тест постбека: живой трафик на карточке, отмена тестовой конверсии
pb-live-traffic = ⚠️ У кампании «{ $campaign }» живой трафик: { $clicks ->
        [one] { $clicks } клик
        [few] { $clicks } клика
       *[many] { $clicks } кликов
    } за последний час. Тестовая конверсия попадёт в её настоящую статистику — отмените её после теста («↩️ Отменить тестовую конверсию»).
btn-pb-undo = ↩️ Отменить тестовую конверсию
pb-undo-sending = ⏳ Отправляю статус «отклонено (rejected)» для этого клика в { $tracker }…
pb-undo-checking = ⏳ Отменяю: я отправил статус «отклонено (rejected)» для того же клика и tid и проверяю журнал конверсий…
pb-undo-done = ↩️ <b>Отменено.</b> Keitaro теперь показывает тестовую конверсию как <b>{ $status }</b> (до этого: { $previous }); она больше не считается лидом или продажей.
pb-undo-failed = ❌ <b>Отменить не получилось</b>: { $reason }
    Нажмите «↩️ Отменить тестовую конверсию», чтобы попробовать ещё раз.
pb-undo-no-trace = ⏳ <b>Пока не отменено</b>: конверсия всё ещё не в статусе «отклонено (rejected)» после { $checks ->
        [one] { $checks } проверки
        [few] { $checks } проверок
       *[many] { $checks } проверок
    }. Keitaro иногда записывает с задержкой — нажмите «↩️ Отменить тестовую конверсию» ещё раз через минуту.
pb-undo-refused-key = трекер отвечает, что ключ постбека неверный. Проверьте URL постбека { $tracker } в /trackers.
pb-undo-refused-subid = трекер отвечает, что ID клика нет или он неверный.
pb-undo-refused-http = трекер ответил ошибкой (HTTP { $status }).
pb-undo-refused-html = по адресу открылась веб-страница — похоже, это не URL постбека Keitaro.
pb-undo-why-subid = Keitaro не нашёл этот клик (SubID not found).
pb-undo-why-status = Keitaro не принял статус «отклонено (rejected)».
pb-undo-why-transition = Keitaro не разрешает такую смену статуса.
pb-undo-why-ignored = статус «отклонено (rejected)» в списке игнорируемых.
pb-undo-why-key = неверный ключ постбека.
audit-postback-undo = отмена тестовой конверсии: { $answer }
audit-postback-undo_verdict = итог отмены тестовой конверсии: { $verdict }

## /conversions: продажи, которые изменил более поздний постбек
cv-f-was_sale = была продажей (статус изменил более поздний постбек)
btn-cv-was_sale = 💸 Была продажей
