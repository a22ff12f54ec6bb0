import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_arabic_and_right_to_left_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "تسجيل الدخول" in html


def test_switching_to_english_sets_ltr_on_the_next_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "bootstrap.min.css" in html and "bootstrap.rtl.min.css" not in html
    assert "Sign in" in html


def test_switching_back_to_arabic(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert '<html lang="ar" dir="rtl">' in client.get(reverse("login")).content.decode()


def test_language_switch_is_on_every_signed_in_page(viewer_client):
    html = viewer_client.get(reverse("home")).content.decode()
    assert 'data-testid="language-switch"' in html
    assert 'value="en"' in html


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
