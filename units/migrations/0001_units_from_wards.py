"""Provinces, districts, wards, ward officers and staff postings move here from the wards app.

The tables stay as they are (db_table): only Django's record of which app holds them changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("wards", "0009_ward_name_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
                        'db_table': 'wards_province',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='District',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='Mã đơn vị hành chính do Nhà nước cấp, ví dụ 009 (Thanh Xuân).', max_length=5, unique=True, verbose_name='mã quận')),
                        ('name', models.CharField(max_length=100, verbose_name='tên quận')),
                        ('province', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='units.province', verbose_name='tỉnh, thành phố')),
                    ],
                    options={
                        'verbose_name': 'quận',
                        'verbose_name_plural': 'quận',
                        'db_table': 'wards_district',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Ward',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(help_text='Mã đơn vị hành chính do Nhà nước cấp, 5 chữ số, ví dụ 00364 (Khương Đình).', max_length=5, unique=True, verbose_name='mã phường')),
                        ('name', models.CharField(max_length=100, verbose_name='tên phường')),
                        ('slug', models.SlugField(editable=False, help_text='Dùng trong tên tài khoản cán bộ phường, ví dụ khuong-dinh.', max_length=100, unique=True, verbose_name='tên không dấu')),
                        ('dissolved_on', models.DateField(blank=True, help_text='Để trống khi phường còn hoạt động.', null=True, verbose_name='ngày giải thể, sáp nhập')),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='wards', to='units.district', verbose_name='quận')),
                        ('successor', models.ForeignKey(blank=True, help_text='Phường mới tiếp nhận địa bàn sau khi sắp xếp đơn vị hành chính.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='predecessors', to='units.ward', verbose_name='đơn vị kế thừa')),
                    ],
                    options={
                        'verbose_name': 'phường',
                        'verbose_name_plural': 'phường',
                        'db_table': 'wards_ward',
                        'ordering': ['name'],
                        'permissions': [('import_ward', 'Nhập danh sách phường từ tệp'), ('export_ward', 'Xuất danh sách phường ra tệp')],
                    },
                ),
                migrations.CreateModel(
                    name='WardOfficer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.CharField(blank=True, max_length=100, verbose_name='chức vụ')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='ward_officer', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
                        ('ward', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='officers', to='units.ward', verbose_name='phường')),
                    ],
                    options={
                        'verbose_name': 'cán bộ phường',
                        'verbose_name_plural': 'cán bộ phường',
                        'db_table': 'wards_wardofficer',
                        'ordering': ['ward__name', 'user__username'],
                    },
                ),
                migrations.CreateModel(
                    name='StaffPosting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('district', models.ForeignKey(blank=True, help_text='Với Phòng LĐ-TB&XH, Phòng Nội vụ của quận.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='units.district', verbose_name='quận')),
                        ('province', models.ForeignKey(blank=True, help_text='Với Sở LĐ-TB&XH của tỉnh, thành phố.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='units.province', verbose_name='tỉnh, thành phố')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='posting', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
                    ],
                    options={
                        'verbose_name': 'đơn vị công tác',
                        'verbose_name_plural': 'đơn vị công tác của cán bộ quận, thành phố',
                        'db_table': 'wards_staffposting',
                        'ordering': ['user__username'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('district__isnull', False), ('province__isnull', True)), models.Q(('district__isnull', True), ('province__isnull', False)), _connector='OR'), name='posting_one_unit', violation_error_message='Chọn đúng một đơn vị: một quận hoặc một tỉnh, thành phố.')],
                    },
                ),
                migrations.AddIndex(
                    model_name='ward',
                    index=models.Index(fields=['name'], name='ward_name'),
                ),
                migrations.AddConstraint(
                    model_name='ward',
                    constraint=models.CheckConstraint(condition=models.Q(('successor', models.F('pk')), _negated=True), name='ward_not_own_successor', violation_error_message='Một phường không thể kế thừa chính nó.'),
                ),
            ],
            database_operations=[],
        ),
    ]
