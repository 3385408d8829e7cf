"""The JSON API (rasid.web.app): documents, search, upload, and one error shape for every failure."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.web.conftest import SAMPLES

from rasid.model import Edit
from rasid.repair.edits import revert_edits


def assert_error(response, status: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["code"] and body["error"]["message"]
    assert "Traceback" not in response.text
    return body["error"]


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["documents"] == 1 + len(SAMPLES)


def test_list_and_filters(client: TestClient) -> None:
    everything = client.get("/api/documents").json()
    assert everything["total"] == 1 + len(SAMPLES)
    html = client.get("/api/documents", params={"media_type": "text/html"}).json()
    assert html["total"] == 1 and html["items"][0]["title"].startswith("الموصل")
    dated = client.get("/api/documents", params={"published_from": "2021-03-01"}).json()
    assert [item["published"] for item in dated["items"]] == ["2021-03-08"]
    repaired = client.get("/api/documents", params={"repaired_only": "true"}).json()
    assert all(item["edit_count"] > 0 for item in repaired["items"]) and repaired["total"] >= 2
    first, second = (client.get("/api/documents", params={"limit": 1, "offset": n}).json() for n in (0, 1))
    assert first["items"][0]["id"] != second["items"][0]["id"]


def test_document_keeps_original_repaired_and_edits(client: TestClient, seed_id: int) -> None:
    document = client.get(f"/api/documents/{seed_id}").json()
    assert document["original_text"] != document["text"]
    assert len(document["edits"]) > 50
    edits = tuple(Edit(**edit) for edit in document["edits"])
    assert revert_edits(document["text"], edits) == document["original_text"]
    assert document["diagnosis"]["damaged"] is True


def test_search_finds_the_seed_with_highlights(client: TestClient, seed_id: int) -> None:
    body = client.get("/api/search", params={"q": "الكهوف"}).json()
    assert body["total"] == 1 and body["items"][0]["document"]["id"] == seed_id
    assert "[[الكهوف]]" in body["items"][0]["snippet"]


def test_search_is_arabic_aware(client: TestClient) -> None:
    ids = {item["document"]["source"] for item in client.get("/api/search", params={"q": "مأرب"}).json()["items"]}
    assert any(source.endswith("marib-front.txt") for source in ids)
    phrase = client.get("/api/search", params={"q": '"جبال حمرين"'}).json()
    assert phrase["total"] >= 1
    reversed_phrase = client.get("/api/search", params={"q": '"حمرين جبال"'}).json()
    assert reversed_phrase["total"] == 0


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/documents", {"limit": 0}, 422),
        ("/api/documents", {"limit": 10_000}, 422),
        ("/api/documents", {"limit": "ten"}, 422),
        ("/api/documents", {"offset": -1}, 422),
        ("/api/documents", {"media_type": "image/png"}, 422),
        ("/api/documents", {"published_from": "yesterday"}, 422),
        ("/api/documents", {"repaired_only": "perhaps"}, 422),
        ("/api/documents/999999", {}, 404),
        ("/api/documents/-3", {}, 404),
        ("/api/documents/99999999999999999999999", {}, 404),
        ("/api/documents/abc", {}, 422),
        ("/api/search", {}, 422),
        ("/api/search", {"q": ""}, 422),
        ("/api/search", {"q": "x" * 501}, 422),
        ("/api/nothing-here", {}, 404),
    ],
)
def test_bad_parameters_get_clear_json_errors(client: TestClient, path: str, params: dict, status: int) -> None:
    assert_error(client.get(path, params=params), status)


def test_wrong_method_is_a_json_error(client: TestClient) -> None:
    assert_error(client.delete("/api/documents"), 405)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=80))
def test_any_query_is_answered_never_a_500(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert_error(response, 422)


@pytest.mark.parametrize("query", ['" OR 1=1 --', "NEAR(a b)", "*", "title:x", "'; DROP TABLE documents; --"])
def test_query_syntax_is_escaped(client: TestClient, query: str) -> None:
    assert client.get("/api/search", params={"q": query}).status_code == 200
    assert client.get("/api/health").json()["documents"] == 1 + len(SAMPLES)


def test_upload_stores_once(client: TestClient) -> None:
    text = "قال مسؤول محلي إن قصفا استهدف قرية قرب مدينة الرقة صباح اليوم، من دون أن يوقع إصابات.\n"
    first = client.post("/api/documents", files={"file": ("report.txt", text.encode(), "text/plain")})
    assert first.status_code == 201 and first.json()["created"] is True
    again = client.post("/api/documents", files={"file": ("same.txt", text.encode(), "text/plain")})
    assert again.status_code == 201 and again.json() == {"id": first.json()["id"], "created": False}
    stored = client.get(f"/api/documents/{first.json()['id']}").json()
    assert stored["source"] == "upload:report.txt"
    client_count = client.get("/api/health").json()["documents"]
    assert client_count == 2 + len(SAMPLES)


def test_upload_limits(client: TestClient) -> None:
    too_big = "كلمة ".encode() * 20_000
    assert_error(client.post("/api/documents", files={"file": ("big.txt", too_big, "text/plain")}), 413)
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    assert_error(client.post("/api/documents", files={"file": ("image.png", png, "image/png")}), 415)
    assert_error(client.post("/api/documents", files={"file": ("empty.txt", b"", "text/plain")}), 400)
    assert_error(client.post("/api/documents", files={"file": ("bad.pdf", b"%PDF-1.7 broken", "application/pdf")}), 400)
    assert_error(client.post("/api/documents"), 422)


def test_openapi_documents_every_route(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/health", "/api/documents", "/api/documents/{document_id}", "/api/search"} <= set(schema["paths"])
    search = schema["paths"]["/api/search"]["get"]
    assert {parameter["name"] for parameter in search["parameters"]} >= {"q", "limit", "offset"}
    assert "ErrorResponse" in schema["components"]["schemas"]


def test_page_and_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and 'lang="ar"' in page.text
    assert "http://" not in page.text and "https://" not in page.text
    for asset in ("/static/app.js", "/static/style.css"):
        response = client.get(asset)
        assert response.status_code == 200
        assert "https://" not in response.text and "//cdn" not in response.text
    css = client.get("/static/style.css").text
    font = css.split("url(")[1].split(")")[0].strip("'\"")
    assert client.get(font).status_code == 200, f"font {font} is not served: run make web-assets"


def test_an_unexpected_failure_is_a_json_500_without_details(store, model) -> None:  # type: ignore[no-untyped-def]
    from rasid.web.app import create_app

    class Broken:
        def __getattr__(self, name: str) -> object:
            raise RuntimeError("secret detail")

    app = create_app(Broken(), model)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as broken:
        error = assert_error(broken.get("/api/health"), 500)
    assert "secret" not in str(error)


def test_a_document_comes_with_its_places(client: TestClient, seed_id: int) -> None:
    document = client.get(f"/api/documents/{seed_id}").json()
    places = document["places"]
    assert len(places) >= 15
    for mention in places:
        assert document["text"][mention["start"] : mention["end"]] == mention["surface"]
        assert -90 <= mention["place"]["lat"] <= 90 and 0 < mention["confidence"] <= 1
    kinds = {mention["place"]["kind"] for mention in places}
    assert {"country", "populated", "terrain"} <= kinds
    assert any(mention["place"]["bbox"] for mention in places if mention["place"]["kind"] == "terrain")


def test_places_of_the_collection(client: TestClient) -> None:
    body = client.get("/api/places").json()
    assert body["total"] == len(body["items"]) > 20
    top = body["items"][0]
    assert top["mentions"] >= top["documents"] >= 1
    names = {item["place"]["name_en"] for item in body["items"]}
    assert {"Syria", "Mosul"} <= names
    only_html = client.get("/api/places", params={"media_type": "text/html"}).json()
    assert {item["place"]["name_en"] for item in only_html["items"]} < names
    assert_error(client.get("/api/places", params={"limit": 0}), 422)


def test_places_as_geojson(client: TestClient, seed_id: int) -> None:
    response = client.get("/api/places.geojson", params={"document_id": seed_id})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) >= 15
    kinds = {feature["geometry"]["type"] for feature in collection["features"]}
    assert kinds == {"Point", "Polygon"}  # towns are points, deserts and ranges areas
    feature = collection["features"][0]
    assert feature["properties"]["document"]["id"] == seed_id
    assert feature["properties"]["surface"] in feature["properties"]["sentence"]
    lon, lat = feature["properties"]["point"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert_error(client.get("/api/places.geojson", params={"document_id": "x"}), 422)
