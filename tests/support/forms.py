"""What a browser would post from a page's form: read the HTML of a form back into post data."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    """What a browser would post from one <form id=...> (controls inside <template> excluded)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template_depth = 0
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if tag == "template":
            self.template_depth += 1
        if not self.inside or self.template_depth:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "template":
            self.template_depth -= 1
        elif tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, form_id: str = "assistant-review") -> dict[str, list[str]]:
    parser = _FormParser(form_id)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def flat(data: dict[str, list[str]]) -> dict:
    """For client.post: single values as strings, repeated ones as lists."""
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}


def with_issuing_body(data: dict[str, list[str]], name: str = "ỦY BAN NHÂN DÂN TỈNH") -> dict[str, list[str]]:
    """The review form's data with an issuing body typed in when the text had none (a notice requires one)."""
    if not any(v.strip() for v in data.get("issuing_body_text", [])) and not any(
        v.strip() for v in data.get("issuing_unit", [])
    ):
        data["issuing_body_text"] = [name]
    return data
