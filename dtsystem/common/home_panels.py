"""Panels on the home page. Each app registers a callable (request, actor) -> dict | None.

A panel dict has "title", "template" and "context"; returning None hides the panel for that user."""

from collections.abc import Callable

from django.template.loader import render_to_string

_PANELS: list[tuple[int, Callable]] = []


def register(order: int):
    def decorator(func: Callable) -> Callable:
        _PANELS.append((order, func))
        _PANELS.sort(key=lambda p: p[0])
        return func

    return decorator


def render_panels(request, actor) -> list[dict]:
    rendered = []
    for _, func in _PANELS:
        panel = func(request, actor)
        if panel:
            html = render_to_string(panel["template"], panel.get("context", {}), request=request)
            rendered.append({"title": panel["title"], "html": html, "width": panel.get("width", 12)})
    return rendered
