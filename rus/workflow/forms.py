from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rus.workflow.models import Comment, Reviewable


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required when returning or reopening; the organisation gets it by mail."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, item: Reviewable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from rus.workflow import services

        field = self.fields["parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services.comments(item)


class PublishConfirmForm(forms.Form):
    reason = forms.CharField(
        label=_("Why publish before the deadline?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only needed before the deadline; it is kept with the round."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked what will and will not be published"), required=True
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen the round?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Published content stays public; what needs correcting is reopened item by item "
            "and published again as a correction."
        ),
    )
