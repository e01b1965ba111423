from .roles import Role, has_role, is_district_staff, officer_ward


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_ward": officer_ward(user),
        "user_is_district": is_district_staff(user),
        "user_is_social_affairs": has_role(user, Role.SOCIAL_AFFAIRS) or user.is_superuser,
    }
