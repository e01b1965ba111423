"""Award fixtures: the plan's award forms, small real files of each allowed type, and nominations
at each step of the workflow (Khương Đình's residential group no. 5, proposed by its officer)."""

import datetime

import pytest


@pytest.fixture(autouse=True)
def _media(media_root):
    """Every award test writes its files under a folder of its own."""


@pytest.fixture
def draft(make_nomination, officer):
    return make_nomination(officer)


@pytest.fixture
def submitted(draft, officer):
    from awards import services

    return services.nomination_submit(nomination=draft, user=officer)


@pytest.fixture
def forwarded(submitted, social_affairs):
    from awards import services

    return services.nomination_forward(nomination=submitted, user=social_affairs)


@pytest.fixture
def approved(forwarded, home_affairs):
    from awards import services

    return services.nomination_approve(nomination=forwarded, user=home_affairs, reason="Đủ tiêu chuẩn.")


@pytest.fixture
def awarded(approved, home_affairs):
    from awards import services

    return services.nomination_record_decision(
        nomination=approved, user=home_affairs, number="1234/QĐ-UBND", date=datetime.date(2024, 3, 1)
    )


@pytest.fixture
def superuser(make_user):
    return make_user("quantri", is_superuser=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The queue's cached copies live in the process's cache: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cau_giay(plan):
    """A second district of Hà Nội, Cầu Giấy, with its own plan and two wards in it."""
    from conftest import district_plan_for
    from units.models import District, Province, Ward

    district = District.objects.create(province=Province.objects.get(code="01"), code="005", name="Cầu Giấy")
    wards = [
        Ward.objects.create(district=district, code=code, name=name)
        for code, name in (("00157", "Nghĩa Đô"), ("00166", "Dịch Vọng"))
    ]
    district_plan_for(district, wards=wards)
    return district


@pytest.fixture
def cau_giay_plan(cau_giay):
    """Cầu Giấy's own plan, answering Hà Nội's as Thanh Xuân's does."""
    from campaign.models import Campaign

    return Campaign.objects.get(owner_district=cau_giay)


@pytest.fixture
def cau_giay_forms(cau_giay_plan):
    from awards.models import AwardForm

    return {form.code: form for form in AwardForm.objects.filter(campaign=cau_giay_plan)}


@pytest.fixture
def nghia_do(cau_giay):
    from units.models import Ward

    return Ward.objects.get(code="00157")


@pytest.fixture
def cau_giay_officer(make_user, nghia_do):
    from units.access import Role

    return make_user("phuong-nghia-do", Role.WARD_OFFICER, nghia_do)


@pytest.fixture
def cau_giay_social_affairs(make_user, cau_giay):
    from units.access import Role

    return make_user("ldtbxh-cau-giay", Role.SOCIAL_AFFAIRS, district=cau_giay)


@pytest.fixture
def cau_giay_home_affairs(make_user, cau_giay):
    from units.access import Role

    return make_user("noivu-cau-giay", Role.HOME_AFFAIRS, district=cau_giay)


@pytest.fixture
def cau_giay_forwarded(make_nomination, nghia_do, cau_giay_officer, cau_giay_social_affairs):
    """Nghĩa Đô's residential group no. 7, forwarded to Cầu Giấy's Nội vụ."""
    from awards import services

    nomination = make_nomination(
        cau_giay_officer, nominee_name="Tổ dân phố số 7 Nghĩa Đô", unit="Phường Nghĩa Đô",
        ward=nghia_do, proposing_ward=nghia_do,
    )
    nomination = services.nomination_submit(nomination=nomination, user=cau_giay_officer)
    return services.nomination_forward(nomination=nomination, user=cau_giay_social_affairs)
