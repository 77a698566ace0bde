"""The web face: a resident form, a JSON API and a staff page, one ASGI app beside the show (docs/web.md)."""
