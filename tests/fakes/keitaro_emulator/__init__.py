"""The Keitaro tracker emulator (import it from ``tests.fakes.keitaro``).

Layout, so that later issues can grow it to every path of the spec:

* ``server.py``   — the aiohttp server: auth, key roles, failure modes, recording, connection count
* ``state.py``    — in-memory entities, seeded with realistic data
* ``common.py``   — ``Route``/``Call`` and JSON answers shared by the route modules
* one module per resource group (``campaigns.py``, ``users.py``), each exporting ``ROUTES``
  (register a new module in ``server.ROUTE_GROUPS``)
* ``tls.py``      — a self-signed certificate generated at test time
"""
