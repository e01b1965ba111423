"""The history of a row in the admin reads as people speak: statuses by their labels, users by
their full names, never the stored codes or the usernames."""

from django.urls import reverse

from wards import services
from wards.models import CountTransition


def test_the_history_shows_status_labels_and_full_names(client, make_count, khuong_dinh, officer, social_affairs):
    officer.first_name = "Nguyễn Thị Lan"  # the full name, as officer_create stores it
    officer.save()
    social_affairs.first_name = "Trần Văn Minh"
    social_affairs.save()
    count = services.count_submit(count=make_count(khuong_dinh, 2022), user=officer)
    services.count_approve(count=count, user=social_affairs)

    client.force_login(social_affairs)
    page = client.get(reverse("admin:wards_yearlycount_history", args=[count.pk])).content.decode()
    assert "Đang nhập" in page and "Đã gửi" in page and "Đã duyệt" in page
    assert "Nguyễn Thị Lan" in page and "Trần Văn Minh" in page
    for code in ("draft", "submitted", "approved"):
        assert f"&nbsp;{code}" not in page and f"{code}\n" not in page
    for username in ("phuong-khuong-dinh", "ldtbxh"):
        assert f">{username}<" not in page and f" {username}\n" not in page
    assert "Lịch sử" in page and "Bản ghi nhớ" not in page

    moves = client.get(reverse("admin:wards_counttransition_changelist")).content.decode()
    assert CountTransition.objects.count() == 2
    assert "Nguyễn Thị Lan" in moves and "Trần Văn Minh" in moves
    assert ">phuong-khuong-dinh<" not in moves


def test_a_user_without_a_full_name_is_named_by_username(client, make_count, khuong_dinh, officer, social_affairs):
    count = services.count_submit(count=make_count(khuong_dinh, 2022), user=officer)
    client.force_login(social_affairs)
    page = client.get(reverse("admin:wards_yearlycount_history", args=[count.pk])).content.decode()
    assert "phuong-khuong-dinh" in page and "Đã gửi" in page
