"""Do once, when an app server's worker starts, what Django otherwise does on its first
request: import every view through the URLconf, compile every template and read every
language's catalogue.

A cold worker answered its first page in about a second (0.7 s importing the URLconf, 0.3 s
compiling templates) against 40 ms warm; gunicorn starts several workers and recycles each
after `max_requests`, so without this the people working in rus met that second again and
again. `manage.py check --deploy` runs the same warm-up (rus.E004), so a template that does
not compile is found at deploy instead of by a reader; a worker whose warm-up fails logs why and
answers cold rather than stopping its app server.
"""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.urls.resolvers import get_ns_resolver
from django.utils import translation

TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".svg", ".json", ".js"}


def template_names() -> dict[str, list[str]]:
    """Every template each engine can load, by the engine's alias, as names relative to the
    template folders (the names `get_template` takes)."""
    names: dict[str, list[str]] = {}
    for engine in engines.all():
        found: set[str] = set()
        for folder in engine.template_dirs:
            root = Path(folder)
            found.update(
                path.relative_to(root).as_posix()
                for path in root.rglob("*")
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
            )
        names[engine.name] = sorted(found)
    return names


def warm() -> int:
    """Import, compile and read what the first requests would; returns how many templates
    were compiled."""
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code, deactivate=True):
            # The reverse table is built per language (the URLs carry a language prefix).
            _ = resolver.reverse_dict
            # reverse() of a namespaced name whose prefix is not empty ("en/", "admin/")
            # goes through a resolver of its own, built on first use: build each now.
            for prefix, inner in resolver.namespace_dict.values():
                if prefix:
                    converters = tuple(inner.pattern.converters.items())
                    _ = get_ns_resolver(prefix, inner, converters).reverse_dict
    compiled = 0
    for alias, names in template_names().items():
        engine = engines[alias]
        for name in names:
            try:
                engine.get_template(name)
            except Exception as error:
                error.add_note(f"in the template {name}")
                raise
            compiled += 1
    return compiled
