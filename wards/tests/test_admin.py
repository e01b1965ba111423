"""Every admin path to a ward's figures, for every role that must be refused and the one allowed.

The admin answers a hidden object with a redirect, so each refusal is judged by what the page
shows and by the database, not by the status code alone.
"""

import json

import pytest
from django.urls import reverse

from units.models import Ward
from wards import services
from wards.models import YearlyCount

ADD_URL = reverse("admin:wards_yearlycount_add")
CHANGELIST_URL = reverse("admin:wards_yearlycount_changelist")


def change_url(count):
    return reverse("admin:wards_yearlycount_change", args=[count.pk])


def form_data(count_or_ward, year=2022, **figures):
    """The POST body of the figures form; a count's stored values unless overridden."""
    if isinstance(count_or_ward, YearlyCount):
        base = {f.name: getattr(count_or_ward, f.attname) for f in YearlyCount._meta.concrete_fields}
        base = {k: "" if v is None else v for k, v in base.items()
                if k not in {"id", "status", "updated_by", "created_at", "updated_at"}}
        base["campaign"], base["ward"] = count_or_ward.campaign_id, count_or_ward.ward_id
        base["loaded_version"] = count_or_ward.version  # as the opened change page carries it
    else:
        base = {
            "campaign": count_or_ward.baselines.get().campaign_id, "ward": count_or_ward.pk,
            "year": year, "near_poor_start": count_or_ward.baselines.get().near_poor,
        }
        base.update({name: 0 for name in (
            "poor_end", "poor_new", "poor_fallen_back", "poor_escaped", "poor_out_other", "poor_in_other",
            "near_poor_escaped", "near_poor_to_poor",
            "near_poor_out_other", "near_poor_new", "near_poor_fallen_back", "near_poor_from_poor",
            "near_poor_in_other",
        )})
        base["near_poor_end"] = base["near_poor_start"]
        base["note"] = ""
    base.update(figures)
    return base


@pytest.fixture
def our_count(make_count, khuong_dinh):
    return make_count(khuong_dinh, 2022, near_poor_escaped=2)


@pytest.fixture
def their_count(make_count, nhan_chinh):
    return make_count(nhan_chinh, 2022, near_poor_escaped=3)


# --- anonymous --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [CHANGELIST_URL, ADD_URL])
def test_anonymous_is_sent_to_login(client, plan, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_cannot_post_figures(client, khuong_dinh):
    response = client.post(ADD_URL, form_data(khuong_dinh))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not YearlyCount.objects.exists()


# --- the ward's own officer -------------------------------------------------------------------

def test_officer_adds_own_wards_figures(client, officer, khuong_dinh):
    client.force_login(officer)
    response = client.post(ADD_URL, form_data(khuong_dinh, near_poor_escaped=2, near_poor_end=4))
    assert response.status_code == 302
    assert response["Location"] == reverse("wards:count", args=[khuong_dinh.code, 2022])
    count = YearlyCount.objects.get()
    assert (count.ward, count.year, count.near_poor_end, count.updated_by) == (khuong_dinh, 2022, 4, officer)


def test_add_form_is_prefilled_with_ward_year_start_and_target(client, officer, khuong_dinh):
    client.force_login(officer)
    response = client.get(ADD_URL)
    form = response.context["adminform"].form
    assert form.initial["ward"] == khuong_dinh.pk
    assert form.initial["year"] == 2022
    assert form.initial["near_poor_start"] == 6
    page = response.content.decode()
    assert "Chỉ tiêu giảm hộ cận nghèo năm 2022" in page
    assert "<strong>2 hộ</strong>" in page
    assert "lấy từ số đầu kỳ của kế hoạch 255/KH-UBND" in page


def test_next_year_starts_from_last_years_end(client, officer, our_count):
    client.force_login(officer)
    form = client.get(ADD_URL).context["adminform"].form
    assert (form.initial["year"], form.initial["near_poor_start"]) == (2023, 4)


def test_unbalanced_figures_show_the_error_and_save_nothing(client, officer, khuong_dinh):
    client.force_login(officer)
    response = client.post(ADD_URL, form_data(khuong_dinh, near_poor_escaped=2, near_poor_end=5))
    assert response.status_code == 200
    assert "Số liệu không cân đối: đầu năm 6 − giảm 2 + tăng 0 = 4" in response.content.decode()
    assert not YearlyCount.objects.exists()


def test_poor_households_are_saved_with_a_warning(client, officer, khuong_dinh):
    client.force_login(officer)
    response = client.post(ADD_URL, form_data(khuong_dinh, poor_end=1, poor_new=1), follow=True)
    assert "Lưu ý: năm 2022 có 1 hộ nghèo (mục tiêu: không có hộ nghèo)." in response.content.decode()
    assert YearlyCount.objects.get().poor_end == 1


def test_officer_changes_own_draft(client, officer, our_count):
    client.force_login(officer)
    response = client.post(change_url(our_count), form_data(our_count, near_poor_escaped=1, near_poor_end=5))
    assert response.status_code == 302
    our_count.refresh_from_db()
    assert our_count.near_poor_end == 5


def test_changelist_lists_only_own_ward(client, officer, our_count, their_count):
    client.force_login(officer)
    response = client.get(CHANGELIST_URL)
    assert list(response.context["cl"].result_list) == [our_count]
    page = response.content.decode()
    assert "Khương Đình" in page
    assert "Nhân Chính" not in page  # neither a row nor a list-filter choice


def test_list_filter_by_another_ward_shows_nothing(client, officer, our_count, their_count):
    client.force_login(officer)
    response = client.get(CHANGELIST_URL, {"ward__id__exact": their_count.ward_id})
    rows = response.context["cl"].result_list if response.status_code == 200 else []
    assert their_count not in rows


def test_officer_cannot_change_approved_figures(client, officer, make_count, khuong_dinh):
    count = make_count(khuong_dinh, 2022, status="approved", near_poor_escaped=2)
    client.force_login(officer)
    page = client.get(change_url(count)).content.decode()
    assert 'name="_save"' not in page  # shown read-only
    response = client.post(change_url(count), form_data(count, near_poor_escaped=0, near_poor_end=6))
    assert response.status_code == 403
    count.refresh_from_db()
    assert count.near_poor_end == 4


def test_officer_cannot_delete(client, officer, our_count):
    client.force_login(officer)
    url = reverse("admin:wards_yearlycount_delete", args=[our_count.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert YearlyCount.objects.filter(pk=our_count.pk).exists()


def test_autocomplete_offers_only_own_ward(client, officer, plan):
    client.force_login(officer)
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "wards", "model_name": "yearlycount", "field_name": "ward", "term": "",
    })
    assert response.status_code == 200
    names = [item["text"] for item in json.loads(response.content)["results"]]
    assert names == ["Phường Khương Đình"]


def test_ward_changelist_and_autocomplete_search_stay_in_own_ward(client, officer, plan):
    client.force_login(officer)
    response = client.get(reverse("admin:units_ward_changelist"), {"q": "Nhân"})
    assert list(response.context["cl"].result_list) == []
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": "wards", "model_name": "yearlycount", "field_name": "ward", "term": "Nhân",
    })
    assert json.loads(response.content)["results"] == []


# --- the officer of another ward --------------------------------------------------------------

def test_other_officer_does_not_see_the_change_form(client, other_officer, our_count):
    client.force_login(other_officer)
    response = client.get(change_url(our_count), follow=True)
    page = response.content.decode()
    assert "Khương Đình" not in page
    assert "không tồn tại" in page  # the admin's "may have been deleted" message


def test_other_officer_post_changes_nothing(client, other_officer, our_count):
    client.force_login(other_officer)
    client.post(change_url(our_count), form_data(our_count, near_poor_escaped=0, near_poor_end=6))
    our_count.refresh_from_db()
    assert our_count.near_poor_end == 4


def test_other_officer_cannot_add_for_another_ward(client, other_officer, khuong_dinh):
    client.force_login(other_officer)
    response = client.post(ADD_URL, form_data(khuong_dinh))  # forged ward id
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not YearlyCount.objects.exists()


def test_other_officer_history_shows_nothing(client, other_officer, our_count):
    client.force_login(other_officer)
    url = reverse("admin:wards_yearlycount_history", args=[our_count.pk])
    response = client.get(url, follow=True)
    assert "Khương Đình" not in response.content.decode()


def test_other_officer_delete_action_deletes_nothing(client, other_officer, our_count):
    client.force_login(other_officer)
    client.post(CHANGELIST_URL, {"action": "delete_selected", "_selected_action": [our_count.pk], "post": "yes"})
    assert YearlyCount.objects.filter(pk=our_count.pk).exists()


# --- the district offices ---------------------------------------------------------------------

@pytest.mark.parametrize("role", ["home_affairs", "social_affairs"])
def test_district_offices_read_but_do_not_change_figures(request, client, role, our_count, their_count):
    client.force_login(request.getfixturevalue(role))
    response = client.get(CHANGELIST_URL)
    assert set(response.context["cl"].result_list) == {our_count, their_count}
    page = client.get(change_url(our_count)).content.decode()
    assert 'name="_save"' not in page
    response = client.post(change_url(our_count), form_data(our_count, near_poor_escaped=0, near_poor_end=6))
    assert response.status_code == 403
    our_count.refresh_from_db()
    assert our_count.near_poor_end == 4


@pytest.mark.parametrize("role", ["home_affairs", "social_affairs"])
def test_district_offices_cannot_add_figures(request, client, role, khuong_dinh):
    client.force_login(request.getfixturevalue(role))
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, form_data(khuong_dinh)).status_code == 403
    assert not YearlyCount.objects.exists()


def test_home_affairs_cannot_edit_targets_but_social_affairs_can(client, home_affairs, social_affairs, khuong_dinh):
    target = khuong_dinh.targets.get(year=2022)
    url = reverse("admin:wards_reductiontarget_change", args=[target.pk])
    data = {"campaign": target.campaign_id, "ward": target.ward_id, "year": 2022, "reduction": 3}
    client.force_login(home_affairs)
    assert client.post(url, data).status_code == 403
    target.refresh_from_db()
    assert target.reduction == 2
    client.force_login(social_affairs)
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert target.reduction == 3


def test_officer_cannot_edit_targets(client, officer, khuong_dinh):
    target = khuong_dinh.targets.get(year=2022)
    client.force_login(officer)
    url = reverse("admin:wards_reductiontarget_change", args=[target.pk])
    response = client.post(url, {"campaign": target.campaign_id, "ward": target.ward_id, "year": 2022, "reduction": 0})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.reduction == 2


def test_no_role_user_sees_no_ward(client, no_role, our_count):
    client.force_login(no_role)
    assert client.get(CHANGELIST_URL).status_code == 403
    assert Ward.objects.count() == 11


@pytest.mark.parametrize("sent", [{"loaded_version": ""}, {}])
def test_a_change_without_its_loaded_version_is_taken_as_stale(client, make_count, khuong_dinh, officer, sent):
    """A blank or missing version fell back to the row's own as stored, and the guard passed."""
    from django.urls import reverse

    from wards.admin import UNKNOWN_VERSION

    count = make_count(khuong_dinh, 2022)
    client.force_login(officer)
    url = reverse("admin:wards_yearlycount_change", args=[count.pk])
    fresh = YearlyCount.objects.get(pk=count.pk)
    fresh.near_poor_escaped, fresh.near_poor_end = 1, fresh.near_poor_start - 1
    services.count_save(count=fresh, user=officer)  # someone else saves after the page was opened

    data = form_data(count, near_poor_escaped=2, near_poor_end=count.near_poor_start - 2, loaded_version=0)
    del data["loaded_version"]
    response = client.post(url, {**data, **sent})
    assert response.status_code == 200
    assert UNKNOWN_VERSION in response.content.decode()
    assert YearlyCount.objects.get(pk=count.pk).near_poor_escaped == 1


def test_a_revert_carries_the_version_stored_when_its_page_was_opened(client, make_count, khuong_dinh, officer):
    """The revert page's form holds an old version of the row; it carries the version stored now:
    reverting works, unless someone saved the row after the page was opened."""
    import re

    from django.urls import reverse


    count = make_count(khuong_dinh, 2022)
    first = count.history.order_by("history_id").first()
    fresh = YearlyCount.objects.get(pk=count.pk)
    fresh.near_poor_escaped, fresh.near_poor_end = 1, fresh.near_poor_start - 1
    services.count_save(count=fresh, user=officer)
    client.force_login(officer)
    url = reverse("admin:wards_yearlycount_simple_history", args=[count.pk, first.history_id])
    page = client.get(url).content.decode()
    carried = int(re.search(r'name="loaded_version" value="(\d+)"', page).group(1))
    assert carried == YearlyCount.objects.get(pk=count.pk).version == count.version + 1

    stale = form_data(count, loaded_version=count.version)  # the old version's own number
    assert client.post(url, stale).status_code == 200
    assert YearlyCount.objects.get(pk=count.pk).near_poor_escaped == 1
    assert client.post(url, form_data(count, loaded_version=carried)).status_code == 302
    assert YearlyCount.objects.get(pk=count.pk).near_poor_escaped == 0
