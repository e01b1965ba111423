import datetime

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0015_nominee_key_normalised'),
        ('campaign', '0005_plan_of_a_ward'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='awardform',
            name='award_form_has_an_occasion',
        ),
        migrations.AddField(
            model_name='awardform',
            name='for_mid_term',
            field=models.BooleanField(default=False, verbose_name='xét khi sơ kết giữa kỳ'),
        ),
        migrations.AddField(
            model_name='awardform',
            name='valid_from',
            field=models.DateField(blank=True, help_text='Để trống nếu áp dụng từ khi có kế hoạch.', null=True, verbose_name='áp dụng từ ngày'),
        ),
        migrations.AddField(
            model_name='awardform',
            name='valid_to',
            field=models.DateField(blank=True, help_text='Ví dụ: Giấy khen của Chủ tịch UBND quận đến 30/06/2025 (từ 01/07/2025 không còn cấp huyện).', null=True, verbose_name='áp dụng đến hết ngày'),
        ),
        migrations.AlterField(
            model_name='awardform',
            name='for_final',
            field=models.BooleanField(default=False, verbose_name='xét khi tổng kết'),
        ),
        migrations.AlterField(
            model_name='historicalnomination',
            name='occasion',
            field=models.CharField(choices=[('yearly', 'Khen thưởng hằng năm'), ('mid_term', 'Sơ kết giữa kỳ Phong trào thi đua'), ('final', 'Tổng kết Phong trào thi đua'), ('sudden', 'Thành tích đột xuất')], max_length=20, verbose_name='dịp khen thưởng'),
        ),
        migrations.AlterField(
            model_name='nomination',
            name='occasion',
            field=models.CharField(choices=[('yearly', 'Khen thưởng hằng năm'), ('mid_term', 'Sơ kết giữa kỳ Phong trào thi đua'), ('final', 'Tổng kết Phong trào thi đua'), ('sudden', 'Thành tích đột xuất')], max_length=20, verbose_name='dịp khen thưởng'),
        ),
        migrations.AddConstraint(
            model_name='awardform',
            constraint=models.CheckConstraint(condition=models.Q(('for_yearly', True), ('for_mid_term', True), ('for_final', True), ('for_sudden', True), _connector='OR'), name='award_form_has_an_occasion', violation_error_message='Hình thức khen thưởng phải được xét vào ít nhất một dịp.'),
        ),
    ]


DISTRICTS_END = datetime.date(2025, 6, 30)


def forwards(apps, schema_editor):
    """Forms a district decides end with the district level (30/6/2025); the forms the plan's own
    units decide are also given at its mid-term review (plan 255, mục VI.2: "khen thưởng theo thẩm
    quyền"), where the plan has one."""
    AwardForm = apps.get_model("awards", "AwardForm")
    Milestone = apps.get_model("campaign", "Milestone")
    AwardForm.objects.filter(decided_by="district", valid_to__isnull=True).update(valid_to=DISTRICTS_END)
    with_mid_term = Milestone.objects.filter(kind="mid_term").values("campaign")
    AwardForm.objects.filter(decided_by__in=["district", "ward"], campaign__in=with_mid_term).update(for_mid_term=True)


Migration.operations.append(migrations.RunPython(forwards, migrations.RunPython.noop))
