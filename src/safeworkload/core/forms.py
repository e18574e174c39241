from django import forms


class SignInForm(forms.Form):
    email = forms.CharField(label="Email address", max_length=150,
                            error_messages={"required": "Enter your email address"})
    password = forms.CharField(label="Password", widget=forms.PasswordInput,
                               error_messages={"required": "Enter your password"})
