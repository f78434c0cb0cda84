"""Offers and landing pages (with their file editors): the client against the emulator over HTTP."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from keitaro import ForbiddenError, KeitaroClient, NotFoundError
from keitaro.models.landing_pages import Landing
from keitaro.models.offers import EditorFile, Offer
from keitaro.models.streams import (
    OfferShare,
    Stream,
)
from tests.component.keys import NO_RIGHTS, USER, fields_406, last_request
from tests.fakes.keitaro import KeitaroEmulator

# ---------------------------------------------------------------- offers and landing pages


async def test_offers_list_hides_archived_and_reads_typed(client: KeitaroClient) -> None:
    offers = await client.offers.list()
    assert [o.id for o in offers] == [1, 2, 3, 4, 5, 6]
    first = offers[0]
    assert isinstance(first, Offer) and first.payout_value == 38.0 and first.affiliate_network_id == 1
    assert first.url == "https://cd.example.com/c?s1={subid}&o=1184" and first.country == ["US"]
    assert offers[1].daily_cap == 50 and offers[1].conversion_cap_enabled is True
    assert offers[4].offer_type == "local" and offers[4].url is None
    assert (await client.offers.get(7)).state == "deleted"


async def test_offer_create_update_archive_clone(client: KeitaroClient) -> None:
    created = await client.offers.create(
        json={
            "name": "Keto MX",
            "url": "https://cd.example.com/c?o=5",
            "payout_value": "12.5",
            "country": ["MX"],
        }
    )
    assert (created.id, created.url, created.offer_type, created.payout_value) == (
        8,
        "https://cd.example.com/c?o=5",
        "external",
        12.5,
    )
    assert (await client.offers.update(8, json={"payout_type": "CPC"})).payout_type == "CPC"
    assert (await client.offers.get(8)).payout_type == "CPC"
    assert (await client.offers.archive(8)).state == "deleted"
    assert 8 not in [o.id for o in await client.offers.list()]
    clone = await client.offers.clone(5)
    assert clone.id == 9 and clone.name == "Sweeps BR iPhone 15 (copy)"
    assert (await client.offers.get_structure(9)).file_paths() == (
        await client.offers.get_structure(5)
    ).file_paths()
    assert await fields_406(client.offers.create(json={"payout_type": "CPM", "country": "US"})) == {
        "name": ["Name can't be blank"],
        "payout_type": ["Payout type must be one of: CPA, CPC"],
        "country": ['Country must be a list of codes, e.g. ["US", "DE"]'],
    }


async def test_offer_file_editor(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    tree = await client.offers.get_structure(5)
    assert isinstance(tree, EditorFile) and tree.name == "sweeps_br" and tree.is_dir
    assert [c.name for c in tree.children] == ["css", "img", "form.html", "index.php"]
    assert tree.file_paths() == ["css/style.css", "img/iphone.svg", "form.html", "index.php"]
    assert (await client.offers.add_file(5, path="order/ok.html")).path == "order/ok.html"
    saved = await client.offers.update_file(5, path="order/ok.html", data="<h1>Спасибо & thanks</h1>")
    assert saved.path == "order/ok.html"
    assert last_request(emulator)[:3] == (
        "PUT",
        "/offers/5/update_file",
        {"path": "order/ok.html", "data": "<h1>Спасибо & thanks</h1>"},
    )
    assert (await client.offers.get_file(5, path="order/ok.html")).data == "<h1>Спасибо & thanks</h1>"
    assert await client.offers.remove_file(5, path="img/iphone.svg") == {"success": True}
    with pytest.raises(NotFoundError):
        await client.offers.get_file(5, path="img/iphone.svg")
    archive = await client.offers.download(5)
    assert isinstance(archive, bytes)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert sorted(z.namelist()) == ["css/style.css", "form.html", "index.php", "order/ok.html"]
        assert z.read("order/ok.html").decode() == "<h1>Спасибо & thanks</h1>"
    assert await fields_406(client.offers.add_file(5, path="../etc/passwd")) == {
        "path": ["Path must be relative, e.g. order/success.html"]
    }
    assert await fields_406(client.offers.add_file(5, path="form.html")) == {
        "path": ["form.html already exists"]
    }
    with pytest.raises(TypeError, match="data"):
        await client.offers.update_file(5, path="form.html")


async def test_an_uploaded_zip_becomes_the_files(client: KeitaroClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("index.html", "<p>hi</p>")
        z.writestr("js/app.js", "run()")
    encoded = base64.b64encode(buffer.getvalue()).decode()
    landing = await client.landing_pages.create(json={"name": "Uploaded", "archive": encoded})
    assert landing.landing_type == "local" and landing.action_type == "local_file"
    assert (await client.landing_pages.get_structure(landing.id)).file_paths() == ["js/app.js", "index.html"]
    assert (await client.landing_pages.get_file(landing.id, path="js/app.js")).data == "run()"
    assert await fields_406(client.offers.create(json={"name": "Bad", "archive": "not base64!"})) == {
        "archive": ["Archive must be a base64-encoded zip file"]
    }


async def test_landing_pages(client: KeitaroClient, emulator: KeitaroEmulator) -> None:
    landings = await client.landing_pages.list()
    assert [x.id for x in landings] == [1, 2, 3, 4]
    assert (
        isinstance(landings[0], Landing)
        and landings[0].url is None
        and landings[0].local_path == "lander/keto_quiz_v1/"
    )
    assert landings[2].url == "https://lp.wheel-de.example.com/?sub={subid}" and landings[2].offer_count == 2
    created = await client.landing_pages.create(json={"name": "Wheel AT", "url": "https://lp.example.at/"})
    assert created.landing_type == "external" and created.url == "https://lp.example.at/" and created.id == 6
    clone = await client.landing_pages.clone(1)
    assert (
        last_request(emulator)[:2] == ("PUT", "/landing_pages/1/clone")
        and clone.name == "Keto quiz v1 (copy)"
    )
    assert (await client.landing_pages.get_file(clone.id, path="css/quiz.css")).data == "h1 { color: #2a7; }"
    assert (await client.landing_pages.archive(created.id)).state == "deleted"
    assert last_request(emulator)[:2] == ("DELETE", f"/landing_pages/{created.id}")
    assert created.id not in [x.id for x in await client.landing_pages.list()]
    assert (await client.landing_pages.update(3, json={"state": "disabled"})).state == "disabled"
    assert await fields_406(
        client.landing_pages.update(3, json={"action_type": "teleport", "name": " "})
    ) == {
        "name": ["Name can't be blank"],
        "action_type": [
            "Action type must be one of: local_file, http, curl, status404, show_text, show_html"
        ],
    }
    with zipfile.ZipFile(io.BytesIO(await client.landing_pages.download(2))) as z:
        assert z.namelist() == ["index.html"]


# ---------------------------------------------------------------- access and envelopes


async def test_user_keys_read_and_keys_without_rights_are_forbidden(emulator: KeitaroEmulator) -> None:
    async with KeitaroClient(emulator.url, USER, allow_private=True) as user:
        assert len(await user.campaigns.streams(1)) == 4
        assert len(await user.offers.list()) == 6
    async with KeitaroClient(emulator.url, NO_RIGHTS, allow_private=True) as nobody:
        for call in (nobody.offers.list(), nobody.streams.types(), nobody.landing_pages.download(1)):
            with pytest.raises(ForbiddenError):
                await call


async def test_envelopes_name_the_operation(client: KeitaroClient) -> None:
    env = await client.streams.search.envelope(query="Default")
    assert (env.resource, env.operation, env.success) == ("streams", "search", True)
    assert env.request.url.endswith("/admin_api/v1/streams/search?query=Default")
    failed = await client.offers.archive.envelope(404)
    assert not failed.success and failed.error is not None and failed.error.http_status == 404


def test_models_are_lenient() -> None:
    flow = Stream.model_validate(
        {
            "id": "7",
            "weight": "12.5",
            "position": "",
            "schema": "teleport",
            "action_options": [],
            "triggers": [{"taget": "offers", "condition": "not_respond", "enabled": "1"}],
            "offers": [{"offer_id": "3", "share": "100", "state": "active"}],
            "brand_new": 1,
        }
    )
    assert (flow.id, flow.weight, flow.position, flow.schema_) == (7, 12.5, None, "teleport")
    assert flow.triggers[0].target == "offers" and flow.triggers[0].enabled is True
    assert flow.offers[0].as_request() == OfferShare(offer_id=3, share=100)
    assert flow.extra_fields == {"brand_new": 1} and flow.action_options == {}
    offer = Offer.model_validate({"id": 1, "country": "US, DE", "payout_value": "1,5", "action_payload": []})
    assert offer.country == ["US", "DE"] and offer.payout_value == 1.5 and offer.action_payload is None
    assert (
        Offer.model_validate({"id": 2, "action_type": "meta", "action_payload": "https://x.example"}).url
        == "https://x.example"
    )
