"""Who uses Madinati at the end of a quarter, as Locust users: `make loadtest` runs this headless.

- viewers (ministry staff) browse the overview, secretariat, axis and indicator pages;
- officers open their entry page and save a draft figure;
- external systems pull the secretariat and axis summaries with an API token.

Each waits 1–3 s between requests, as people do (LOADTEST_WAIT=0 for the capacity runs, which
ask back to back). Codes, quarters and groups come from the API at start, so the same file loads
the demo data and the benchmark's national-scale data. Request names are the page kinds the
summary reports p50/p95/p99 for.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, constant, events, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "madinati-demo-2018")
TOKEN = os.environ.get("LOADTEST_TOKEN", "")
OFFICERS = [name for name in os.environ.get("LOADTEST_OFFICERS", "taif-officer").split(",") if name]
WAIT = between(1, 3) if os.environ.get("LOADTEST_WAIT", "1") != "0" else constant(0)
# Sessions signed in once by scripts/loadtest.py, so the runs measure pages, not password hashing.
SESSIONS = json.loads(os.environ.get("LOADTEST_SESSIONS") or "{}")
_officer_names = itertools.cycle(OFFICERS)
catalogue: dict = {}


@events.test_start.add_listener
def _read_catalogue(environment, **kwargs):
    """Codes to browse, read once through the API with the token."""
    import requests

    headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json"}

    def codes(path, key="code", **params):
        response = requests.get(
            environment.host + path, headers=headers, params={"page_size": 500, **params}, timeout=60
        )
        response.raise_for_status()
        return [row[key] for row in response.json()["results"]]

    periods = codes("/api/v1/periods/", key="period")
    secretariats = requests.get(
        environment.host + "/api/v1/secretariats/", headers=headers, params={"page_size": 500}, timeout=60
    ).json()["results"]
    group = int(os.environ.get("LOADTEST_GROUP", "2"))
    catalogue.update(
        periods=periods[-8:],
        group=group,
        secretariats=[s["code"] for s in secretariats if s["group"] == group] or [s["code"] for s in secretariats],
        axes=codes("/api/v1/axes/"),
        indicators=codes("/api/v1/indicators/"),
    )


class Viewer(HttpUser):
    weight = 6
    wait_time = WAIT

    def on_start(self):
        sign_in(self, "viewer")

    def _query(self):
        return f"?period={random.choice(catalogue['periods'])}&group={catalogue['group']}"

    @task(3)
    def overview(self):
        self.client.get(f"/{self._query()}", name="overview")

    @task(2)
    def secretariat(self):
        self.client.get(f"/secretariats/{random.choice(catalogue['secretariats'])}/{self._query()}", name="secretariat")

    @task(1)
    def axis(self):
        self.client.get(f"/axes/{random.choice(catalogue['axes'])}/{self._query()}", name="axis")

    @task(2)
    def indicator(self):
        self.client.get(f"/indicators/{random.choice(catalogue['indicators'])}/{self._query()}", name="indicator")


class Officer(HttpUser):
    weight = 2
    wait_time = WAIT

    def on_start(self):
        sign_in(self, next(_officer_names))

    @task
    def save_draft(self):
        page = self.client.get("/entry/", name="entry")
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
        values = re.findall(r'name="(v\d+-value)"', page.text)
        if not values:
            return
        fields[random.choice(values)] = f"{random.randint(40, 95)}"
        fields["save"] = "1"
        with self.client.post(
            "/entry/", data=fields, headers={"Referer": self.host + "/entry/"}, name="entry save", catch_response=True
        ) as response:
            # Officers of one secretariat share its rows: 409 (someone saved since the page was read) and
            # 400 (someone created the row meanwhile: "enter a value") are the product's answers to that
            # race, reported under their own name rather than as errors.
            if response.status_code in (400, 409):
                response.request_meta["name"] = "entry save (edited meanwhile)"
                response.success()


class ExternalSystem(HttpUser):
    weight = 2
    wait_time = WAIT

    def on_start(self):
        self.client.headers.update({"Authorization": f"Token {TOKEN}", "Accept": "application/json"})

    @task(2)
    def secretariat_summary(self):
        period = random.choice(catalogue["periods"])
        self.client.get(f"/api/v1/summary/secretariats/?period={period}&group={catalogue['group']}", name="api summary")

    @task(1)
    def axis_summary(self):
        self.client.get(f"/api/v1/summary/axes/?period={random.choice(catalogue['periods'])}", name="api summary")


def sign_in(user: HttpUser, username: str) -> None:
    user.client.cookies.set("madinati_language", "ar")
    if username in SESSIONS:
        user.client.cookies.set("sessionid", SESSIONS[username])
        return
    page = user.client.get("/accounts/login/", name="sign-in")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    user.client.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": user.host + "/accounts/login/"},
        name="sign-in",
    )
