import datetime

from django.utils import formats, translation


def test_vietnamese_number_and_date_formats():
    with translation.override("vi"):
        assert formats.number_format(1000, force_grouping=True) == "1.000"
        assert formats.number_format(12.5, 1) == "12,5"
        assert formats.date_format(datetime.date(2022, 9, 29), "SHORT_DATE_FORMAT") == "29/09/2022"
        assert formats.date_format(datetime.date(2022, 9, 29)) == "29/09/2022"
