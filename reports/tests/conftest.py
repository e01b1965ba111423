import pytest

# Several districts and cities: Thanh Xuân (the plan's own 11 wards) and Đống Đa in Hà Nội, and
# Hồng Bàng in Hải Phòng, each of the others with a few wards of their own.


@pytest.fixture
def dong_da(plan):
    from reports.tests.factories import add_district

    return add_district(plan, code="006", name="Đống Đa", wards=3)


@pytest.fixture
def hai_phong(plan):
    from units.models import Province

    return Province.objects.create(code="31", name="Thành phố Hải Phòng")


@pytest.fixture
def hong_bang(plan, hai_phong):
    from reports.tests.factories import add_district

    return add_district(plan, code="303", name="Hồng Bàng", wards=2, province=hai_phong)


@pytest.fixture
def make_city_staff(make_user):
    """A user of Sở LĐ-TB&XH posted to `province`."""
    from units.access import Role

    def make(username, province):
        return make_user(username, Role.CITY_SOCIAL_AFFAIRS, province=province)

    return make


@pytest.fixture
def city_staff(make_city_staff, plan):
    from units.models import Province

    return make_city_staff("so-ldtbxh", Province.objects.get(code="01"))


@pytest.fixture
def other_city_staff(make_city_staff, hai_phong):
    return make_city_staff("so-ldtbxh-hai-phong", hai_phong)


@pytest.fixture
def dong_da_staff(make_user, dong_da):
    from units.access import Role

    return make_user("ldtbxh-dong-da", Role.SOCIAL_AFFAIRS, district=dong_da)


@pytest.fixture
def unposted_staff(make_user, plan):
    """LĐ-TB&XH whose posting has not been recorded yet."""
    from units.access import Role

    user = make_user("ldtbxh-moi", Role.SOCIAL_AFFAIRS)
    user.postings.all().delete()
    return user


@pytest.fixture
def superuser(make_user, plan):
    return make_user("quantri", is_superuser=True)
