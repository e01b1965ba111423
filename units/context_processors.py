from .access import Role, city_province, has_role, is_district_staff, officer_ward, staff_district


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ward = officer_ward(user)
    district = staff_district(user)
    province = city_province(user)
    return {
        "user_ward": ward,
        "user_is_district": is_district_staff(user),
        "user_is_social_affairs": has_role(user, Role.SOCIAL_AFFAIRS) or user.is_superuser,
        "user_province": province,
        # The unit the user works for, named in the page title.
        "user_unit": province or district or (ward.district if ward else None),
    }
