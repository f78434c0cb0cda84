## Особенности новых трекеров: Cloudflare 1010, 422
kerr-cloudflare_1010 = { $tracker }: Cloudflare заблокировал мои запросы по User-Agent (ошибка 1010). Разрешите в Cloudflare мой User-Agent (KEITARO_USER_AGENT, по умолчанию «keitaro-oncall-bot») для адреса админки или попросите администратора бота указать тот, который ваш Cloudflare пропускает.
kerr-validation_422 = { $tracker }: трекер не принял значения (422).
