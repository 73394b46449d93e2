import os
from pathlib import Path
from unittest import mock

from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, override_settings

from rus.lib.env import env_bool, env_database, env_int, env_list, env_required


class EnvHelperTests(SimpleTestCase):
    def test_booleans_are_strict(self):
        with mock.patch.dict(os.environ, {"X": "yes"}):
            self.assertTrue(env_bool("X"))
        with (
            mock.patch.dict(os.environ, {"X": "nope"}),
            self.assertRaisesMessage(ImproperlyConfigured, "X must be"),
        ):
            env_bool("X")

    def test_numbers_fail_loudly(self):
        with (
            mock.patch.dict(os.environ, {"N": "ten"}),
            self.assertRaisesMessage(ImproperlyConfigured, "N must be a whole number"),
        ):
            env_int("N", 1)

    def test_lists(self):
        with mock.patch.dict(os.environ, {"L": "a.se, b.se,"}):
            self.assertEqual(env_list("L", []), ["a.se", "b.se"])

    def test_secret_key_is_required_outside_debug(self):
        with mock.patch.dict(os.environ, {"SECRET_KEY": ""}):
            with self.assertRaisesMessage(ImproperlyConfigured, "SECRET_KEY must be set"):
                env_required("SECRET_KEY", unless=False, fallback="dev")
            self.assertEqual(env_required("SECRET_KEY", unless=True, fallback="dev"), "dev")


class SystemCheckTests(SimpleTestCase):
    def ids(self, **kwargs):
        return {m.id for m in run_checks(**kwargs)}

    def test_current_configuration_passes(self):
        self.assertFalse({i for i in self.ids() if i.startswith("rus.")})

    @override_settings(RUS_DATA_DIR=Path("/nonexistent/data"))
    def test_missing_data_folder_is_reported(self):
        self.assertIn("rus.W001", self.ids())

    @override_settings(EMAIL_USE_TLS=True, EMAIL_USE_SSL=True)
    def test_conflicting_mail_settings_are_reported(self):
        self.assertIn("rus.E002", self.ids())

    @override_settings(SECRET_KEY="insecure-development-key-only-for-DEBUG")
    def test_development_key_fails_the_deploy_check(self):
        self.assertIn("rus.E001", self.ids(include_deployment_checks=True))


class DatabaseUrlTests(SimpleTestCase):
    def test_empty_means_the_default(self):
        with mock.patch.dict(os.environ, {"DB": ""}):
            config = env_database("DB", default="sqlite:////tmp/x.sqlite3", conn_max_age=0)
        self.assertEqual(config["ENGINE"], "django.db.backends.sqlite3")

    def test_postgres_url(self):
        with mock.patch.dict(os.environ, {"DB": "postgres://u:p@127.0.0.1:5433/rus"}):
            config = env_database("DB", default="", conn_max_age=0)
        self.assertEqual(
            (config["ENGINE"], config["PORT"], config["NAME"]),
            ("django.db.backends.postgresql", 5433, "rus"),
        )

    def test_unknown_scheme_names_the_variable(self):
        with (
            mock.patch.dict(os.environ, {"DB": "mysqlx://x"}),
            self.assertRaisesMessage(ImproperlyConfigured, "DB must be"),
        ):
            env_database("DB", default="", conn_max_age=0)
