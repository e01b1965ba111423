"""The level above the district, and the unit each district or city office's user works for.

District.province_code and province_name become a Province row. Every existing user of
Phòng LĐ-TB&XH or Phòng Nội vụ is posted to the district when the database holds exactly one,
so that a running district keeps its access; the city role Sở LĐ-TB&XH is created (it reads
pages, so it holds no model permission).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


CITY_ROLE = "Sở LĐ-TB&XH"
DISTRICT_ROLES = ("Phòng LĐ-TB&XH", "Phòng Nội vụ")


def provinces_from_districts(apps, schema_editor):
    Province = apps.get_model("wards", "Province")
    District = apps.get_model("wards", "District")
    for district in District.objects.all():
        province, _ = Province.objects.get_or_create(
            code=district.province_code, defaults={"name": district.province_name}
        )
        district.province = province
        district.save(update_fields=["province"])


def grant(apps, schema_editor):
    """The city role; and the existing district staff posted to the only district, if one."""
    Group = apps.get_model("auth", "Group")
    District = apps.get_model("wards", "District")
    StaffPosting = apps.get_model("wards", "StaffPosting")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Group.objects.get_or_create(name=CITY_ROLE)
    districts = list(District.objects.all()[:2])
    if len(districts) != 1:
        return
    staff = User.objects.filter(groups__name__in=DISTRICT_ROLES, posting__isnull=True).distinct()
    StaffPosting.objects.bulk_create(StaffPosting(user=user, district=districts[0]) for user in staff)


class Migration(migrations.Migration):

    dependencies = [
        ('wards', '0007_count_version_extension_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Province',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='Mã đơn vị hành chính do Nhà nước cấp, 2 chữ số, ví dụ 01 (Hà Nội).', max_length=2, unique=True, verbose_name='mã tỉnh, thành phố')),
                ('name', models.CharField(help_text='Ví dụ: Thành phố Hà Nội.', max_length=100, verbose_name='tên tỉnh, thành phố')),
            ],
            options={
                'verbose_name': 'tỉnh, thành phố',
                'verbose_name_plural': 'tỉnh, thành phố',
                'ordering': ['code'],
            },
        ),
        migrations.AddField(
            model_name='district',
            name='province',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='wards.province', verbose_name='tỉnh, thành phố'),
        ),
        migrations.RunPython(provinces_from_districts, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='district',
            name='province_code',
        ),
        migrations.RemoveField(
            model_name='district',
            name='province_name',
        ),
        migrations.AlterField(
            model_name='district',
            name='province',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='wards.province', verbose_name='tỉnh, thành phố'),
        ),
        migrations.CreateModel(
            name='StaffPosting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('district', models.ForeignKey(blank=True, help_text='Với Phòng LĐ-TB&XH, Phòng Nội vụ của quận.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='wards.district', verbose_name='quận')),
                ('province', models.ForeignKey(blank=True, help_text='Với Sở LĐ-TB&XH của tỉnh, thành phố.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='wards.province', verbose_name='tỉnh, thành phố')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='posting', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
            ],
            options={
                'verbose_name': 'đơn vị công tác',
                'verbose_name_plural': 'đơn vị công tác của cán bộ quận, thành phố',
                'ordering': ['user__username'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('district__isnull', False), ('province__isnull', True)), models.Q(('district__isnull', True), ('province__isnull', False)), _connector='OR'), name='posting_one_unit', violation_error_message='Chọn đúng một đơn vị: một quận hoặc một tỉnh, thành phố.')],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
