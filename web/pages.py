"""Staff's pages: the search box with answer cards, and a page per entity at its own IRI.

Every page has a JSON twin (the same URL + .json, or Accept: application/json); an IRI
under /id/ gives Turtle or JSON-LD to a client that asks for RDF.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request
from markupsafe import Markup, escape

from kg import chains, entities
from kg.sparql import execute
from kg.vocab import ID
from web.app import services

bp = Blueprint("pages", __name__)

LONG_LIST = 10  # a document page's list longer than this is folded in <details>
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@bp.get("/")
def search():
    """The search box; with ?q= the answer cards, or related passages when nothing answers."""
    question = request.args.get("q", "").strip()
    region = request.args.get("region", "").strip()
    result = services().asker().ask(_with_region(question, region)) if question else None
    if wants_json():
        return jsonify(result or {})
    regions = entities.regions(services().store)
    return render_template("search.html", q=question, region=region, regions=regions, result=result,
                           highlight=highlight, page_of=page_of)


@bp.get("/search.json")
def search_json():
    question = request.args.get("q", "").strip()
    region = request.args.get("region", "").strip()
    return jsonify(services().asker().ask(_with_region(question, region)) if question else {})


def _with_region(question: str, region: str) -> str:
    """A region chosen in the filter applies unless the question names one itself."""
    return question if not region or region[:2] in question else f"{region}{question}"


@bp.get("/documents")
def documents():
    rows = [{"iri": iri, "title": title, "key": key, "page": page_of(iri)} for iri, title, key in services().store.documents()]
    if wants_json():
        return jsonify(rows)
    return render_template("documents.html", documents=rows)


@bp.get("/documents.json")
def documents_json():
    return jsonify([{"iri": iri, "title": title, "key": key} for iri, title, key in services().store.documents()])


@bp.get("/id/<path:rest>")
def entity_page(rest: str):
    """An IRI dereferenced: its page, its JSON twin, or its triples as Turtle / JSON-LD."""
    rest = _raw_rest(rest)
    as_json = rest.endswith(".json")
    iri = ID + (rest[: -len(".json")] if as_json else rest)
    rdf = request.accept_mimetypes.best_match(["text/html", "application/json", *RDF_TYPES])
    if rdf in RDF_TYPES and not as_json:
        return _triples(iri, rdf)
    data = entities.entity(services().store, iri)
    if data is None:
        abort(404)
    kind = entities.kind_of(iri)
    if kind == "doc":  # a plan against the plans above it: what it has not taken up, what it adds
        data = {**data, **chains.plan_lineage(services().store, iri)}
    if as_json or rdf == "application/json":
        return jsonify(data)
    return render_template(f"{kind}.html", item=data, start=request.args.get("start", type=int),
                           end=request.args.get("end", type=int), page_of=page_of, highlight=highlight,
                           anchored=anchored, page_at=page_at, long_list=LONG_LIST)


def _raw_rest(decoded: str) -> str:
    """The IRI's tail as sent, still percent-encoded: our slugs encode / and | themselves, so the
    decoded path cannot be split back into them (the server passes the raw REQUEST_URI)."""
    raw = request.environ.get("REQUEST_URI", "")
    if "/id/" in raw:
        return raw.split("?", 1)[0].split("/id/", 1)[1]
    return "/".join(quote(part, safe="") for part in decoded.split("/"))


def _triples(iri: str, mimetype: str) -> Response:
    graph = execute(services().store, f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}").graph
    if not len(graph):
        abort(404)
    return Response(graph.serialize(format=RDF_TYPES[mimetype]), mimetype=mimetype)


def page_of(iri: str, **params) -> str:
    """The local page of an IRI of ours (/id/…), with optional query parameters."""
    if not iri.startswith(ID):
        return iri
    query = "?" + urlencode({k: v for k, v in params.items() if v is not None}) if params else ""
    return f"{request.script_root}/id/{iri[len(ID):]}{query}"  # the tail is already percent-encoded


def highlight(quote: str, needles: list[str]) -> Markup:
    """The quote, escaped, with every occurrence of the answer's words marked."""
    needles = sorted({n for n in needles if n and n in quote}, key=len, reverse=True)
    out, at = [], 0
    while at < len(quote):
        hit = min(((quote.find(n, at), n) for n in needles if quote.find(n, at) >= 0), default=None)
        if hit is None:
            break
        start, needle = hit
        out.append(escape(quote[at:start]))
        out.append(Markup("<mark>") + escape(needle) + Markup("</mark>"))
        at = start + len(needle)
    out.append(escape(quote[at:]))
    return Markup("").join(out)


def anchored(text: str, sections: list[dict], start: int | None, end: int | None, pages: list[dict] = ()) -> Markup:
    """The full text, escaped, with an anchor at every section (#c<offset>), a marker where each page
    of a PDF or OFD begins (#p<number>, saying when OCR read it), and the span [start, end) marked as #hl."""
    cuts = {s["start"]: Markup(f'<span id="c{s["start"]}"></span>') for s in sections if 0 <= s["start"] <= len(text)}
    for page in pages:
        if 0 <= page["start"] <= len(text):
            marker = f'<span class="page" id="p{page["number"]}">第{page["number"]}页{"（OCR识别）" if page["ocr"] else ""}</span>'
            cuts[page["start"]] = Markup(marker) + cuts.get(page["start"], Markup(""))
    if start is not None and end is not None and 0 <= start <= end <= len(text):
        cuts[start] = cuts.get(start, Markup("")) + Markup('<mark id="hl">')
        cuts[end] = Markup("</mark>") + cuts.get(end, Markup(""))
    out, at = [], 0
    for offset in sorted(cuts):
        out += [escape(text[at:offset]), cuts[offset]]
        at = offset
    out.append(escape(text[at:]))
    return Markup("").join(out)


def page_at(pages: list[dict], offset: int | None) -> dict | None:
    """The page an offset of the text lies on, for saying where a marked passage came from."""
    if offset is None:
        return None
    return next((page for page in pages if page["start"] <= offset <= page["end"]), None)


@bp.app_template_filter("needles")
def needles(found: dict) -> list[str]:
    """The words of an answer to mark in its quote: bodies as written, the number, the name."""
    words = [b["name"] for b in found.get("bodies", [])]
    words += [p.get("person", "") for p in found.get("posts", [])]
    text = found.get("text", "")
    if found.get("kind") in ("number", "person", "body", "count"):
        words += [w for w in text.replace("、", " ").split() if len(w) < 30]
        words += [part for part in re.findall(r"\d+(?:\.\d+)?", text)]
    return words


@bp.get("/page")
def page_for():
    """Redirect to the page of any IRI of ours given as ?iri= (links from JSON and SPARQL results)."""
    iri = request.args.get("iri", "")
    if not iri.startswith(ID):
        abort(404)
    return redirect(page_of(iri))
