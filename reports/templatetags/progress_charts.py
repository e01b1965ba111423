"""Chart tags drawing a progress selector's result: {% district_path_chart progress %} and
{% ward_remaining_chart progress %} (district_progress), {% ward_path_chart progress %} (ward_page's
progress), {% city_path_chart progress %} (city_progress).
"""

from django.template import Library
from django.utils.safestring import SafeString

from reports import charts

register = Library()


@register.simple_tag
def district_path_chart(progress: dict) -> SafeString:
    return charts.near_poor_path_chart(
        points=progress["path"], title="Hộ cận nghèo toàn quận: thực hiện so với kế hoạch",
    )


@register.simple_tag
def ward_remaining_chart(progress: dict) -> SafeString:
    return charts.ward_remaining_chart(
        rows=progress["wards"], title="Hộ cận nghèo còn lại của từng phường so với kế hoạch",
    )


@register.simple_tag
def ward_path_chart(progress: dict) -> SafeString:
    return charts.near_poor_path_chart(
        points=progress["path"], title=f"Hộ cận nghèo {progress['ward']}: thực hiện so với kế hoạch",
    )


@register.simple_tag
def city_path_chart(progress: dict) -> SafeString:
    return charts.near_poor_path_chart(
        points=progress["path"], title=f"Hộ cận nghèo {progress['province']}: thực hiện so với kế hoạch",
    )
