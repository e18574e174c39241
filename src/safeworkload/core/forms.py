from django import forms
from django.http import HttpRequest, QueryDict


class SignInForm(forms.Form):
    email = forms.CharField(
        label="Email address",
        max_length=150,
        error_messages={"required": "Enter your email address"},
    )
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, even when empty, so an empty form shows its errors."""
    return request.POST if request.method == "POST" else None
