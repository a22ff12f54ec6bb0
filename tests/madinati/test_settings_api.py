"""The API's settings: rates and the log level read strictly at start-up, and REST_FRAMEWORK naming what runs."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.settings import api_settings

from api.base import ApiAutoSchema, ApiViewMixin
from madinati.settings import env_choice, env_rate
from tests.madinati.test_settings import run_django


@pytest.mark.parametrize("raw", ["600/minute", "5/s", "10/sec", "100/hour", "1/d", " 30/Minute "])
def test_env_rate_takes_what_drf_reads(monkeypatch, raw):
    monkeypatch.setenv("RATE", raw)
    assert env_rate("RATE", "1/day") == raw.strip().lower()


def test_env_rate_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("RATE", raising=False)
    assert env_rate("RATE", "30/minute") == "30/minute"
    monkeypatch.setenv("RATE", " ")
    assert env_rate("RATE", "30/minute") == "30/minute"


@pytest.mark.parametrize("raw", ["lots", "600", "0/minute", "-1/minute", "1.5/minute", "10/fortnight", "10 per minute"])
def test_env_rate_refuses_nonsense(monkeypatch, raw):
    monkeypatch.setenv("RATE", raw)
    with pytest.raises(ImproperlyConfigured, match="RATE=.* is not a request rate"):
        env_rate("RATE", "1/day")


def test_env_choice(monkeypatch):
    monkeypatch.setenv("LEVEL", "info")
    assert env_choice("LEVEL", "WARNING", ("INFO", "WARNING")) == "INFO"
    monkeypatch.setenv("LEVEL", "chatty")
    with pytest.raises(ImproperlyConfigured, match="LEVEL='chatty' is not one of INFO, WARNING"):
        env_choice("LEVEL", "WARNING", ("INFO", "WARNING"))


@pytest.mark.parametrize("name", ["API_THROTTLE_USER", "API_THROTTLE_TOKEN", "API_THROTTLE_ANON"])
def test_a_malformed_rate_stops_the_start_up(name):
    result = run_django("", {"DEBUG": "1", name: "lots"})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name}='lots' is not a request rate" in result.stderr


def test_a_malformed_log_level_stops_the_start_up():
    result = run_django("", {"DEBUG": "1", "LOG_LEVEL": "loud"})
    assert result.returncode != 0
    assert "LOG_LEVEL='loud' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL" in result.stderr


def test_rates_and_log_level_from_the_environment():
    code = (
        "from django.conf import settings; import logging; r = settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']; "
        "print(r['user'], r['token'], r['anon'], logging.getLevelName(logging.getLogger().level))"
    )
    result = run_django(
        code, {"DEBUG": "1", "API_THROTTLE_USER": "5/m", "API_THROTTLE_ANON": "2/hour", "LOG_LEVEL": "info"}
    )
    assert result.returncode == 0, result.stderr
    # The token rate follows the user rate unless it is set itself.
    assert result.stdout.split() == ["5/m", "5/m", "2/hour", "INFO"]


def api_views():
    """Every view class under /api/, with its route."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
                if view is not None:
                    yield prefix + str(pattern.pattern), view

    return [(route, view) for route, view in walk(get_resolver().url_patterns) if route.startswith("api/")]


def test_the_schema_class_is_the_one_that_documents_the_api():
    assert api_settings.DEFAULT_SCHEMA_CLASS is ApiAutoSchema


def test_there_are_api_views_to_check():
    routes = [route for route, _view in api_views()]
    assert any(route.startswith("api/v1/") for route in routes)
    assert "api/schema/" in routes


@pytest.mark.parametrize(("route", "view"), api_views())
def test_every_api_view_runs_the_classes_the_settings_name(route, view):
    assert view.authentication_classes == api_settings.DEFAULT_AUTHENTICATION_CLASSES
    assert view.throttle_classes == api_settings.DEFAULT_THROTTLE_CLASSES
    if issubclass(view, ApiViewMixin):
        assert view.permission_classes == api_settings.DEFAULT_PERMISSION_CLASSES
        assert isinstance(view().schema, api_settings.DEFAULT_SCHEMA_CLASS)
        # A view adds a format (CSV) to the settings' renderers, or narrows them (the bulk import answers JSON).
        renderers = set(view.renderer_classes)
        assert renderers >= set(api_settings.DEFAULT_RENDERER_CLASSES) or renderers < set(
            api_settings.DEFAULT_RENDERER_CLASSES
        )


def test_the_settings_name_the_pagination_that_runs():
    paginated = {view.pagination_class for _route, view in api_views() if issubclass(view, ApiViewMixin)} - {None}
    assert paginated == {api_settings.DEFAULT_PAGINATION_CLASS}
