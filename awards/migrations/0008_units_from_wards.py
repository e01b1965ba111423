"""The units the awards refer to now live in the units app (no change to the tables)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0007_fill_nomination_district'),
        ('units', '0001_units_from_wards'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='criterionassessment',
                    name='ward',
                    field=models.ForeignKey(blank=True, help_text='Bắt buộc với tiêu chí của UBND phường; với tổ dân phố, hộ gia đình: phường nơi họ ở.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='units.ward', verbose_name='phường'),
                ),
                migrations.AlterField(
                    model_name='nomination',
                    name='district',
                    field=models.ForeignKey(blank=True, db_index=False, editable=False, help_text='Quận có Phòng LĐ-TB&XH, Phòng Nội vụ xử lý đề nghị: quận của phường đề nghị, hoặc quận của Phòng LĐ-TB&XH lập đề nghị. Tự xác định khi lập đề nghị.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='nominations', to='units.district', verbose_name='quận xét đề nghị'),
                ),
                migrations.AlterField(
                    model_name='nomination',
                    name='proposing_ward',
                    field=models.ForeignKey(blank=True, db_index=False, help_text='Để trống khi Phòng LĐ-TB&XH quận trực tiếp đề nghị.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposed_nominations', to='units.ward', verbose_name='phường đề nghị'),
                ),
                migrations.AlterField(
                    model_name='nomination',
                    name='ward',
                    field=models.ForeignKey(blank=True, help_text='Phường nơi tập thể, cá nhân, hộ công tác hoặc sinh sống; để trống với đơn vị cấp quận.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='nominations', to='units.ward', verbose_name='phường của đối tượng'),
                ),
            ],
            database_operations=[],
        ),
    ]
