from django.utils.functional import SimpleLazyObject

from campaign.selectors import current_plan, unit_can_choose
from reports import inbox
from units.access import DISTRICT, PROVINCE, WARD, has_role, reach
from units.roles import Role


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unit = reach(user)
    return {
        "user_ward": unit.ward if unit.level == WARD else None,
        "user_is_district": unit.everything or unit.level == DISTRICT or unit.unposted,
        "user_is_social_affairs": unit.everything or has_role(user, Role.SOCIAL_AFFAIRS),
        "user_province": unit.province if unit.level == PROVINCE else None,
        "user_unit": unit.province if unit.level == PROVINCE else (unit.district or (unit.ward.parent if unit.ward else None)),
        "user_plan": current_plan(request),
        "user_can_choose_plan": unit_can_choose(request),
        # The header's "Chờ duyệt (N)": for a reviewer only, counted (one query) when shown.
        "user_reviews": unit.level == DISTRICT and (
            has_role(user, Role.SOCIAL_AFFAIRS) or has_role(user, Role.HOME_AFFAIRS)
        ),
        "user_waiting": SimpleLazyObject(
            lambda: inbox.waiting_count(user=user, campaign=current_plan(request))
        ),
    }
