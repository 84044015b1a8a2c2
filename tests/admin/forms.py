"""Read an admin page's form as a browser would submit it, so tests post the admin's own forms."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._selected: list[str] = []
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            if kind in {"submit", "button", "file"}:
                return
            self.data.setdefault(name, []).append(
                attributes.get("value", "on" if kind == "checkbox" else "")
            )
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select, self._selected, self._first_option = name, [], None
        elif tag == "option" and self._select:
            value = attributes.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attributes:
                self._selected.append(value)

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if self._selected:
                self.data[self._select] = self._selected
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


def admin_form_data(html: str, form_id: str) -> dict[str, list[str]]:
    reader = _FormReader(form_id)
    reader.feed(html)
    # a textarea's content starts after the newline that follows its tag
    return {
        k: [v[1:] if v.startswith("\n") else v for v in values] for k, values in reader.data.items()
    }


def change_url(obj) -> str:
    from django.urls import reverse

    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_admin_form(client, url: str, form_id: str, edit):
    """GET the admin page, change its form's data as a tutor would, and POST it back with every
    inline formset's management data, as the browser does."""
    data = admin_form_data(client.get(url).content.decode(), form_id)
    edit(data)
    data["_save"] = ["Save"]
    return client.post(url, data)


def inline_index(data: dict, prefix: str, pk: int) -> int:
    """The index of the inline form holding the row `pk` (inlines are in position order)."""
    total = int(data[f"{prefix}-TOTAL_FORMS"][0])
    return next(i for i in range(total) if data.get(f"{prefix}-{i}-id") == [str(pk)])


def add_wrong_idea(data: dict, question, *, contradicts: str) -> None:
    """Fill the question page's first (empty) wrong-idea form."""
    data.update(
        {
            "wrong_ideas-TOTAL_FORMS": ["1"],
            "wrong_ideas-0-key": ["polite-only"],
            "wrong_ideas-0-statement": ["Just be polite."],
            "wrong_ideas-0-correction": ["More than politeness."],
            "wrong_ideas-0-contradicts": [contradicts],
            "wrong_ideas-0-position": ["0"],
            "wrong_ideas-0-question": [str(question.pk)],
        }
    )
