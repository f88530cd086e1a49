"""The readers' templates' helpers (articles/templating.py) against what Django's gave."""

from datetime import UTC, date, datetime

import pytest
from django.template.defaultfilters import date as django_date
from django.utils.timezone import template_localtime
from jinja2 import Undefined

from articles.templating import date as page_date

MOMENTS = [
    datetime(2024, 2, 29, 19, 30, 5, 123456, tzinfo=UTC),  # past midnight in Karachi
    datetime(2023, 12, 31, 23, 59, tzinfo=UTC),
    date(2024, 3, 5),
]


FORMATS = ["c", "l j F Y", "j F Y, H:i", "j M Y", "F Y", "Y", "DATE_FORMAT", None]


@pytest.mark.parametrize(
    ("moment", "format_string"),
    [
        (moment, format_string)
        for moment in MOMENTS
        for format_string in FORMATS
        if isinstance(moment, datetime) or format_string != "j F Y, H:i"  # no hours in a day
    ],
)
def test_dates_read_as_django_writes_them_in_the_newsroom_zone(moment, format_string):
    expected = django_date(template_localtime(moment), format_string)
    assert page_date(moment, format_string) == expected
    assert expected  # every case here prints something


def test_a_missing_date_or_no_date_prints_nothing_as_in_django():
    assert page_date(None, "c") == page_date("", "j F Y") == ""
    assert page_date("not a date", "j F Y") == django_date("not a date", "j F Y") == ""
    assert page_date(Undefined(), "j F Y") == ""
