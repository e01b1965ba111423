"""Review reports keep their steps (who issued, when) and the history of their drafts."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def record_past_issues(apps, schema_editor):
    """Reports issued before steps were recorded get their one step, as it happened."""
    ReviewReport = apps.get_model("reports", "ReviewReport")
    Step = apps.get_model("reports", "ReviewReportTransition")
    for report in ReviewReport.objects.filter(status="issued").exclude(issued_by=None).only("pk", "issued_by", "issued_at"):
        step = Step.objects.create(report=report, from_status="draft", to_status="issued", by_id=report.issued_by_id)
        Step.objects.filter(pk=step.pk).update(at=report.issued_at)


class Migration(migrations.Migration):

    dependencies = [
        ('campaign', '0004_plan_has_one_owner'),
        ('reports', '0009_review_report_of_its_plan'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalReviewReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('kind', models.CharField(choices=[('mid_term', 'Sơ kết giữa kỳ (2023)'), ('final', 'Tổng kết (2025)')], max_length=20, verbose_name='loại báo cáo')),
                ('number', models.CharField(blank=True, help_text='Số do Văn phòng cấp, ví dụ 125/BC-UBND. Có thể để trống khi còn dự thảo; bắt buộc khi ban hành.', max_length=40, verbose_name='số báo cáo')),
                ('place', models.CharField(default='Thanh Xuân', help_text='Ghi trước ngày tháng: “Thanh Xuân, ngày … tháng … năm …”.', max_length=60, verbose_name='địa danh')),
                ('dated_on', models.DateField(blank=True, help_text='Ngày ký. Để trống khi còn dự thảo; bắt buộc khi ban hành. Số liệu được tính đến ngày này.', null=True, verbose_name='ngày báo cáo')),
                ('subject', models.CharField(blank=True, help_text='Để trống để dùng trích yếu mặc định theo loại báo cáo.', max_length=300, verbose_name='trích yếu')),
                ('signer_authority', models.CharField(default='TM. ỦY BAN NHÂN DÂN', help_text='Dòng đầu của khối chữ ký, ví dụ TM. ỦY BAN NHÂN DÂN.', max_length=60, verbose_name='thẩm quyền ký')),
                ('signer_deputy', models.CharField(blank=True, default='KT. CHỦ TỊCH', help_text='Ví dụ KT. CHỦ TỊCH khi Phó Chủ tịch ký thay; để trống khi Chủ tịch ký.', max_length=60, verbose_name='ký thay')),
                ('signer_title', models.CharField(default='PHÓ CHỦ TỊCH', help_text='Ví dụ PHÓ CHỦ TỊCH.', max_length=60, verbose_name='chức vụ người ký')),
                ('signer_name', models.CharField(blank=True, help_text='Bắt buộc khi ban hành.', max_length=100, verbose_name='họ tên người ký')),
                ('recipients', models.TextField(default='UBND thành phố Hà Nội;\nSở Lao động - Thương binh và Xã hội thành phố Hà Nội;\nBan Thi đua - Khen thưởng thành phố Hà Nội;\nThường trực Quận ủy, HĐND quận;\nLãnh đạo UBND quận;\nPhòng Nội vụ quận;\nUBND 11 phường;\nLưu: VT, LĐTBXH.', help_text='Mỗi nơi nhận một dòng (không cần gạch đầu dòng); dòng cuối là “Lưu: VT, LĐTBXH.”.', validators=[django.core.validators.MaxLengthValidator(3000, 'Nơi nhận quá dài (tối đa 3.000 ký tự).')], verbose_name='nơi nhận')),
                ('deployment', models.TextField(blank=True, help_text='Việc quán triệt, tuyên truyền, ban hành kế hoạch, phát động Phong trào thi đua ở quận và các phường. Mỗi đoạn một dòng.', validators=[django.core.validators.MaxLengthValidator(20000, 'Tối đa 20.000 ký tự mỗi phần.')], verbose_name='I. Công tác triển khai')),
                ('results', models.TextField(blank=True, help_text='Nhận định chung về kết quả; các bảng số liệu (hộ cận nghèo, hộ nghèo, tiêu chí thi đua, khen thưởng) được hệ thống tự lập từ số liệu đã duyệt và đặt sau phần này.', validators=[django.core.validators.MaxLengthValidator(20000, 'Tối đa 20.000 ký tự mỗi phần.')], verbose_name='II. Kết quả đạt được (nhận định)')),
                ('shortcomings', models.TextField(blank=True, help_text='Mỗi đoạn một dòng.', validators=[django.core.validators.MaxLengthValidator(20000, 'Tối đa 20.000 ký tự mỗi phần.')], verbose_name='III. Tồn tại, hạn chế và nguyên nhân')),
                ('lessons', models.TextField(blank=True, help_text='Mỗi đoạn một dòng.', validators=[django.core.validators.MaxLengthValidator(20000, 'Tối đa 20.000 ký tự mỗi phần.')], verbose_name='IV. Bài học kinh nghiệm')),
                ('directions', models.TextField(blank=True, help_text='Sơ kết: nhiệm vụ đến năm 2025. Tổng kết: nhiệm vụ giai đoạn tiếp theo.', validators=[django.core.validators.MaxLengthValidator(20000, 'Tối đa 20.000 ký tự mỗi phần.')], verbose_name='V. Phương hướng, nhiệm vụ thời gian tới')),
                ('proposals', models.TextField(blank=True, help_text='Ghi “Không” nếu không có.', validators=[django.core.validators.MaxLengthValidator(20000, 'Tối đa 20.000 ký tự mỗi phần.')], verbose_name='VI. Đề xuất, kiến nghị với Thành phố')),
                ('status', models.CharField(choices=[('draft', 'Dự thảo'), ('issued', 'Đã ban hành')], default='draft', editable=False, max_length=10, verbose_name='trạng thái')),
                ('pdf_sha256', models.CharField(blank=True, editable=False, max_length=64, verbose_name='mã SHA-256 của tệp PDF')),
                ('issued_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='ban hành lúc')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='campaign.campaign', verbose_name='kế hoạch')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('issued_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người ban hành')),
            ],
            options={
                'verbose_name': 'lịch sử báo cáo sơ kết, tổng kết',
                'verbose_name_plural': 'historical báo cáo sơ kết, tổng kết',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ReviewReportTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm')),
                ('reason', models.TextField(blank=True, verbose_name='lý do, ý kiến')),
                ('from_status', models.CharField(choices=[('draft', 'Dự thảo'), ('issued', 'Đã ban hành')], max_length=20, verbose_name='từ trạng thái')),
                ('to_status', models.CharField(choices=[('draft', 'Dự thảo'), ('issued', 'Đã ban hành')], max_length=20, verbose_name='sang trạng thái')),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='reports.reviewreport', verbose_name='báo cáo')),
            ],
            options={
                'verbose_name': 'bước xử lý báo cáo',
                'verbose_name_plural': 'các bước xử lý báo cáo',
                'ordering': ['report', 'at', 'pk'],
            },
        ),
        migrations.RunPython(record_past_issues, migrations.RunPython.noop),
    ]
