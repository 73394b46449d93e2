from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rus.contacts.models import ContactList
from rus.lib import richtext
from rus.lib.versioned import VersionedForm
from rus.newsletter.models import Block, Issue

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024


class IssueForm(VersionedForm, forms.ModelForm):
    lists = forms.ModelMultipleChoiceField(
        label=_("Send to"),
        queryset=ContactList.objects.filter(kind=ContactList.Kind.OPTIONAL),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only lists people may leave; each mail gets an unsubscribe link."),
    )

    class Meta:
        model = Issue
        fields = ["title", "intro", "lists", "contact_name", "contact_email"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["version"].required = False

    def clean_intro(self) -> str:
        return richtext.clean(self.cleaned_data["intro"])


# Which fields each kind of block has, and which of them it needs.
KIND_FIELDS: dict[str, tuple[list[str], list[str]]] = {
    Block.Kind.HEADING: (["title"], ["title"]),
    Block.Kind.TEXT: (["title", "body"], ["body"]),
    Block.Kind.LINK: (["title", "body", "url", "link_text"], ["title", "url"]),
    Block.Kind.EVENT: (
        ["title", "starts_on", "ends_on", "place", "body", "url", "link_text"],
        ["title", "starts_on"],
    ),
    Block.Kind.PUBLICATION: (["title", "body", "url", "link_text"], ["title", "url"]),
    Block.Kind.IMAGE: (["image", "alt", "body"], ["image", "alt"]),
}


class BlockForm(VersionedForm, forms.ModelForm):
    """One block; the fields shown and required depend on its kind. ``version`` is the
    issue's: any change to a block is a change to the issue."""

    class Meta:
        model = Block
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "place",
            "body",
            "url",
            "link_text",
            "image",
            "alt",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.rebind_kwargs = {"kind": kind}
        shown, required = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name != "version" and name not in shown:
                del self.fields[name]
        for name in required:
            self.fields[name].required = True
        if kind == Block.Kind.IMAGE and "body" in self.fields:
            self.fields["body"].label = _("Caption")
        if kind == Block.Kind.HEADING:
            self.fields["title"].help_text = _("A section heading, e.g. AKTUELLT.")

    def clean_body(self) -> str:
        return richtext.clean(self.cleaned_data.get("body", ""))

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        upload = self.files.get(self.add_prefix("image")) if self.files else None
        if upload is not None:
            size = upload.size or 0
            if size > IMAGE_MAX_BYTES:
                raise forms.ValidationError(
                    _("The image is %(size)s MB; at most 5 MB is accepted. Make it smaller.")
                    % {"size": round(size / 1024 / 1024, 1)}
                )
            kind = getattr(getattr(image, "image", None), "format", "") or ""
            if kind.upper() not in {"JPEG", "PNG", "GIF", "WEBP"}:
                raise forms.ValidationError(_("Use a JPEG, PNG, GIF or WebP image."))
        return image

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day is before the first."))
        return cleaned


class ScheduleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    send_at = forms.DateTimeField(
        label=_("Send at (date and time)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty and choose Send now, or give a time and choose Schedule."),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
