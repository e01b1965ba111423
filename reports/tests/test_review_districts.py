"""Review reports per district: each covers its own district's wards, assessments and awards, and
the register and every review URL are scoped to the user's district (city staff read their
city's, nobody else's).

Named users: LĐ-TB&XH of Thanh Xuân (ours) and of Đống Đa, Thanh Xuân's Nội vụ and ward officer,
Sở LĐ-TB&XH of Hà Nội and of Hải Phòng.
"""

import datetime
import hashlib
from unittest import mock

import pytest
from django.urls import reverse

from awards.models import AssessmentResult, Occasion
from reports.models import ReviewReport
from reports.review import review_content
from reports.services import review_report_issue
from reports.tests.review_data import approve_years, assess, award, plan_of, review
from units.models import Ward

PDF = b"%PDF-1.4 stand-in\n"
ISSUE_DAY = datetime.date(2025, 6, 11)


@pytest.fixture
def two_reports(plan, dong_da, social_affairs, dong_da_staff, award_forms):
    """The final reports of Thanh Xuân and of Đống Đa, with an assessment and an award each."""
    approve_years(plan, [2022], district_code="009")
    khuong_dinh, dong_da_ward = Ward.objects.get(code="00364"), Ward.objects.get(code="06001")
    assess(plan, 2023, khuong_dinh)
    assess(plan, 2023, dong_da_ward, result=AssessmentResult.NOT_MET)
    award(plan, social_affairs, form_code="co-thi-dua-thanh-pho", occasion=Occasion.FINAL, year=2025, name="UBND phường Khương Đình",
          ward=khuong_dinh, number="2150/QĐ-UBND", on=datetime.date(2025, 5, 30))
    award(plan, dong_da_staff, form_code="co-thi-dua-thanh-pho", occasion=Occasion.FINAL, year=2025,
          name="UBND phường Đống Đa 001", ward=dong_da_ward, number="2151/QĐ-UBND", on=datetime.date(2025, 5, 30))
    return {"009": review(plan), "006": review(plan, district=dong_da, number="41/BC-UBND", place="Đống Đa")}


def test_each_district_reports_on_its_own_wards_and_awards(two_reports, award_forms):
    ours = review_content(report=two_reports["009"], today=ISSUE_DAY)
    theirs = review_content(report=two_reports["006"], today=ISSUE_DAY)
    assert ours["progress"]["ward_count"] == 11 and ours["progress"]["baseline"] == 32
    assert theirs["progress"]["ward_count"] == 3 and theirs["progress"]["baseline"] == 12
    assert {row["ward"].name for row in theirs["annex"]["rows"]} == {"Đống Đa 000", "Đống Đa 001", "Đống Đa 002"}
    assert not {row["ward"].name for row in ours["annex"]["rows"]} & {"Đống Đa 000", "Đống Đa 001"}
    assert [n.nominee_name for n in ours["awards"]] == ["UBND phường Khương Đình"]
    assert [n.nominee_name for n in theirs["awards"]] == ["UBND phường Đống Đa 001"]
    assert [(a["met"], a["not_met"]) for a in ours["assessments"]] == [(1, 0)]
    assert [(a["met"], a["not_met"]) for a in theirs["assessments"]] == [(0, 1)]


def test_the_document_speaks_for_its_district(client, two_reports, dong_da_staff, award_forms):
    client.force_login(dong_da_staff)
    page = client.get(reverse("reports:review-preview", args=[two_reports["006"].pk])).content.decode()
    assert "QUẬN ĐỐNG ĐA" in page and "UBND quận Đống Đa báo cáo kết quả" in page
    assert "QUẬN THANH XUÂN" not in page and "Khương Đình" not in page
    assert "Đống Đa, ngày 05 tháng 6 năm 2025" in page


def test_a_report_of_each_kind_per_district(plan, dong_da, two_reports):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Kế hoạch đã có báo cáo loại này"):
        review(plan, district=dong_da)


@pytest.mark.parametrize("who,listed", [
    ("social_affairs", ["86/BC-UBND"]),
    ("home_affairs", ["86/BC-UBND"]),
    ("officer", ["86/BC-UBND"]),
    ("dong_da_staff", ["41/BC-UBND"]),
    ("city_staff", ["86/BC-UBND", "41/BC-UBND"]),
    ("other_city_staff", []),
])
def test_the_register_lists_the_users_district(request, client, two_reports, who, listed):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("reports:review-list")).content.decode()
    for number in ("86/BC-UBND", "41/BC-UBND"):
        assert (number in page) == (number in listed)


READ_URLS = ["review-detail", "review-preview", "review-pdf", "review-xlsx"]


@pytest.mark.parametrize("name", READ_URLS)
@pytest.mark.parametrize("who,ours,theirs", [
    ("social_affairs", 200, 404),
    ("officer", 200, 404),
    ("dong_da_staff", 404, 200),
    ("city_staff", 200, 200),
    ("other_city_staff", 404, 404),
])
def test_every_review_url_is_scoped(request, client, two_reports, award_forms, name, who, ours, theirs):
    with mock.patch("reports.documents.html_to_pdf", return_value=PDF):
        # A draft's PDF is made by its drafters; its readers get that copy.
        for code, drafter in (("009", "social_affairs"), ("006", "dong_da_staff")):
            client.force_login(request.getfixturevalue(drafter))
            assert client.get(reverse("reports:review-pdf", args=[two_reports[code].pk])).status_code == 200
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse(f"reports:{name}", args=[two_reports["009"].pk])).status_code == ours
        assert client.get(reverse(f"reports:{name}", args=[two_reports["006"].pk])).status_code == theirs


def test_issuing_another_districts_report_is_404_and_changes_nothing(client, two_reports, social_affairs):
    client.force_login(social_affairs)
    theirs = two_reports["006"]
    assert client.post(reverse("reports:review-issue", args=[theirs.pk])).status_code == 404
    assert ReviewReport.objects.get(pk=theirs.pk).status == ReviewReport.Status.DRAFT


def test_city_staff_read_but_do_not_issue(client, two_reports, city_staff):
    client.force_login(city_staff)
    ours = two_reports["009"]
    assert client.post(reverse("reports:review-issue", args=[ours.pk])).status_code == 403
    assert ReviewReport.objects.get(pk=ours.pk).status == ReviewReport.Status.DRAFT
    detail = client.get(reverse("reports:review-detail", args=[ours.pk])).content.decode()
    assert "UBND quận Thanh Xuân" in detail and "Ban hành báo cáo" not in detail


def test_district_staff_draft_for_their_own_district_in_the_admin(client, plan, dong_da_staff, dong_da):
    client.force_login(dong_da_staff)
    add = reverse("admin:reports_reviewreport_add")
    form = client.get(add).content.decode()
    own = plan_of(dong_da, plan)
    # Their own plan is the only one offered, and chosen already.
    assert f'<option value="{own.pk}" selected>' in form and f'<option value="{plan.pk}"' not in form
    data = {
        "campaign": own.pk, "kind": "mid_term", "number": "12/BC-UBND", "place": "Đống Đa",
        "dated_on": "05/06/2023", "subject": "", "recipients": "UBND thành phố Hà Nội;\nLưu: VT, LĐTBXH.",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_deputy": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn An",
        **{name: "Nội dung." for name in ReviewReport.NARRATIVE_FIELDS}, "_save": "Lưu",
    }
    # Another district's plan is not theirs to choose.
    refused = client.post(add, {**data, "campaign": plan.pk})
    assert refused.status_code == 200 and not ReviewReport.objects.filter(number="12/BC-UBND").exists()
    assert client.post(add, data).status_code == 302
    assert ReviewReport.objects.get(number="12/BC-UBND").district == dong_da
    again = client.post(add, data)
    assert "Kế hoạch đã có báo cáo loại này" in again.content.decode()


def test_the_admin_lists_the_users_district(client, two_reports, social_affairs):
    client.force_login(social_affairs)
    page = client.get(reverse("admin:reports_reviewreport_changelist")).content.decode()
    assert "86/BC-UBND" in page and "41/BC-UBND" not in page
    theirs = reverse("admin:reports_reviewreport_change", args=[two_reports["006"].pk])
    assert client.get(theirs).status_code == 302  # the admin's "does not exist" redirect


# --- the issued PDF: its checksum as its ETag ------------------------------------------------------

@pytest.fixture
def issued(plan, social_affairs):
    approve_years(plan, [2022, 2023])
    with mock.patch("reports.documents.html_to_pdf", return_value=PDF):
        return review_report_issue(report=review(plan), user=social_affairs, today=ISSUE_DAY)


def test_the_issued_pdf_carries_its_checksum(client, issued, home_affairs):
    client.force_login(home_affairs)
    url = reverse("reports:review-pdf", args=[issued.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["ETag"] == f'"{hashlib.sha256(PDF).hexdigest()}"' == f'"{issued.pdf_sha256}"'
    assert "no-store" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"0000"').status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 304


def test_a_draft_has_no_etag(client, plan, social_affairs):
    approve_years(plan, [2022])
    draft = review(plan)
    client.force_login(social_affairs)
    with mock.patch("reports.documents.html_to_pdf", return_value=PDF):
        response = client.get(reverse("reports:review-pdf", args=[draft.pk]), HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 200 and not response.has_header("ETag")


def test_another_district_gets_no_304_either(client, issued, dong_da_staff):
    client.force_login(dong_da_staff)
    url = reverse("reports:review-pdf", args=[issued.pk])
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"{issued.pdf_sha256}"').status_code == 404
