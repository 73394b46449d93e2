import tempfile
from pathlib import Path
from typing import Any

from django.template import TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.test import SimpleTestCase, override_settings
from django.urls import get_resolver, resolvers, reverse
from django.utils import translation

from rus.front.checks import check_warm_up
from rus.lib.warmup import warm


def cached_loader() -> Any:
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    return backend.engine.template_loaders[0]


class WarmupTests(SimpleTestCase):
    def test_compiles_the_sites_and_the_admins_templates_before_any_request(self):
        loader = cached_loader()
        loader.reset()
        self.assertNotIn("followup/assessment.html", loader.get_template_cache)
        warm()
        # Ours (templates/ and app folders) and a package's (the admin's), by the names a view
        # asks for.
        for name in (
            "followup/assessment.html",
            "front/home.html",
            "base.html",
            "admin/change_form.html",
        ):
            with self.subTest(name=name):
                self.assertIn(name, loader.get_template_cache)

    def test_builds_the_url_tables_for_both_languages_and_every_namespace(self):
        resolver = get_resolver()
        resolver._reverse_dict.clear()
        # functools.cache's methods, which django-stubs does not declare.
        ns_resolvers: Any = resolvers.get_ns_resolver
        ns_resolvers.cache_clear()
        warm()
        self.assertEqual(set(resolver._reverse_dict), {"sv", "en"})
        built = ns_resolvers.cache_info().misses
        # What a page of each language reverses: nothing left to build.
        with translation.override("en"):
            reverse("front:home")
            reverse("followup:index")
        with translation.override("sv"):
            reverse("admin:index")
            reverse("api:openapi-json")
        self.assertEqual(ns_resolvers.cache_info().misses, built)

    def test_a_template_that_does_not_compile_is_found_by_the_deploy_check(self):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "broken.html").write_text("{% if %}", encoding="utf-8")
            templates = [
                {
                    "BACKEND": "django.template.backends.django.DjangoTemplates",
                    "DIRS": [folder],
                    "APP_DIRS": False,
                }
            ]
            with override_settings(TEMPLATES=templates):
                with self.assertRaises(TemplateSyntaxError):
                    warm()
                errors = check_warm_up(None)
        self.assertEqual([e.id for e in errors], ["rus.E004"])
        self.assertIn("broken.html", errors[0].msg + str(errors[0].hint))
        self.assertEqual(check_warm_up(None), [])
