"""Import point of the Keitaro tracker emulator (the implementation lives in ``keitaro_emulator/``).

``KeitaroEmulator`` is a real aiohttp server on 127.0.0.1 (random port, optionally HTTPS with a
self-signed certificate) that behaves like a tracker's Admin API v1:

* ``url`` — the admin URL to type into the bot (``http://127.0.0.1:PORT/admin/``); ``base`` — the
  scheme, host and port; ``api_base`` — ``<base>/admin_api/v1``
* auth: ``Api-Key: <key>`` or ``Authorization: Bearer <key>``; ``api_keys`` maps key → role:
  "admin" (everything), "user" (403 on ``/users``), "none" (403 everywhere); unknown/missing key → 401
* ``clock``: the tracker's clock (default: the system clock) — the seeded traffic, every stamp and
  "today" of reports and logs follow it; tests give it the bot's clock
* ``mode``: "normal" | "edition_402" | "html" (200 text/html) | "cloudflare" (403 html, cf-ray) |
  "server_error" (500) | "down" (503 html) | "slow" (each request waits until ``release_slow()`` or
  ``slow_seconds``) | "admin_html" (API calls answer 200 with the admin panel's HTML, as a wrong path
  does on some installations) | "cloudflare_1010" (Cloudflare's 403 error-1010 page to every
  User-Agent not in ``cloudflare_allowed_agents``)
* ``validation_status``: 406 (Keitaro's spec) or 422 (newer trackers) for validation errors
* ``state`` — every entity table (campaigns, streams, offers, landing_pages, affiliate_networks,
  traffic_sources, domains, groups, users, botlist, integrations), seeded cross-linked (5 campaigns,
  one archived — ``state.live("campaigns")`` is what ``GET /campaigns`` lists; an ADMIN user whose
  ``preferences.timezone`` is Europe/Moscow); ~3,000 clicks over 14 days and conversions in every
  status; ``add_campaign(**fields)``
* reports: ``report_dialect`` ("grouping" or "dimensions") — the other dialect is refused the way a
  tracker refuses an unknown key; unknown metrics/columns fail the request
* incoming postback: ``postback_key``, ``postback_url``; answered at once, recorded a moment later
  (``await wait_postbacks()``; ``postbacks.pause()``/``resume()``), lines in the ``postbacks`` log
* ``requests`` — every request received (method, path, query, headers, json, status)
* ``connections_opened`` — TCP connections accepted (keep-alive checks)
* unknown paths under ``/admin_api/v1`` → 404 ``{"error": "Not found"}``; other paths → HTML
"""

from tests.fakes.keitaro_emulator.common import API_PREFIX
from tests.fakes.keitaro_emulator.server import (
    DEFAULT_ADMIN_KEY,
    DEFAULT_USER_KEY,
    MODES,
    KeitaroEmulator,
    RecordedRequest,
)
from tests.fakes.keitaro_emulator.state import ADMIN_TIMEZONE, EmulatorState
from tests.fakes.keitaro_emulator.tls import SelfSignedCert, make_self_signed_cert

__all__ = [
    "ADMIN_TIMEZONE",
    "API_PREFIX",
    "DEFAULT_ADMIN_KEY",
    "DEFAULT_USER_KEY",
    "MODES",
    "EmulatorState",
    "KeitaroEmulator",
    "RecordedRequest",
    "SelfSignedCert",
    "make_self_signed_cert",
]
