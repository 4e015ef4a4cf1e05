"""The JSON API over a real HTTP server: each route, its filters, uploads, errors, CORS, and the
OpenAPI description checked against the running server with schemathesis."""

from pathlib import Path

import pytest

requests = pytest.importorskip("requests")

DATA = Path(__file__).parent / "data"
TOKEN = {"Authorization": "Bearer api-secret"}


def get(server, path, **params):
    return requests.get(server[0] + path, params=params, timeout=30)


def document_by_number(server, number):
    docs = get(server, "/api/documents").json()["documents"]
    return next(d for d in docs if d["number"] == number)


def assert_error(response, status):
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["status"] == status
    assert response.json()["error"]["message"]


# ------------------------------------------------------------------ ask and search


def test_ask_returns_the_answer_object(server):
    body = get(server, "/api/ask", q="株洲市的牵头单位有哪些").json()
    assert {"question", "intent", "answers", "sparql", "passages"} <= set(body)
    assert body["question"] == "株洲市的牵头单位有哪些"


def test_ask_without_question_is_400(server):
    assert_error(get(server, "/api/ask"), 400)
    assert_error(get(server, "/api/ask", q="  "), 400)


def test_script_in_question_is_plain_json_data(server):
    response = get(server, "/api/ask", q="<script>alert(1)</script>")
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()["question"] == "<script>alert(1)</script>"


def test_search_returns_passages(server):
    body = get(server, "/api/search", q="牵头").json()
    assert body["passages"]
    assert {"kind", "iri", "text", "document", "score"} <= set(body["passages"][0])


# ------------------------------------------------------------------ documents


def test_documents_list_and_detail_round_trip(server):
    docs = get(server, "/api/documents").json()["documents"]
    assert {d["number"] for d in docs} >= {"湘政办发〔2031〕9号", "株政办发〔2031〕4号", "渌办发〔2031〕3号"}
    for doc in docs:
        detail = get(server, f"/api/documents/{doc['id']}").json()
        assert detail["iri"] == doc["iri"] and detail["tasks"] == doc["tasks"]


def test_document_by_iri_and_number(server):
    doc = document_by_number(server, "株政办发〔2031〕4号")
    assert get(server, "/api/documents/湘政办发〔2031〕9号").json()["region"].startswith("湖南")
    assert doc["tasks"] > 0
    assert get(server, f"/api/documents/{doc['number']}").json()["iri"] == doc["iri"]


def test_unknown_document_is_404(server):
    assert_error(get(server, "/api/documents/no-such-thing"), 404)


# ------------------------------------------------------------------ bodies and tasks


def test_orgs_search_and_detail(server):
    orgs = get(server, "/api/orgs", q="株洲").json()["orgs"]
    assert orgs and all(any("株洲" in n for n in o["labels"] + o["names"]) for o in orgs)
    leading = next(t for t in get(server, "/api/tasks", limit=200).json()["tasks"] if t["lead"])
    org_id = leading["lead"][0]["iri"].split("/id/org/")[1]
    detail = get(server, f"/api/orgs/{org_id}").json()
    assert detail["iri"] == leading["lead"][0]["iri"]
    assert any(t["iri"] == leading["iri"] for d in detail["documents"] for t in d["lead"])


def test_unknown_org_is_404(server):
    assert_error(get(server, "/api/orgs/nobody"), 404)


def test_tasks_paging(server):
    everything = get(server, "/api/tasks", limit=200).json()
    assert everything["total"] == len(everything["tasks"]) > 2
    page = get(server, "/api/tasks", limit=2, offset=1).json()
    assert page["total"] == everything["total"]
    assert [t["iri"] for t in page["tasks"]] == [t["iri"] for t in everything["tasks"][1:3]]
    assert_error(get(server, "/api/tasks", limit=201), 400)
    assert_error(get(server, "/api/tasks", offset="x"), 400)


def test_tasks_filters(server):
    doc = document_by_number(server, "渌办发〔2031〕3号")
    for ident in (doc["id"], doc["iri"], doc["number"]):
        found = get(server, "/api/tasks", document=ident, limit=200).json()
        assert found["total"] == doc["tasks"]
        assert {t["document"] for t in found["tasks"]} == {doc["iri"]}
    tasks = get(server, "/api/tasks", limit=200).json()["tasks"]
    body = next(t["lead"][0] for t in tasks if t["lead"])
    for value in (body["name"], body["label"], body["iri"]):
        led = get(server, "/api/tasks", lead=value, limit=200).json()["tasks"]
        assert led and all(any(value in b.values() for b in t["lead"]) for t in led)
    word = tasks[0]["text"][:4]
    assert all(word in t["text"] for t in get(server, "/api/tasks", q=word).json()["tasks"])
    regional = get(server, "/api/tasks", region="株洲市", limit=200).json()
    assert 0 < regional["total"] < len(tasks)


def test_lineage_of_a_task_by_iri_or_id(sample_server):
    """益阳's 农村“三路” task: the chain starts at 湖南省's item, and reaches the other city and a district."""
    base = (sample_server,)
    task = get(base, "/api/tasks", q="农村公路安防设施", region="益阳市").json()["tasks"][0]
    assert task["implements"] and task["implements"][0]["confidence"] > 0
    chain = get(base, "/api/lineage", task=task["iri"]).json()
    assert get(base, "/api/lineage", task=task["id"]).json() == chain
    assert chain["iri"] == task["iri"] and chain["top"] == task["implements"][0]["iri"]
    top, *rest = chain["tasks"]
    assert top["iri"] == chain["top"] and top["depth"] == 0 and top["confidence"] is None
    assert all(t["depth"] > 0 and t["parent"] and 0 < t["confidence"] <= 1 for t in rest)
    assert {"湖南省", "益阳市", "衡阳市", "大通湖区"} <= {t["region"] for t in chain["tasks"]}
    assert any(len(indicator["levels"]) >= 3 for indicator in chain["indicators"])
    schemathesis = pytest.importorskip("schemathesis")
    operation = schemathesis.openapi.from_url(sample_server + "/openapi.json")["/api/lineage"]["GET"]
    operation.Case(query={"task": task["iri"]}).call_and_validate()  # the chain matches its schema


def test_lineage_errors(sample_server):
    base = (sample_server,)
    assert_error(get(base, "/api/lineage"), 400)
    assert_error(get(base, "/api/lineage", task="  "), 400)
    for task in ("no-such-task", "https://policy-kg.org/id/task/none", "<bad>"):
        assert_error(get(base, "/api/lineage", task=task), 404)


def test_terms(server):
    terms = get(server, "/api/terms").json()["terms"]
    for term in terms:
        assert term["label"] and term["definition"] and term["document"]["iri"]
    if terms:
        label = terms[0]["label"]
        assert label in [t["label"] for t in get(server, "/api/terms", q=label).json()["terms"]]


# ------------------------------------------------------------------ changes


def plan_text():
    return (
        (DATA / "district_plan.txt")
        .read_text(encoding="utf-8")
        .replace("渌办发〔2031〕3号", "渌办发〔2031〕99号")
    )


def upload(server, content, name="plan.txt", headers=TOKEN):
    return requests.post(
        server[0] + "/api/documents", files={"file": (name, content)}, headers=headers, timeout=60
    )


def test_upload_needs_a_valid_token(server):
    assert_error(upload(server, plan_text().encode(), headers={}), 401)
    assert_error(upload(server, plan_text().encode(), headers={"Authorization": "Bearer wrong"}), 403)


def test_upload_then_delete(server):
    before = len(get(server, "/api/documents").json()["documents"])
    created = upload(server, plan_text().encode())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["summary"]["tasks"] > 0
    assert get(server, f"/api/documents/{body['id']}").json()["number"] == "渌办发〔2031〕99号"
    assert len(get(server, "/api/documents").json()["documents"]) == before + 1
    url = f"{server[0]}/api/documents/{body['id']}"
    assert_error(requests.delete(url, timeout=30), 401)
    assert requests.delete(url, headers=TOKEN, timeout=30).status_code == 204
    assert_error(get(server, f"/api/documents/{body['id']}"), 404)
    assert_error(requests.delete(url, headers=TOKEN, timeout=30), 404)
    assert len(get(server, "/api/documents").json()["documents"]) == before


def test_an_uploaded_pdf_keeps_its_pages(server):
    from pdfs import document_pdf

    created = upload(server, document_pdf(plan_text().replace("99号", "98号")), name="plan.pdf")
    assert created.status_code == 201, created.text
    iri = created.json()["iri"]
    document = requests.get(iri.replace("https://policy-kg.org", server[0]) + ".json", timeout=30).json()
    pages = document["pages"]
    assert len(pages) >= 2 and [p["number"] for p in pages] == list(range(1, len(pages) + 1))
    assert pages[-1]["end"] == len(document["text"]) and not any(p["ocr"] for p in pages)
    later = pages[1]["start"] + 5
    page = requests.get(iri.replace("https://policy-kg.org", server[0]), params={"start": later, "end": later + 3}, timeout=30).text
    assert 'id="p2"' in page and "第2页</a>" in page
    assert requests.delete(f"{server[0]}/api/documents/{created.json()['id']}", headers=TOKEN, timeout=30).status_code == 204


def test_the_index_catches_up_with_an_upload_in_the_background(server):
    import time

    before = get(server, "/api/status").json()
    assert before["index"]["ready"] and before["documents"] >= 3
    created = upload(server, plan_text().replace("99号", "97号").encode())
    assert created.status_code == 201
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = get(server, "/api/status").json()
        if not now["index"]["building"] and now["index"]["built_at"] > before["index"]["built_at"]:
            break
        assert get(server, "/api/ask", q="谁牵头加装电梯").status_code == 200  # answered meanwhile
        time.sleep(0.2)
    else:
        pytest.fail("the index did not catch up within a minute")
    assert now["documents"] == before["documents"] + 1 and not now["index"]["error"]
    assert requests.delete(f"{server[0]}/api/documents/{created.json()['id']}", headers=TOKEN, timeout=30).status_code == 204


def test_upload_over_the_limit_is_413(server):
    assert_error(upload(server, b"x" * 300_000), 413)


@pytest.mark.parametrize("content", [b"", bytes(range(256)) * 50])
def test_bad_file_is_422_and_changes_nothing(server, content):
    before = get(server, "/api/documents").json()
    assert_error(upload(server, content), 422)
    assert get(server, "/api/documents").json() == before


def test_upload_without_file_is_400(server):
    assert_error(requests.post(server[0] + "/api/documents", headers=TOKEN, timeout=30), 400)


# ------------------------------------------------------------------ errors and CORS


def test_unknown_route_and_method(server):
    assert_error(get(server, "/api/nothing-here"), 404)
    assert_error(requests.put(server[0] + "/api/documents", timeout=30), 405)


def test_cors_for_listed_origins_only(server):
    allowed = requests.get(
        server[0] + "/api/documents", headers={"Origin": "https://example.org"}, timeout=30
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://example.org"
    other = requests.get(server[0] + "/api/documents", headers={"Origin": "https://evil.example"}, timeout=30)
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = requests.options(
        server[0] + "/api/documents",
        timeout=30,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://example.org"
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]


# ------------------------------------------------------------------ OpenAPI


def test_openapi_lists_every_api_route(server):
    spec = get(server, "/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "bearer" in spec["components"]["securitySchemes"]
    assert set(spec["paths"]) == {
        "/api/ask",
        "/api/search",
        "/api/status",
        "/api/documents",
        "/api/documents/{ident}",
        "/api/orgs",
        "/api/orgs/{ident}",
        "/api/tasks",
        "/api/lineage",
        "/api/terms",
    }


def conformance_failures(operation) -> list[str]:
    """Run a few generated requests against one operation; the failures, as text."""
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate()

    try:
        check()
    except Exception as err:  # collect, so one report names every failing operation
        return [f"{operation.label}: {err}"]
    return []


def test_server_conforms_to_openapi(server):
    """No route answers 500, and every response matches the schema (the mutating ones excluded)."""
    schemathesis = pytest.importorskip("schemathesis")
    schema = schemathesis.openapi.from_url(server[0] + "/openapi.json").include(method="GET")
    failures = [f for result in schema.get_all_operations() for f in conformance_failures(result.ok())]
    assert not failures, "\n".join(failures)


def test_changes_are_disabled_without_a_token(tmp_path):
    """With no API token configured, uploads and deletions are refused even with a header."""
    from web.app import Settings, create_app

    app = create_app(Settings(store="memory", index=str(tmp_path / "index"), embedder="none", api_token=""))
    client = app.test_client()
    assert client.post("/api/documents", headers={"Authorization": "Bearer "}).status_code == 403
    assert client.delete("/api/documents/x", headers=TOKEN).get_json()["error"]["status"] == 403


def test_a_plan_against_the_plans_above_it(sample_server):
    """衡阳's plan: 湖南省's plan above it, the province tasks it has not taken up, its new local work;
    the province's own plan has none of these."""
    base = (sample_server,)
    docs = get(base, "/api/documents").json()["documents"]
    city = next(d for d in docs if d["region"] == "衡阳市")
    province = next(d for d in docs if d["region"] == "湖南省")
    detail = get(base, f"/api/documents/{city['id']}").json()
    assert [p["iri"] for p in detail["parent_plans"]] == [province["iri"]]
    assert detail["not_taken_up"] and all(t["document"] == province["iri"] for t in detail["not_taken_up"])
    assert detail["local_work"] and all(t["document"] == city["iri"] for t in detail["local_work"])
    top = get(base, f"/api/documents/{province['id']}").json()
    assert top["parent_plans"] == top["not_taken_up"] == top["local_work"] == []
    schemathesis = pytest.importorskip("schemathesis")
    operation = schemathesis.openapi.from_url(sample_server + "/openapi.json")["/api/documents/{ident}"]["GET"]
    for doc in (city, province):
        operation.Case(path_parameters={"ident": doc["id"]}).call_and_validate()
