"""Demo awards: criteria assessments for 2022–2023 and nominations at each step of the workflow,
each with a small dossier; safe to run again. Rows are written in the state the workflow would
have left them, with their history, so no email is sent; files still pass the upload checks.
"""

import datetime
import io
import zipfile
from xml.sax.saxutils import escape

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from awards.models import (
    AssessmentResult, AwardForm, CriterionAssessment, Nomination, NominationDocument, NominationTransition,
    nominee_key,
)
from awards.uploads import check_upload
from campaign.models import ActorType, Campaign, Criterion
from units.access import Role
from units.models import Ward
from wards.models import Baseline, YearlyCount

Status = Nomination.Status
Kind = NominationDocument.Kind

# ward, nominee, proposed by the ward (else LĐ-TB&XH), form, occasion, year, final status, documents
DEMO_NOMINATIONS = [
    {
        "ward": "Khương Đình", "by_ward": True, "form": "giay-khen-quan", "occasion": "yearly", "year": 2023,
        "kind": "collective", "name": "Tổ dân phố số 5", "actor": ActorType.RESIDENTIAL_GROUP,
        "achievements": "Vận động, hỗ trợ vốn và kinh nghiệm làm ăn cho 3 hộ cận nghèo; cả 3 hộ thoát cận nghèo "
                        "năm 2023 và không tái cận nghèo. Huy động 45 triệu đồng từ Nhân dân cho quỹ Vì người nghèo.",
        "status": Status.AWARDED, "decision": ("215/QĐ-UBND", datetime.date(2024, 3, 15)),
        "docs": [(Kind.SUBMISSION_LETTER, "pdf"), (Kind.ACHIEVEMENT_REPORT, "docx"), (Kind.MEETING_MINUTES, "pdf")],
    },
    {
        "ward": "Thanh Xuân Bắc", "by_ward": False, "form": "co-thi-dua-thanh-pho", "occasion": "final",
        "year": 2025, "kind": "collective", "name": "UBND phường Thanh Xuân Bắc", "actor": ActorType.WARD,
        "achievements": "Giảm 6/6 hộ cận nghèo trong 3 năm 2022–2024, về đích sớm một năm so với kế hoạch; "
                        "không có hộ nghèo, không tái nghèo, không phát sinh hộ nghèo mới.",
        "status": Status.FORWARDED,
        "docs": [(Kind.SUBMISSION_LETTER, "pdf"), (Kind.ACHIEVEMENT_REPORT, "docx"), (Kind.OTHER, "xlsx")],
    },
    {
        "ward": "Nhân Chính", "by_ward": True, "form": "bang-khen-thanh-pho", "occasion": "yearly", "year": 2024,
        "kind": "individual", "name": "Bà Nguyễn Thị Mai", "position": "Công chức Văn hóa – Xã hội phường",
        "actor": ActorType.OFFICIAL,
        "achievements": "Bám sát địa bàn, rà soát từng hộ cận nghèo; tham mưu UBND phường kế hoạch hỗ trợ sinh kế "
                        "cho 9 hộ, kết nối vay vốn ưu đãi cho 4 hộ.",
        "status": Status.SUBMITTED,
        "docs": [(Kind.SUBMISSION_LETTER, "pdf"), (Kind.ACHIEVEMENT_REPORT, "pdf")],
    },
    {
        "ward": "Phương Liệt", "by_ward": True, "form": "giay-khen-quan", "occasion": "yearly", "year": 2024,
        "kind": "household", "name": "Hộ ông Trần Văn Bình", "actor": ActorType.HOUSEHOLD,
        "achievements": "Vay vốn Ngân hàng Chính sách xã hội mở cơ sở sửa chữa xe máy, trả nợ đúng hạn; "
                        "thoát cận nghèo năm 2024 và nhận 2 lao động là người của hộ cận nghèo vào làm.",
        "status": Status.FORWARDED,
        "docs": [(Kind.SUBMISSION_LETTER, "pdf"), (Kind.ACHIEVEMENT_REPORT, "docx"), (Kind.OTHER, "png")],
    },
    {
        "ward": "Khương Trung", "by_ward": True, "form": "giay-khen-phuong", "occasion": "sudden", "year": 2024,
        "kind": "collective", "name": "Tổ dân phố số 2", "actor": ActorType.RESIDENTIAL_GROUP,
        "achievements": "Kịp thời quyên góp, sửa nhà cho hộ cận nghèo bị hư hỏng sau bão số 3 (tháng 9/2024).",
        "status": Status.AWARDED, "decision": ("48/QĐ-UBND", datetime.date(2024, 10, 2)),
        "docs": [(Kind.SUBMISSION_LETTER, "pdf")],
    },
    {
        "ward": None, "by_ward": False, "form": "bang-khen-thanh-pho", "occasion": "final", "year": 2025,
        "kind": "collective", "name": "Phòng giao dịch Ngân hàng Chính sách xã hội quận Thanh Xuân",
        "unit": "Quận Thanh Xuân", "actor": ActorType.ENTERPRISE,
        "achievements": "Giải ngân đúng đối tượng cho 27 lượt hộ cận nghèo và hộ mới thoát cận nghèo giai đoạn "
                        "2022–2024; không có nợ quá hạn.",
        "status": Status.APPROVED,
        "docs": [(Kind.SUBMISSION_LETTER, "pdf"), (Kind.ACHIEVEMENT_REPORT, "pdf")],
    },
    {
        "ward": "Kim Giang", "by_ward": True, "form": "giay-khen-quan", "occasion": "yearly", "year": 2024,
        "kind": "individual", "name": "Ông Đỗ Văn Hùng", "position": "Tổ trưởng tổ dân phố số 8",
        "actor": ActorType.RESIDENTIAL_GROUP,
        "achievements": "Tích cực vận động Nhân dân ủng hộ quỹ Vì người nghèo.",
        "status": Status.RETURNED, "reason": "Bổ sung số liệu cụ thể (số tiền vận động, số hộ được hỗ trợ) "
                                             "và biên bản họp xét của tổ dân phố.",
        "docs": [(Kind.SUBMISSION_LETTER, "pdf"), (Kind.ACHIEVEMENT_REPORT, "docx")],
    },
    {
        "ward": "Khương Đình", "by_ward": True, "form": "giay-khen-quan", "occasion": "yearly", "year": 2024,
        "kind": "household", "name": "Hộ bà Lê Thị Hoa", "actor": ActorType.HOUSEHOLD,
        "achievements": "Chủ động học nghề may, thoát cận nghèo năm 2024.",
        "status": Status.DRAFT,
        "docs": [(Kind.SUBMISSION_LETTER, "pdf")],
    },
]

# The path each final status took, and who took each step.
PATHS = {
    Status.DRAFT: [],
    Status.SUBMITTED: [(Status.SUBMITTED, "proposer")],
    Status.FORWARDED: [(Status.SUBMITTED, "proposer"), (Status.FORWARDED, "social")],
    Status.RETURNED: [(Status.SUBMITTED, "proposer"), (Status.FORWARDED, "social"), (Status.RETURNED, "home")],
    Status.APPROVED: [(Status.SUBMITTED, "proposer"), (Status.FORWARDED, "social"), (Status.APPROVED, "home")],
    Status.AWARDED: [
        (Status.SUBMITTED, "proposer"), (Status.FORWARDED, "social"), (Status.APPROVED, "home"),
        (Status.AWARDED, "home"),
    ],
}


def seed_awards_demo(campaign: Campaign) -> None:
    users = _demo_users()
    with transaction.atomic():
        _assessments(campaign, users.get("social"))
        if users.get("social") and users.get("home"):
            for spec in DEMO_NOMINATIONS:
                _nomination(campaign, spec, users)


def _demo_users() -> dict:
    User = get_user_model()

    def first(role: Role, preferred: str):
        users = User.objects.filter(groups__name=role.value, is_active=True)
        return users.filter(username=preferred).first() or users.order_by("pk").first()

    return {"social": first(Role.SOCIAL_AFFAIRS, "ldtbxh"), "home": first(Role.HOME_AFFAIRS, "noivu")}


def _officer(ward: Ward):
    return get_user_model().objects.filter(officer_postings__ward=ward, is_active=True).order_by("pk").first()


def _assessments(campaign: Campaign, assessor) -> None:
    criteria = {c.order: c for c in Criterion.objects.filter(campaign=campaign, actor_type=ActorType.WARD)}
    approved = {
        (c.ward_id, c.year): c
        for c in YearlyCount.objects.filter(campaign=campaign, status=YearlyCount.Status.APPROVED)
    }
    targets = {(t.ward_id, t.year): t.reduction for t in campaign.targets.all()}
    for baseline in Baseline.objects.filter(campaign=campaign).select_related("ward"):
        ward = baseline.ward
        # Criteria 2–3 are for the five wards with near-poor households, 1 for the others.
        orders = (2, 3, 4, 5) if baseline.near_poor else (1, 4, 5)
        for year in (2022, 2023):
            count = approved.get((ward.pk, year))
            for order in orders:
                if order not in criteria:
                    continue
                result, note = AssessmentResult.MET, "Thực hiện tốt."
                if order == 3:
                    target = targets.get((ward.pk, year), 0)
                    if count is None:
                        result, note = AssessmentResult.NOT_MET, "Chưa có số liệu được duyệt."
                    elif count.reduction >= target:
                        note = f"Giảm {count.reduction} hộ, chỉ tiêu {target} hộ."
                    else:
                        result, note = AssessmentResult.PARTLY, f"Giảm {count.reduction}/{target} hộ theo chỉ tiêu."
                elif order == 5 and count is not None and count.near_poor_fallen_back:
                    result, note = AssessmentResult.PARTLY, f"Có {count.near_poor_fallen_back} hộ tái cận nghèo."
                CriterionAssessment.objects.get_or_create(
                    campaign=campaign, year=year, criterion=criteria[order], ward=ward, subject_name="",
                    defaults={
                        "result": result, "note": note, "assessed_by": assessor,
                        "evidence": f"Báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo năm {year} của UBND {ward}.",
                    },
                )
    others = [
        ("Khương Đình", "Tổ dân phố số 5", ActorType.RESIDENTIAL_GROUP, (1, 2, 3)),
        (None, "Phòng giao dịch Ngân hàng Chính sách xã hội quận Thanh Xuân", ActorType.ENTERPRISE, (3,)),
    ]
    for ward_name, subject, actor_type, orders in others:
        ward = Ward.objects.filter(name=ward_name).first() if ward_name else None
        for criterion in Criterion.objects.filter(campaign=campaign, actor_type=actor_type, order__in=orders):
            CriterionAssessment.objects.get_or_create(
                campaign=campaign, year=2023, criterion=criterion, ward=ward, subject_name=subject,
                defaults={"result": AssessmentResult.MET, "assessed_by": assessor, "note": "Thực hiện tốt."},
            )


def _nomination(campaign: Campaign, spec: dict, users: dict) -> None:
    ward = campaign.wards().filter(name=spec["ward"]).first() if spec["ward"] else None
    unit = spec.get("unit") or (f"Phường {ward.name}" if ward else "")
    proposer = _officer(ward) if spec["by_ward"] and ward else users["social"]
    if proposer is None:
        return
    nomination = Nomination(
        campaign=campaign, occasion=spec["occasion"], year=spec["year"],
        award_form=AwardForm.objects.get(campaign=campaign, code=spec["form"]), nominee_kind=spec["kind"], nominee_name=spec["name"],
        unit=unit, position=spec.get("position", ""), ward=ward, actor_type=spec["actor"],
        achievements=spec["achievements"], proposing_ward=ward if spec["by_ward"] else None,
        created_by=proposer,
    )
    nomination.assign_district()
    key = nominee_key(spec["name"], unit, ward.pk if ward else None, nomination.district_id,
                      ward_name=ward.name if ward else "")
    if Nomination.objects.filter(campaign=campaign, occasion=spec["occasion"], year=spec["year"], key=key).exists():
        return
    nomination.full_clean()
    nomination.save()
    for number, (kind, extension) in enumerate(spec["docs"], start=1):
        _document(nomination, kind, extension, proposer, number)

    actors = {"proposer": proposer, "social": users["social"], "home": users["home"]}
    steps = PATHS[spec["status"]]
    if nomination.award_form.is_ward_form and spec["status"] == Status.AWARDED:
        steps = [(Status.AWARDED, "proposer")]  # the ward decides its own award
    now = timezone.now()
    if spec.get("decision"):
        # An awarded nomination's steps end on the day of its decision.
        decided_on = spec["decision"][1]
        now = timezone.make_aware(datetime.datetime(decided_on.year, decided_on.month, decided_on.day, 15))
    previous = Status.DRAFT
    for index, (to, actor) in enumerate(steps):
        comment = ""
        if to == Status.RETURNED:
            comment = nomination.appraisal_comment = spec["reason"]
        elif to == Status.APPROVED:
            comment = nomination.appraisal_comment = "Đủ tiêu chuẩn, hồ sơ đầy đủ."
        elif to == Status.AWARDED:
            number, date = spec["decision"]
            decider = nomination.award_form.decider
            if nomination.award_form.is_ward_form:
                decider = f"{decider} {ward.name}"
            nomination.decision_number, nomination.decision_date, nomination.decided_by = number, date, decider
            comment = f"Quyết định số {number} ngày {date:%d/%m/%Y} của {decider}."
        transition = NominationTransition.objects.create(
            nomination=nomination, from_status=previous, to_status=to, by=actors[actor], reason=comment
        )
        # Spread the steps over past weeks so the queue shows different ages.
        days_ago = 7 * (len(steps) - 1 - index) + 3 * (DEMO_NOMINATIONS.index(spec) % 4)
        transition.at = now - datetime.timedelta(days=days_ago)
        NominationTransition.objects.filter(pk=transition.pk).update(at=transition.at)
        nomination.status_changed_at = transition.at
        previous = to
    nomination.status = previous
    nomination.save()


def _document(nomination: Nomination, kind: str, extension: str, user, number: int) -> None:
    title = f"{Kind(kind).label} — {nomination.nominee_name}"
    data = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "png": _png}[extension](title, nomination)
    name = f"{Kind(kind).label} {number}.{extension}"
    upload = ContentFile(data, name=name)
    info = check_upload(upload)
    document = NominationDocument(
        nomination=nomination, kind=kind, original_name=info.name, extension=info.extension,
        content_type=info.content_type, size=info.size, uploaded_by=user,
    )
    document.file.save(name, upload, save=False)
    document.save()


def _pdf(title: str, nomination: Nomination) -> bytes:
    from weasyprint import HTML

    html = (
        '<html><head><style>@page { size: A4; margin: 20mm 20mm 20mm 30mm } '
        'body { font-family: "Times New Roman", "Liberation Serif"; font-size: 13pt }</style></head><body>'
        f"<p><b>{escape(nomination.proposing_unit.upper())}</b></p><h1 style='font-size:14pt;text-align:center'>"
        f"{escape(title)}</h1><p>{escape(nomination.occasion_label)} — {escape(str(nomination.award_form))}</p>"
        f"<p>{escape(nomination.achievements)}</p><p><i>Tài liệu mẫu để dùng thử.</i></p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _docx(title: str, nomination: Nomination) -> bytes:
    paragraphs = [title, nomination.occasion_label, nomination.achievements, "Tài liệu mẫu để dùng thử."]
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'
        ))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ))
        archive.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
        ))
    return output.getvalue()


def _xlsx(title: str, nomination: Nomination) -> bytes:
    from openpyxl import Workbook

    from common.spreadsheets import print_layout

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(["Năm", "Hộ cận nghèo đầu năm", "Giảm", "Cuối năm"])
    for count in YearlyCount.objects.filter(campaign=nomination.campaign, ward=nomination.ward).order_by("year"):
        sheet.append([count.year, count.near_poor_start, count.reduction, count.near_poor_end])
    print_layout(sheet, title_rows=(2, 2))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _png(title: str, nomination: Nomination) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (246, 247, 249))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 310, 190), outline=(163, 20, 27), width=4)
    draw.ellipse((130, 60, 190, 120), fill=(163, 20, 27))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()
