"""GraphiQL for both endpoints, offline: the page and its vendored assets (static/graphiql/, see
VERSIONS there) come from the gateway. On the Admin API the page works with the console's session:
it carries the session's CSRF token, which the endpoint asks of every cookie-authenticated request."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from console.web import COOKIE, HERE
from gateway.auth import staff
from gateway.db.engine import Database
from gateway.platform.settings import Settings

EXAMPLES = {
    True: "# Signed in through the console, or send Authorization: Bearer <staff token> (Headers below).\n"
          "{\n  draftOrders(first: 5, status: OPEN) {\n    nodes { id subtotal { amount currencyCode } }\n  }\n}\n",
    False: "{\n  shop { name currencyCode accessMode }\n  products(first: 5) { nodes { title } }\n}\n",
}
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL · {title}</title>
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
</head><body>
<div id="graphiql" data-url="{url}" data-csrf="{csrf}" data-example="{example}">Loading GraphiQL...</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script src="/graphiql/start.js"></script>
</body></html>"""


async def page(request: Request, db: Database, settings: Settings, *, admin_api: bool) -> HTMLResponse:
    csrf = ""
    cookie = request.cookies.get(COOKIE) if admin_api else None
    if cookie:
        async with db.reader() as session:
            if await staff.resolve(session, cookie) is not None:
                csrf = staff.csrf_token(settings, cookie)
    html = PAGE.format(title="Admin API" if admin_api else "Storefront API", url=escape(request.url.path),
                       csrf=escape(csrf), example=escape(EXAMPLES[admin_api]))
    return HTMLResponse(html, headers={"cache-control": "no-store", "x-frame-options": "DENY",
                                       "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                       "img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'"})


def assets() -> StaticFiles:
    return StaticFiles(directory=HERE / "static" / "graphiql")
