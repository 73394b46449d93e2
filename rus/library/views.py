from typing import Any

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from rus.goals.models import Goal
from rus.lib import richtext
from rus.lib.caching import public_page
from rus.library import selectors
from rus.library.models import Audience, Document, FundingSource, NewsPost


def _objectives() -> Any:
    return Goal.objects.filter(framework__code="miljomal", kind=Goal.Kind.OBJECTIVE).order_by(
        "number"
    )


def _params(request: HttpRequest, *names: str) -> dict[str, str]:
    return {n: request.GET.get(n, "").strip() for n in names}


@public_page
def documents(request: HttpRequest) -> HttpResponse:
    params = _params(request, "q", "typ", "for", "mal")
    ctx = {
        "documents": selectors.documents(params),
        "params": params,
        "kinds": Document.Kind.choices,
        "audiences": Audience.choices,
        "objectives": _objectives(),
    }
    return render(request, "library/documents.html", ctx)


@public_page
def document(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Document.objects.prefetch_related("goals"), pk=pk)
    return render(request, "library/document.html", {"document": found})


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    found = get_object_or_404(Document, pk=pk)
    if not found.file:
        raise Http404
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.file.name.rsplit("/", 1)[-1]
    )


@public_page
def good_examples(request: HttpRequest) -> HttpResponse:
    from rus.areas.models import Area

    params = _params(request, "mal", "lan")
    ctx = {
        "examples": selectors.good_examples(params),
        "params": params,
        "objectives": _objectives(),
        "counties": Area.objects.filter(level=Area.Level.COUNTY).order_by("code"),
    }
    return render(request, "library/good_examples.html", ctx)


@public_page
def funding(request: HttpRequest) -> HttpResponse:
    params = _params(request, "q", "mal", "oppen")
    ctx = {"sources": selectors.funding(params), "params": params, "objectives": _objectives()}
    return render(request, "library/funding.html", ctx)


@public_page
def funding_source(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(FundingSource.objects.prefetch_related("goals", "deadlines"), pk=pk)
    return render(request, "library/funding_source.html", {"source": found})


@public_page
def news(request: HttpRequest) -> HttpResponse:
    return render(request, "library/news.html", {"posts": selectors.news()[:50]})


@public_page
def news_post(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(selectors.news(), pk=pk)
    return render(
        request, "library/news_post.html", {"post": found, "body": richtext.clean(found.body)}
    )


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("News from RUS")
    link = "/nyheter/"
    subtitle = _("News about the regional work with Sweden's environmental objectives.")

    def items(self) -> Any:
        return selectors.news()[:30]

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        return richtext.clean(item.body)

    def item_pubdate(self, item: NewsPost) -> Any:
        return item.published_at

    def item_updateddate(self, item: NewsPost) -> Any:
        return item.published_at
