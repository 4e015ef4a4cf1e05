"""Staff's pages over a real server and a real HTTP client: answers, entity pages, JSON twins, RDF."""

import html as html_module
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from rdflib import Graph


def get(base: str, path: str, accept: str = "text/html") -> tuple[int, str, str]:
    request = urllib.request.Request(base + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8")


def q(text: str) -> str:
    return urllib.parse.quote(text)


def test_search_page_shows_answer_cards_with_highlighted_source(server):
    base, _ = server
    status, kind, html = get(base, "/?q=" + q("谁牵头老旧小区改造"))
    assert status == 200 and kind.startswith("text/html")
    assert html.count('class="card answer-card"') == 2
    assert "<mark>市住建局</mark>" in html and "<mark>省住房城乡建设厅</mark>" in html
    assert "#hl" in html and "/id/org/" in html


def test_region_filter_narrows_the_answer(server):
    base, _ = server
    html = get(base, "/?q=" + q("谁牵头老旧小区改造") + "&region=" + q("株洲市"))[2]
    assert html.count('class="card answer-card"') == 1 and "市住建局" in html


def test_no_answer_says_so_and_shows_related_passages(server):
    base, _ = server
    html = get(base, "/?q=" + q("株洲市委书记是谁"))[2]
    assert "文件中没有找到答案" in html


def test_every_page_has_a_json_twin(server):
    base, _ = server
    answer = json.loads(get(base, "/?q=" + q("株洲加装电梯哪些单位配合"), "application/json")[2])
    assert answer["answers"][0]["text"] == "市市场监管局"
    body_iri = answer["answers"][0]["bodies"][0]["iri"]
    path = body_iri.split("https://policy-kg.org", 1)[1]
    page = get(base, path)[2]
    twin = json.loads(get(base, path + ".json")[2])
    assert twin["label"] == "株洲市市场监督管理局" and twin["label"] in page
    assert json.loads(get(base, path, "application/json")[2]) == twin


def test_document_page_has_metadata_outline_and_highlighted_text(server):
    base, _ = server
    docs = json.loads(get(base, "/documents.json")[2])
    city = next(d for d in docs if d["key"] == "株政办发〔2031〕4号")
    path = city["iri"].split("https://policy-kg.org", 1)[1]
    data = json.loads(get(base, path + ".json")[2])
    assert data["doc_number"] == "株政办发〔2031〕4号" and data["basis"][0]["ingested"]
    start = data["text"].index("全市开工改造")
    html = get(base, f"{path}?start={start}&end={start + 6}")[2]
    assert '<mark id="hl">全市开工改造</mark>' in html and "湘政办发〔2031〕9号" in html


def test_task_page_shows_the_provincial_task_it_carries_out(server):
    base, _ = server
    answer = json.loads(get(base, "/?q=" + q("株洲老旧小区改造谁牵头"), "application/json")[2])
    path = answer["answers"][0]["task"].split("https://policy-kg.org", 1)[1]
    data = json.loads(get(base, path + ".json")[2])
    assert data["lead"][0]["name"] == "市住建局"
    up = next(t for t in data["implements"] if "2000个" in t["text"])
    assert up["region"] == "湖南省" and 0 < up["confidence"] <= 1 and up["evidence"]
    html = get(base, path)[2]
    assert "承接的上级任务" in html and 'class="lineage-link"' in html and up["leads"][0] in html


def test_iris_dereference_to_rdf_for_clients_that_ask(server):
    base, _ = server
    docs = json.loads(get(base, "/documents.json")[2])
    path = docs[0]["iri"].split("https://policy-kg.org", 1)[1]
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        status, kind, body = get(base, path, accept)
        assert status == 200 and kind.startswith(accept)
        assert len(Graph().parse(data=body, format=fmt)) > 3


def test_unknown_entity_is_404(server):
    base, _ = server
    assert get(base, "/id/doc/nothing-here")[0] == 404


def test_script_in_a_question_renders_as_text(server):
    base, _ = server
    html = get(base, "/?q=" + q("<script>alert(1)</script>谁牵头"))[2]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_outline_links_land_on_anchors_in_the_full_text(server):
    base, _ = server
    docs = json.loads(get(base, "/documents.json")[2])
    path = next(d for d in docs if d["key"] == "渌办发〔2031〕3号")["iri"].split("https://policy-kg.org", 1)[1]
    html = get(base, path)[2]
    targets = [part.split('"', 1)[0] for part in html.split('href="#c')[1:]]
    assert targets and all(f'id="c{t}"' in html for t in targets)


def test_a_document_containing_script_renders_as_text(server):
    import requests

    base, settings = server
    text = ("株洲市人民政府办公室关于印发《株洲市测试方案》的通知\n\n株政办发〔2031〕99号\n\n"
            "一、重点任务\n\n1. 加强网页安全。<script>alert('x')</script>完成检查10次。（市数据局牵头）\n")
    auth = {"Authorization": f"Bearer {settings.api_token}"}
    created = requests.post(base + "/api/documents", headers=auth,
                            files={"file": ("test.txt", text.encode("utf-8"), "text/plain")}, timeout=120)
    assert created.status_code == 201, created.text
    try:
        path = created.json()["iri"].split("https://policy-kg.org", 1)[1]
        html = get(base, path)[2]
        assert "<script>alert('x')</script>" not in html and "&lt;script&gt;" in html
    finally:
        requests.delete(base + "/api/documents/" + created.json()["id"], headers=auth, timeout=60)


# ------------------------------------------------------------------ lineage, over the sample corpus


def yiyang_road_task(base: str) -> str:
    """益阳's task on 农村“三路”建设, which restates 湖南省's item with the city's own figures."""
    found = json.loads(get(base, "/api/tasks?q=" + q("农村公路安防设施") + "&region=" + q("益阳市"), "application/json")[2])
    return found["tasks"][0]["iri"]


def test_sample_task_page_links_up_and_down(sample_server):
    iri = yiyang_road_task(sample_server)
    path = iri.split("https://policy-kg.org", 1)[1]
    data = json.loads(get(sample_server, path + ".json")[2])
    assert [t["region"] for t in data["implements"]] == ["湖南省"]
    assert all(t["region"] and t["leads"] and t["evidence"] for t in data["implements"] + data["implemented_by"])
    html = get(sample_server, path)[2]
    assert "承接的上级任务" in html and "下级承接任务" in html
    link = html_module.unescape(re.search(r'class="lineage-link" href="([^"]+)"', html).group(1))
    status, _, lineage = get(sample_server, link)
    assert status == 200 and data["text"] in lineage


def test_lineage_page_shows_the_chain_and_a_chart_per_indicator(sample_server):
    iri = yiyang_road_task(sample_server)
    status, kind, html = get(sample_server, "/lineage?task=" + q(iri))
    assert status == 200 and kind.startswith("text/html")
    data = json.loads(get(sample_server, "/lineage.json?task=" + q(iri))[2])
    assert json.loads(get(sample_server, "/lineage?task=" + q(iri), "application/json")[2]) == data
    regions = [t["region"] for t in data["tasks"]]
    assert regions[0] == "湖南省" and {"益阳市", "衡阳市", "大通湖区"} <= set(regions)
    assert all(region in html for region in regions) and 'class="chain"' in html
    safety = next(i for i in data["indicators"] if "农村公路安防设施" in i["metric"])
    assert len({v["region"] for v in safety["levels"]}) >= 3
    for level in safety["levels"]:  # each level's value is the one its own text states
        assert f"{level['value']:g}" in level["quote"]
    assert html.count('<svg class="chart"') == len(data["indicators"]) and "<rect" in html


def test_unknown_or_malformed_task_has_no_lineage(sample_server):
    for task in ("https://policy-kg.org/id/task/nothing", "<not an iri>", "无此任务"):
        status, kind, html = get(sample_server, "/lineage?task=" + q(task))
        assert status == 404 and kind.startswith("text/html") and "没有找到这个任务" in html
        assert "Traceback" not in html
        status, _, body = get(sample_server, "/lineage.json?task=" + q(task))
        assert status == 404 and json.loads(body)["error"]["status"] == 404
    assert get(sample_server, "/lineage")[0] == 400


def test_lineage_examples_of_the_sparql_editor_return_rows(sample_server):
    from kg.vocab import sparql_prefixes
    from web.sparql import EXAMPLES

    names = ["Tasks a city has not taken up", "Targets by level", "New local work",
             "Which provincial task each city task carries out"]
    for name in names:
        query = urllib.parse.urlencode({"query": sparql_prefixes() + EXAMPLES[name]})
        status, _, body = get(sample_server, "/sparql?" + query, "application/sparql-results+json")
        assert status == 200 and json.loads(body)["results"]["bindings"], name


def sample_plan(base: str, region: str) -> dict:
    """The sample corpus's plan of a region, as /api/documents lists it."""
    documents = json.loads(get(base, "/api/documents", "application/json")[2])["documents"]
    return next(d for d in documents if d["region"] == region)


def test_city_plan_page_shows_province_tasks_not_taken_up_and_local_work(sample_server):
    plan, province = sample_plan(sample_server, "衡阳市"), sample_plan(sample_server, "湖南省")
    path = plan["iri"].split("https://policy-kg.org", 1)[1]
    data = json.loads(get(sample_server, path + ".json")[2])
    assert [p["region"] for p in data["parent_plans"]] == ["湖南省"]
    assert set(data["parent_plans"][0]) == {"iri", "title", "region"}
    assert data["not_taken_up"] and data["local_work"]
    for task in data["not_taken_up"] + data["local_work"]:
        assert set(task) == {"iri", "text", "document", "leads"}
    assert {t["document"] for t in data["not_taken_up"]} == {province["iri"]}
    assert {t["document"] for t in data["local_work"]} == {plan["iri"]}
    html = html_module.unescape(get(sample_server, path)[2])
    assert "上级方案中未承接的任务" in html and "新增的本地任务" in html
    missed = data["not_taken_up"][0]
    assert missed["text"] in html and province["title"] in html and f"共 {len(data['local_work'])} 项" in html
    assert f'href="{missed["iri"].split("https://policy-kg.org", 1)[1]}"' in html
    if len(data["local_work"]) > 10:
        assert "<details>" in html


def test_plan_without_parent_plans_has_no_lineage_sections(sample_server):
    province = sample_plan(sample_server, "湖南省")
    path = province["iri"].split("https://policy-kg.org", 1)[1]
    data = json.loads(get(sample_server, path + ".json")[2])
    assert data["parent_plans"] == data["not_taken_up"] == data["local_work"] == []
    html = get(sample_server, path)[2]
    assert "上级方案中未承接的任务" not in html and "新增的本地任务" not in html


def test_lineage_page_lists_child_plans_that_have_not_taken_the_item_up(sample_server):
    """A task at the top of its chain that a child plan has not taken up, found in the store."""
    from kg.vocab import sparql_prefixes

    query = sparql_prefixes() + """SELECT ?task ?plan WHERE { ?task pk:noCounterpartIn ?plan .
      FILTER NOT EXISTS { ?task pk:implements ?above } } ORDER BY ?task ?plan LIMIT 1"""
    status, _, body = get(sample_server, "/sparql?" + urllib.parse.urlencode({"query": query}), "application/sparql-results+json")
    row = json.loads(body)["results"]["bindings"][0]
    task, plan = row["task"]["value"], row["plan"]["value"]
    data = json.loads(get(sample_server, "/lineage.json?task=" + q(task))[2])
    assert data["top"] == task and plan in [p["iri"] for p in data["not_taken_up_by"]]
    assert all(set(p) == {"iri", "title", "region"} and p["title"] for p in data["not_taken_up_by"])
    title = next(p["title"] for p in data["not_taken_up_by"] if p["iri"] == plan)
    html = html_module.unescape(get(sample_server, "/lineage?task=" + q(task))[2])
    assert "未承接的下级方案" in html and title in html
