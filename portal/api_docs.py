"""The API's documentation page: the endpoints of the OpenAPI document, with no script from
any CDN."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _endpoints(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each operation of an OpenAPI document, flattened for the documentation page."""
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            parameters = [
                {
                    "name": parameter["name"],
                    "location": parameter.get("in", ""),
                    "required": parameter.get("required", False),
                    "type": parameter.get("schema", {}).get("type", ""),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            endpoints.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "has_body": "requestBody" in operation,
                }
            )
    return endpoints


class ApiDocsView(TemplateView):
    """The endpoints of the OpenAPI document as a plain page: no script from any CDN."""

    template_name = "portal/api_docs.html"

    def get_context_data(self, **kwargs):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return {
            **super().get_context_data(**kwargs),
            "info": schema.get("info", {}),
            "endpoints": _endpoints(schema),
            "schema_url": reverse("schema"),
        }
