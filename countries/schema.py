"""Completes the OpenAPI schema with what every endpoint shares: error bodies, 304 and answers kept for review."""

ERROR = {
    "type": "object",
    "description": "What is wrong: `detail` with a message, or each faulty parameter or field with its messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
REVIEW_PENDING = {
    "type": "object",
    "description": "The change was kept as a draft for a moderator to review; the record is unchanged until then.",
    "properties": {
        "detail": {"type": "string"},
        "change_request": {"type": "integer"},
        "status": {"type": "string"},
    },
    "required": ["detail", "change_request", "status"],
}

READ_ERRORS = {
    "400": "A filter or parameter value is not valid; the body names it.",
    "404": "No such record, page or format.",
    "429": "Too many anonymous requests; retry after the seconds given in `Retry-After`.",
}
WRITE_ERRORS = {
    "400": "The data is not valid; the body names each faulty field.",
    "401": "No valid `Authorization: Token <key>` header.",
    "403": "The record's country is not one of the organisation's countries.",
    "404": "No such record.",
    "429": READ_ERRORS["429"],
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def document_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation lists the answers DRF gives besides success."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ReviewPending"] = REVIEW_PENDING
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if method == "get":
                errors = READ_ERRORS
                responses.setdefault("304", {"description": "Not modified since the `If-None-Match` / `If-Modified-Since` given."})
                if operation.get("security") and {} not in operation["security"]:  # a read for token holders only
                    errors = {**READ_ERRORS, **{k: v for k, v in WRITE_ERRORS.items() if k in ("401", "403")}}
            else:
                errors = WRITE_ERRORS
                if method in ("put", "patch", "delete"):
                    responses.setdefault("202", {
                        "description": "Kept for review: the editor's organisation does not publish directly.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReviewPending"}}},
                    })
            for status, description in errors.items():
                responses.setdefault(status, _error(description))
    return result
