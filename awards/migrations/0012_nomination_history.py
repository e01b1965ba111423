"""Nominations keep a history of every change (fields, dossier, steps), as the yearly figures do."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0011_transition_reason'),
        ('campaign', '0004_plan_has_one_owner'),
        ('units', '0001_units_from_wards'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='nominationtransition',
            name='reason',
            field=models.TextField(blank=True, verbose_name='lý do, ý kiến'),
        ),
        migrations.CreateModel(
            name='HistoricalNomination',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('occasion', models.CharField(choices=[('yearly', 'Khen thưởng hằng năm'), ('final', 'Tổng kết Phong trào thi đua (2025)'), ('sudden', 'Thành tích đột xuất')], max_length=20, verbose_name='dịp khen thưởng')),
                ('year', models.PositiveSmallIntegerField(help_text='Năm của thành tích. Tổng kết: năm cuối của kế hoạch (2025).', verbose_name='năm')),
                ('nominee_kind', models.CharField(choices=[('collective', 'Tập thể'), ('individual', 'Cá nhân'), ('household', 'Hộ gia đình')], max_length=20, verbose_name='đối tượng')),
                ('nominee_name', models.CharField(help_text='Ví dụ: Tổ dân phố số 5; Ông Nguyễn Văn An; Hộ bà Lê Thị Hoa.', max_length=200, verbose_name='tên tập thể, cá nhân, hộ')),
                ('unit', models.CharField(blank=True, help_text='Cơ quan, đơn vị công tác hoặc nơi ở, ví dụ: Phường Khương Đình; Phòng LĐ-TB&XH quận.', max_length=200, verbose_name='đơn vị, địa chỉ')),
                ('position', models.CharField(blank=True, help_text='Với cá nhân.', max_length=200, verbose_name='chức vụ')),
                ('actor_type', models.CharField(choices=[('district', 'UBND quận và các phòng, ban'), ('ward', 'UBND phường'), ('residential_group', 'Tổ dân phố'), ('household', 'Hộ cận nghèo, hộ mới thoát cận nghèo'), ('official', 'Cán bộ, công chức, viên chức làm công tác giảm nghèo'), ('enterprise', 'Doanh nghiệp, ngân hàng, tổ chức tín dụng')], help_text='Quyết định các tiêu chí thi đua (mục IV của kế hoạch) hiển thị bên cạnh thành tích.', max_length=30, verbose_name='loại đối tượng thi đua')),
                ('achievements', models.TextField(help_text='Thành tích nổi bật trong Phong trào thi đua, có số liệu cụ thể.', verbose_name='tóm tắt thành tích')),
                ('status', models.CharField(choices=[('draft', 'Đang soạn'), ('submitted', 'Đã gửi Phòng LĐ-TB&XH'), ('forwarded', 'Chờ Phòng Nội vụ thẩm định'), ('returned', 'Bị trả lại'), ('rejected', 'Không đề nghị khen thưởng'), ('approved', 'Đã thẩm định, đồng ý'), ('sent_to_city', 'Đã trình UBND Thành phố'), ('awarded', 'Đã khen thưởng')], default='draft', max_length=20, verbose_name='trạng thái')),
                ('status_changed_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, help_text='Thời điểm của bước xử lý gần nhất: đề nghị chờ ở trạng thái hiện tại từ lúc này.', verbose_name='chuyển sang trạng thái này lúc')),
                ('appraisal_comment', models.TextField(blank=True, help_text='Ý kiến của Phòng Nội vụ khi đồng ý, trả lại hoặc không đề nghị.', verbose_name='ý kiến thẩm định')),
                ('decision_number', models.CharField(blank=True, help_text='Ví dụ: 1234/QĐ-UBND.', max_length=50, verbose_name='số quyết định')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='ngày quyết định')),
                ('decided_by', models.CharField(blank=True, help_text='Ví dụ: Chủ tịch UBND quận Thanh Xuân.', max_length=200, verbose_name='người, cơ quan quyết định')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('award_form', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.awardform', verbose_name='hình thức khen thưởng')),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='campaign.campaign', verbose_name='kế hoạch')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người tạo')),
                ('district', models.ForeignKey(blank=True, db_constraint=False, editable=False, help_text='Quận có Phòng LĐ-TB&XH, Phòng Nội vụ xử lý đề nghị: quận của phường đề nghị, hoặc quận của Phòng LĐ-TB&XH lập đề nghị. Tự xác định khi lập đề nghị.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.district', verbose_name='quận xét đề nghị')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('proposing_ward', models.ForeignKey(blank=True, db_constraint=False, help_text='Để trống khi Phòng LĐ-TB&XH quận trực tiếp đề nghị.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.ward', verbose_name='phường đề nghị')),
                ('ward', models.ForeignKey(blank=True, db_constraint=False, help_text='Phường nơi tập thể, cá nhân, hộ công tác hoặc sinh sống; để trống với đơn vị cấp quận.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='units.ward', verbose_name='phường của đối tượng')),
            ],
            options={
                'verbose_name': 'lịch sử đề nghị khen thưởng',
                'verbose_name_plural': 'historical đề nghị khen thưởng',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
