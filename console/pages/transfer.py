"""Import / export: upload the register as CSV (a dry run first, its errors by line and column, then
the import of the same file), and download the export (the same format)."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from console.web import Console, Me, page, redirect

COUNTS = "{ created updated unchanged }"
IMPORT = f"""mutation Import($csv: String!, $dryRun: Boolean!) {{
  registerImport(csv: $csv, dryRun: $dryRun) {{
    result {{ dryRun imported rows refused companies {COUNTS} locations {COUNTS} contacts {COUNTS} roles {COUNTS}
      errors {{ line column code message }} }}
    userErrors {{ field code message }}
  }}
}}"""
EXPORT = "query Export { registerExport }"


@page
async def index(console: Console, request: Request, me: Me) -> Response:
    return console.render(request, "transfer.html", me)


@page
async def check(console: Console, request: Request, me: Me) -> Response:
    """The dry run of an uploaded file: what it would do, or its errors; nothing is written."""
    upload = request.state.form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return console.render(request, "transfer.html", me, 400, errors=["Choose a CSV file to upload."])
    try:
        csv = (await upload.read()).decode("utf-8-sig")
    except UnicodeDecodeError:
        return console.render(request, "transfer.html", me, 400, errors=["The file is not UTF-8 text: save it as CSV UTF-8."])
    return await _run(console, request, me, csv, dry_run=True, filename=upload.filename)


@page
async def apply(console: Console, request: Request, me: Me) -> Response:
    """The import of the file the dry run checked (sent back as text with the form)."""
    csv = request.state.form.get("csv")
    if not isinstance(csv, str) or not csv.strip():
        return console.render(request, "transfer.html", me, 400, errors=["Upload the file again: nothing to import."])
    return await _run(console, request, me, csv, dry_run=False, filename=str(request.state.form.get("filename", "")))


async def _run(console: Console, request: Request, me: Me, csv: str, *, dry_run: bool, filename: str) -> Response:
    payload = (await console.run(request, me, IMPORT, csv=csv, dryRun=dry_run))["registerImport"]
    result, errors = payload["result"], [e["message"] for e in payload["userErrors"]]
    if not dry_run and result and result["imported"] and not errors:
        return redirect("/console/transfer", "imported")
    bad = bool(errors or (result and result["errors"]))
    return console.render(request, "transfer.html", me, 400 if bad else 200, result=result, errors=errors,
                          csv=csv if dry_run and not bad else None, filename=filename)


@page
async def export(console: Console, request: Request, me: Me) -> Response:
    data = await console.run(request, me, EXPORT)
    return Response(data["registerExport"], media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="register.csv"', "cache-control": "no-store"})


routes = [
    Route("/transfer", index),
    Route("/transfer/check", check, methods=["POST"]),
    Route("/transfer/import", apply, methods=["POST"]),
    Route("/transfer/export", export),
]
