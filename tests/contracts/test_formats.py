"""Dates are typed and shown day first, as Vietnamese officers write them."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import formats, translation


class _DateForm(forms.Form):
    on = forms.DateField()


def test_day_first_input_and_output():
    with translation.override("vi"):
        form = _DateForm({"on": "01/07/2026"})
        assert form.is_valid()
        assert form.cleaned_data["on"] == dt.date(2026, 7, 1)
        assert formats.date_format(dt.date(2026, 2, 5), "SHORT_DATE_FORMAT") == "05/02/2026"
