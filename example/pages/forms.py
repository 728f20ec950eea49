from __future__ import annotations

from django import forms

from pages.models import Profile


class SignupForm(forms.Form):
    name = forms.CharField(max_length=50)
    email = forms.EmailField()
    age = forms.IntegerField(min_value=13, max_value=130)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ("name", "avatar")
