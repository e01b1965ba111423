"""The ward page's to-do box: the ward's own officer's, with the reason of a return."""

from django.urls import reverse

from wards.models import CountTransition, YearlyCount

Status = YearlyCount.Status


def returned(make_count, ward, by):
    count = make_count(ward, 2022, status=Status.RETURNED)
    CountTransition.objects.create(count=count, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=by)
    CountTransition.objects.create(count=count, from_status=Status.SUBMITTED, to_status=Status.RETURNED, by=by,
                                   reason="Thiếu số hộ thoát cận nghèo")
    return count


def test_officer_reads_the_return_reason_and_a_true_status(client, officer, social_affairs, make_count, khuong_dinh):
    returned(make_count, khuong_dinh, social_affairs)
    client.force_login(officer)
    page = client.get(reverse("reports:ward", args=[khuong_dinh.key])).content.decode()
    assert "Việc cần làm" in page
    assert "Lý do: <strong>Thiếu số hộ thoát cận nghèo</strong>" in page and "bởi ldtbxh" in page
    assert "Bị trả lại, chờ phường sửa" in page
    assert "Chưa đến hạn — số liệu bị trả lại" not in page


def test_city_and_district_users_do_not_see_the_wards_to_do_box(client, social_affairs, city_staff, make_count,
                                                                 khuong_dinh):
    returned(make_count, khuong_dinh, social_affairs)
    for user in (city_staff, social_affairs):
        client.force_login(user)
        page = client.get(reverse("reports:ward", args=[khuong_dinh.key])).content.decode()
        assert "Việc cần làm" not in page and "Thiếu số hộ thoát cận nghèo" not in page
        assert "Bị trả lại, chờ phường sửa" in page
