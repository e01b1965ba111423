"""Existing review reports belong to the district they were written for.

Before districts were many, a database held one district and every report was its own: that
district is taken. Should a database already hold several, a report is given the district whose
name is the report's place ("Thanh Xuân"); a report matching none stops the migration rather
than being filed under a guess.
"""

from django.db import migrations


def fill(apps, schema_editor):
    District = apps.get_model("wards", "District")
    ReviewReport = apps.get_model("reports", "ReviewReport")
    reports = list(ReviewReport.objects.filter(district__isnull=True))
    if not reports:
        return
    districts = list(District.objects.all())
    for report in reports:
        if len(districts) == 1:
            report.district = districts[0]
        else:
            matching = [d for d in districts if d.name == report.place]
            if len(matching) != 1:
                raise RuntimeError(
                    f"Báo cáo {report.pk} ({report.number or 'chưa có số'}): không xác định được quận của "
                    f"báo cáo (địa danh “{report.place}”). Gán quận cho báo cáo rồi chạy lại migrate."
                )
            report.district = matching[0]
        report.save(update_fields=["district"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_review_report_district"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
