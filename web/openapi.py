"""The OpenAPI 3 description of web/api.py, served at /openapi.json; tests check the two agree."""

from __future__ import annotations

from functools import cache

S = {"type": "string"}
STRINGS = {"type": "array", "items": S}
NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, required: list[str] | None = None) -> dict:
    """An object schema; by default every property is required (the API always sends them)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


def array(item: dict) -> dict:
    return {"type": "array", "items": item}


SCHEMAS = {
    "Error": obj({"error": obj({"status": {"type": "integer"}, "message": S})}),
    "DocumentRef": obj({"id": S, "iri": S, "title": S}),
    "Document": obj(
        {
            "id": S,
            "iri": S,
            "title": S,
            "number": S,
            "region": S,
            "level": S,
            "file": S,
            "signed": S,
            "issued": S,
            "addressees": S,
            "issuers": STRINGS,
            "basis": array(obj({"title": S, "number": S})),
            "attachments": STRINGS,
            "tasks": {"type": "integer"},
        }
    ),
    "Body": obj({"name": S, "label": S, "iri": S}),
    "Task": obj(
        {
            "id": S,
            "iri": S,
            "document": S,
            "source": obj({"file": S}),
            "text": S,
            "annotation": S,
            "scope": S,
            "lead": array(ref("Body")),
            "cooperating": array(ref("Body")),
            "responsible": array(ref("Body")),
            "implements": array(obj({"iri": S, "text": S, "document": S, "confidence": NUMBER})),
        }
    ),
    "TaskPage": obj(
        {
            "total": {"type": "integer"},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "tasks": array(ref("Task")),
        }
    ),
    "Org": obj({"id": S, "iri": S, "labels": STRINGS, "names": STRINGS, "jurisdiction": S}),
    "OrgDetail": {
        "allOf": [
            ref("Org"),
            obj(
                {
                    "documents": array(
                        obj(
                            {
                                "document": ref("DocumentRef"),
                                "lead": array(ref("Task")),
                                "cooperating": array(ref("Task")),
                                "responsible": array(ref("Task")),
                            }
                        )
                    )
                }
            ),
        ]
    },
    "Term": obj({"id": S, "iri": S, "label": S, "definition": S, "document": ref("DocumentRef")}),
    "Passage": obj(
        {
            "kind": S,
            "iri": S,
            "text": S,
            "document": S,
            "title": S,
            "region": S,
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "score": {"type": "number"},
        }
    ),
    "Answer": obj(
        {
            "question": S,
            "intent": S,
            "intents": array(array({"oneOf": [S, {"type": "number"}]})),
            "region": STRINGS,
            "topic": S,
            "answers": array({"type": "object"}),
            "sparql": S,
            "passages": array(ref("Passage")),
        },
        required=["question", "intent", "answers", "sparql", "passages"],
    ),
    "LinkedTask": obj(
        {
            "iri": S,
            "text": S,
            "document": obj({"iri": S, "title": S}),
            "region": S,
            "level": S,
            "leads": STRINGS,
            "confidence": {"type": "number", "nullable": True},
            "evidence": S,
        }
    ),
    "ChainTarget": obj(
        {
            "iri": S,
            "metric": S,
            "value": NUMBER,
            "unit": S,
            "comparator": S,
            "year": {"type": "integer", "nullable": True},
            "quote": S,
        }
    ),
    "Lineage": obj(
        {
            "iri": S,
            "top": S,
            "tasks": array({"allOf": [ref("LinkedTask"), obj({"depth": INTEGER, "parent": S,
                                                              "targets": array(ref("ChainTarget"))})]}),
            "indicators": array(obj({"metric": S, "unit": S, "levels": array({"allOf": [ref("ChainTarget"), obj(
                {"task": S, "region": S, "level": S, "document": obj({"iri": S, "title": S}), "depth": INTEGER})]})})),
        }
    ),
    "PlanRef": obj({"iri": S, "title": S, "region": S}),
    "PlanTask": obj({"iri": S, "text": S, "document": S, "leads": STRINGS}),
    "DocumentDetail": {
        "allOf": [
            ref("Document"),
            obj({"parent_plans": array(ref("PlanRef")), "not_taken_up": array(ref("PlanTask")),
                 "local_work": array(ref("PlanTask"))}),
        ]
    },
    "Uploaded": obj({"id": S, "iri": S, "title": S, "summary": {"type": "object"}}),
}


def query(name: str, description: str, required: bool = False, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or S,
    }


def path_id(description: str) -> dict:
    return {"name": "ident", "in": "path", "required": True, "description": description, "schema": S}


def ok(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def errors(*codes: int) -> dict:
    return {str(code): ok(ref("Error"), "Error") for code in codes}


def get(summary: str, parameters: list[dict], schema: dict, *codes: int) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {"200": ok(schema), **errors(*codes)},
        }
    }


Q_REQUIRED = query(
    "q", "The question or search text (not only spaces).", required=True,
    schema={"type": "string", "minLength": 1, "pattern": "\\S"},
)
Q_FILTER = query("q", "Keep those containing this text.")
BODY = "A body: its name as written, its canonical label, its IRI or its id."

PATHS = {
    "/api/ask": get("Answer a question", [Q_REQUIRED], ref("Answer"), 400),
    "/api/search": get(
        "Retrieve passages",
        [
            Q_REQUIRED,
            query("limit", "At most this many.", schema={"type": "integer", "minimum": 1, "maximum": 200}),
        ],
        obj({"query": S, "passages": array(ref("Passage"))}),
        400,
    ),
    "/api/status": get(
        "Documents stored, and whether the search index has caught up with them",
        [],
        obj({"documents": {"type": "integer"}, "index": obj({"ready": {"type": "boolean"}, "building": {"type": "boolean"},
                                                          "built_at": {"type": "number", "nullable": True}, "error": S})}),
    ),
    "/api/documents": {
        **get("List documents", [], obj({"documents": array(ref("Document"))})),
        "post": {
            "summary": "Ingest a document (any format `kg ingest` reads, but not .zip)",
            "security": [{"bearer": []}],
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {"schema": obj({"file": {"type": "string", "format": "binary"}})}
                },
            },
            "responses": {"201": ok(ref("Uploaded"), "Created"), **errors(400, 401, 403, 413, 422)},
        },
    },
    "/api/documents/{ident}": {
        **get(
            "One document; for a plan, the plans it carries out, the nearest one's tasks it has not taken up,"
            " and its new local work",
            [path_id("The document's id, IRI or 文号.")],
            ref("DocumentDetail"),
            404,
        ),
        "delete": {
            "summary": "Remove a document",
            "security": [{"bearer": []}],
            "parameters": [path_id("The document's id, IRI or 文号.")],
            "responses": {"204": {"description": "Removed"}, **errors(401, 403, 404)},
        },
    },
    "/api/orgs": get(
        "Find bodies", [query("q", "Text in a label or a written name.")], obj({"orgs": array(ref("Org"))})
    ),
    "/api/orgs/{ident}": get(
        "One body and its tasks", [path_id("The body's id or IRI.")], ref("OrgDetail"), 404
    ),
    "/api/tasks": get(
        "Tasks, filtered and paged",
        [
            query("lead", BODY),
            query("cooperating", BODY),
            query("responsible", BODY),
            query("document", "A document's id, IRI or 文号."),
            query("region", "The document's jurisdiction."),
            Q_FILTER,
            query(
                "limit", "Page size (default 50).", schema={"type": "integer", "minimum": 1, "maximum": 200}
            ),
            query("offset", "Tasks to skip.", schema={"type": "integer", "minimum": 0}),
        ],
        ref("TaskPage"),
        400,
        404,
    ),
    "/api/lineage": get(
        "The chain of the item a task belongs to: its tasks at every level and their targets side by side;"
        " and the child plans in which no task carries out its top task",
        [query("task", "A task's id or IRI.", required=True, schema=Q_REQUIRED["schema"])],
        {"allOf": [ref("Lineage"), obj({"not_taken_up_by": array(ref("PlanRef"))})]},
        400,
        404,
    ),
    "/api/terms": get("Defined terms", [Q_FILTER], obj({"terms": array(ref("Term"))})),
}


@cache
def openapi() -> dict:
    """The whole description, built once."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "政策图谱 policy-kg API", "version": "1.0"},
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
