"""A review names the offices of its district as on its date, from `Office`: a 2023 document keeps
the names of 2023, a renamed office shows up without a code change."""

import datetime

import pytest

from reports.documents import review_html
from reports.models import recipients_for
from reports.review import review_content
from reports.tests.review_data import review
from units.models import District, Office
from units.roles import Role

pytestmark = pytest.mark.django_db


def test_a_new_reviews_recipients_name_the_offices_of_the_day(plan):
    district = District.objects.get(code="009")
    mid_term = recipients_for(district, on=datetime.date(2023, 6, 5)).splitlines()
    final = recipients_for(district, on=datetime.date(2025, 6, 5)).splitlines()
    assert mid_term[1] == "Sở Lao động – Thương binh và Xã hội thành phố Hà Nội;"
    assert final[1] == "Sở Nông nghiệp và Môi trường thành phố Hà Nội;"
    assert mid_term[5] == final[5] == "Phòng Nội vụ quận;"
    # Without a district (a row made in code): the offices by their roles.
    assert "Cơ quan thi đua, khen thưởng của quận;" in recipients_for().splitlines()


def test_a_review_document_names_the_office_of_its_date(plan):
    # Had the district's office been renamed on 1/3/2025, the final review would say so, the mid-term not.
    Office.objects.create(
        role=Role.SOCIAL_AFFAIRS, level="district", name="Phòng Y tế và Xã hội", short_name="Phòng Y tế và Xã hội",
        valid_from=datetime.date(2025, 3, 1),
    )
    mid_term, final = review(plan, kind="mid_term"), review(plan)
    note = "các phường, đã được {} thẩm định"
    for report, office in ((mid_term, "Phòng LĐ-TB&amp;XH"), (final, "Phòng Y tế và Xã hội")):
        html = review_html(content=review_content(report=report, today=report.dated_on), for_pdf=False)
        assert note.format(office) in html
