"""A browser's side of the scale-out check: sign in, read a page's forms, post them back.

Only what a browser would send: the session cookie, the CSRF token from the form, a Referer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

PASSWORD = "madinati-demo-2018"  # seed_demo --with-demo-users


@dataclass
class Form:
    attrs: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, str] = field(default_factory=dict)  # field name -> data-testid of its table row


class Forms(HTMLParser):
    """Every <form> of a page with what a browser would submit from it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._row: str = ""
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a)
            self.forms.append(self._form)
        elif tag == "tr":
            self._row = a.get("data-testid", "")
        if self._form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button"):
                self._form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields[name] = a.get("value", "on")
            else:
                self._form.fields[name] = a.get("value", "")
            self._form.rows[name] = self._row
        elif tag == "button":
            self._form.buttons.append((name, a.get("value", "")))
        elif tag == "select":
            self._select, self._first_option = name, None
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""
        elif tag == "option" and self._select is not None:
            self._option(a)

    def _option(self, a):
        value = a.get("value", "")
        if self._first_option is None:
            self._first_option = value
            self._form.fields.setdefault(self._select, value)
        if "selected" in a:
            self._form.fields[self._select] = value

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def by_testid(self, testid: str) -> Form:
        for form in self.forms:
            if form.attrs.get("data-testid") == testid:
                return form
        raise AssertionError(f"no form data-testid={testid!r} on the page")


def testid_text(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{re.escape(testid)}"[^>]*>([^<]*)<', html)
    if not match:
        raise AssertionError(f"no element data-testid={testid!r} on the page")
    return match.group(1).strip()


class Browser:
    """One person's browser: one cookie jar, talking to whichever server ``base`` names."""

    def __init__(self, who: str, verify: str | bool):
        self.who = who
        self.session = requests.Session()
        # Per request, not on the session: REQUESTS_CA_BUNDLE in the environment would override the session's.
        self.verify = verify
        self.session.cookies.set("madinati_language", "en")  # English pages: plain digits to read

    def get(self, base: str, path: str, expect: int = 200, **kwargs) -> requests.Response:
        response = self.session.get(base + path, timeout=60, allow_redirects=False, verify=self.verify, **kwargs)
        if response.status_code != expect:
            raise AssertionError(f"{self.who}: GET {base}{path} answered {response.status_code}, not {expect}")
        return response

    def post(self, base: str, path: str, data: dict, expect: int = 302, **kwargs) -> requests.Response:
        headers = {"Referer": base + path, "Origin": base, **kwargs.pop("headers", {})}
        response = self.session.post(
            base + path, data=data, headers=headers, timeout=60, allow_redirects=False, verify=self.verify, **kwargs
        )
        if response.status_code != expect:
            raise AssertionError(
                f"{self.who}: POST {base}{path} answered {response.status_code}, not {expect}: {response.text[:300]}"
            )
        return response

    def submit(self, base: str, path: str, form: Form, changes: dict, expect: int = 302) -> requests.Response:
        return self.post(base, path, {**form.fields, **changes}, expect=expect)

    def sign_in(self, base: str, username: str) -> None:
        page = self.get(base, "/accounts/login/")
        form = next(f for f in Forms(page.text).forms if "csrfmiddlewaretoken" in f.fields)
        self.submit(base, "/accounts/login/", form, {"username": username, "password": PASSWORD})

    def json(self, base: str, path: str, **kwargs) -> dict:
        return self.get(base, path, headers={"Accept": "application/json"}, **kwargs).json()


class Token:
    """An external system: an API token, no cookies."""

    def __init__(self, key: str, verify: str | bool):
        self.headers = {"Authorization": f"Token {key}", "Accept": "application/json"}
        self.verify = verify

    def get(self, base: str, path: str) -> dict:
        response = requests.get(base + path, headers=self.headers, verify=self.verify, timeout=60)
        if response.status_code != 200:
            raise AssertionError(f"token: GET {path} answered {response.status_code}")
        return response.json()

    def post(self, base: str, path: str, body: dict) -> dict:
        response = requests.post(base + path, json=body, headers=self.headers, verify=self.verify, timeout=60)
        if response.status_code != 200:
            raise AssertionError(f"token: POST {path} answered {response.status_code}: {response.text[:300]}")
        return response.json()
