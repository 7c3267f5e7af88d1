"""The web layer: routers, templates, static files. Only this package imports from FastAPI's request side."""
