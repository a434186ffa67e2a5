"""A small OpenID Connect provider (django-oauth-toolkit) that the integration and
browser tests start as a process of its own on loopback: the portal signs people in
against it over real HTTP, as it would against the national or the province's sign-on.

`serve.py SPEC.json` makes a fresh SQLite database, the clients and the people of the
spec, binds a free port, prints `PORT <n>` and serves until stopped.
"""
