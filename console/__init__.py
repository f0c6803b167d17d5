"""The merchant console at /console: server-rendered pages (Starlette, Jinja2) that run the Admin
API's own GraphQL operations in-process with the staff member's context, so the console can do
nothing the Admin API forbids. Staff log in with an emailed code (gateway/auth/staff.py)."""
