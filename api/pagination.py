from rest_framework.pagination import CursorPagination
from rest_framework.response import Response


class ApiCursorPagination(CursorPagination):
    """`{"results": [...], "next": <url or null>}`, walked by id: a page costs one
    indexed range read however deep it is, and rows added meanwhile are neither
    skipped nor repeated."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"

    def get_paginated_response(self, data):
        return Response({"results": data, "next": self.get_next_link()})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results", "next"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "format": "uri", "nullable": True},
            },
        }
