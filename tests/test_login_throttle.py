"""Admin login throttling (django-axes) through the real admin login view.

Five wrong passwords for one username from one address lock that pair out for 15 minutes:
even the right password is then refused with a lockout page (429). Other users and other
addresses log in as usual, and the lock lifts when the cool-off has passed.
"""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def editors(django_user_model):
    for name in ("amina", "bilal"):
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)


def log_in(username, password, address="198.51.100.7", **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(LOGIN, {"username": username, "password": password, "next": INDEX})
    return client, response


def fail(times, username="amina", address="198.51.100.7", **headers):
    for _ in range(times):
        _, response = log_in(username, "guess-x7", address, **headers)
        assert response.status_code in (200, 429)
    return response


def logged_in(client):
    return client.get(INDEX).status_code == 200


def test_settings_lock_by_username_and_address():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_lock_the_account_even_for_the_right_password():
    assert fail(4).status_code == 200  # still the login form, with its error
    fifth = fail(1)
    assert fifth.status_code == 429
    client, response = log_in("amina", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many login attempts" in page
    assert "in 15 minutes" in page
    assert PASSWORD not in page and "guess-x7" not in page and "198.51.100.7" not in page
    assert not logged_in(client)


def test_other_users_and_other_addresses_are_not_locked():
    fail(5)
    client, response = log_in("bilal", PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    client, response = log_in("amina", PASSWORD, address="203.0.113.9")
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_lifts_after_the_cool_off():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail(5)
        clock.shift(timedelta(minutes=14))
        assert log_in("amina", PASSWORD)[1].status_code == 429
        clock.shift(timedelta(minutes=16))
        client, response = log_in("amina", PASSWORD)
        assert response.status_code == 302 and logged_in(client)


def test_a_success_resets_the_count():
    fail(4)
    assert log_in("amina", PASSWORD)[1].status_code == 302
    assert fail(4).status_code == 200


def test_forwarded_address_is_ignored_unless_a_proxy_is_configured(settings):
    # Without a trusted proxy a client cannot dodge the lock by inventing X-Forwarded-For.
    for number in range(5):
        fail(1, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    assert log_in("amina", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")[1].status_code == 429


def test_behind_a_proxy_the_forwarded_client_address_is_locked(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    fail(5, address=proxy, HTTP_X_FORWARDED_FOR="forged, 198.51.100.7")
    locked = log_in("amina", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked[1].status_code == 429
    # Another reader behind the same proxy is someone else.
    client, response = log_in("amina", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.4")
    assert response.status_code == 302 and logged_in(client)
