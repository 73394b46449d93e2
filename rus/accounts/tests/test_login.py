from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from rus.accounts.models import User
from rus.test import PASSWORD, BaseTestCase


class LoginTests(BaseTestCase):
    def login(self, password: str, username: str = "cora"):
        return self.client.post(reverse("login"), {"username": username, "password": password})

    def test_passwords_are_hashed_with_argon2(self):
        self.assertTrue(User.objects.get(username="cora").password.startswith("argon2"))

    def test_a_correct_login_starts_a_session(self):
        response = self.login(PASSWORD)
        self.assertRedirects(response, reverse("accounts:start"), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.cora.pk)

    def test_a_wrong_password_shows_the_form_again_in_swedish(self):
        response = self.login("fel lösenord")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "korrekt användarnamn och lösenord")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_repeated_failures_lock_out_even_the_right_password(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.login("fel lösenord")
        response = self.login(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "För många inloggningsförsök", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_lockout_is_per_user_name(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.login("fel lösenord")
        response = self.login(PASSWORD, username="vera")
        self.assertEqual(response.status_code, 302)

    @override_settings(RUS_TRUSTED_PROXIES=1)
    def test_behind_the_proxy_a_strangers_failures_do_not_lock_the_owner_out(self):
        attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
        owner = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
        url = reverse("login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(url, {"username": "cora", "password": "fel"}, **attacker)
        locked = self.client.post(url, {"username": "cora", "password": PASSWORD}, **attacker)
        self.assertEqual(locked.status_code, 429)
        response = self.client.post(url, {"username": "cora", "password": PASSWORD}, **owner)
        self.assertEqual(response.status_code, 302)

    def test_without_a_trusted_proxy_a_forged_forwarded_header_changes_nothing(self):
        url = reverse("login")
        for n in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(
                url,
                {"username": "cora", "password": "fel"},
                HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
            )
        response = self.login(PASSWORD)
        self.assertEqual(response.status_code, 429)

    def test_session_cookie_is_secure_and_http_only(self):
        response = self.login(PASSWORD)
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(cookie["secure"])
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")

    @override_settings(AXES_ENABLED=True)
    def test_logout_needs_post(self):
        self.client.force_login(self.cora)
        self.assertEqual(self.client.get(reverse("logout")).status_code, 405)
        self.client.post(reverse("logout"))
        self.assertNotIn("_auth_user_id", self.client.session)
