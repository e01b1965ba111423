"""The confirmation step of a nomination's moves: a POST without confirmed=1 changes nothing and
says what will happen; the confirmed POST moves; refused users are refused before the step.
(The figures' and the review report's: wards/tests/test_confirm.py.)"""

from django.urls import reverse

from awards.models import Nomination


def test_submitting_a_nomination_is_confirmed_first(client, draft, officer):
    client.force_login(officer)
    submit = reverse("awards:nomination-submit", args=[draft.pk])
    page = client.post(submit).content.decode()
    assert "Xác nhận: Gửi Phòng LĐ-TB&amp;XH" in page
    assert f"Đề nghị khen thưởng {draft.nominee_name}" in page
    assert "không sửa đề nghị và hồ sơ được nữa, trừ khi đề nghị bị trả lại" in page
    assert Nomination.objects.get(pk=draft.pk).status == Nomination.Status.DRAFT
    client.post(submit, {"confirmed": "1"})
    assert Nomination.objects.get(pk=draft.pk).status == Nomination.Status.SUBMITTED


def test_the_appraisal_is_confirmed_and_refused_to_others(client, forwarded, home_affairs, social_affairs,
                                                          other_officer):
    reject = reverse("awards:nomination-reject", args=[forwarded.pk])
    for user, status in ((social_affairs, 403), (other_officer, 404)):
        client.force_login(user)
        response = client.post(reject, {"reason": "Chưa đủ tiêu chuẩn."})
        assert response.status_code == status and b"confirmed" not in response.content
    client.force_login(home_affairs)
    page = client.post(reject, {"reason": "Chưa đủ tiêu chuẩn."}).content.decode()
    assert "Xác nhận: Không đề nghị khen thưởng" in page and "Chưa đủ tiêu chuẩn." in page
    assert "không gửi lại, không sửa và không thẩm định lại được nữa" in page
    assert Nomination.objects.get(pk=forwarded.pk).status == Nomination.Status.FORWARDED
    client.post(reject, {"reason": "Chưa đủ tiêu chuẩn.", "confirmed": "1"})
    assert Nomination.objects.get(pk=forwarded.pk).status == Nomination.Status.REJECTED


def test_the_decision_is_confirmed_with_its_number_and_date(client, approved, home_affairs):
    client.force_login(home_affairs)
    decide = reverse("awards:nomination-decide", args=[approved.pk])
    page = client.post(decide, {"number": "12/QĐ-UBND", "date": "2024-03-01"}).content.decode()
    assert "Số quyết định" in page and "12/QĐ-UBND" in page and "01/03/2024" in page
    assert "kết thúc ở trạng thái “đã khen thưởng”" in page
    assert Nomination.objects.get(pk=approved.pk).status == Nomination.Status.APPROVED
