"""Writes to nominations, their dossiers and criteria assessments. Pages, admin and demo call these.

District and city forms: draft → submitted (by the proposer: a ward's officer, or LĐ-TB&XH) →
forwarded (by LĐ-TB&XH to Nội vụ) → approved, or returned to the proposer (by Nội vụ, or LĐ-TB&XH
before forwarding) or rejected, with a reason → awarded once Nội vụ records the district's decision,
or, for a city form, sends it to the city and records the city's. A ward's own form is decided by
the ward from the draft, never sent up. Awarded and rejected nominations are final.
"""

import datetime
import logging
from dataclasses import asdict, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from campaign.models import Campaign, plan_editable
from common import workflow
from common.workflow import DANGER, SECONDARY, Action, Field, Move
from units.access import DISTRICT, WARD, has_role, office_of, officers_of, reach
from units.models import Ward
from units.offices import office_name, offices_for
from units.roles import Role

from .models import AwardForm, CriterionAssessment, Nomination, NominationDocument, PendingDocument
from .uploads import ALLOWED_EXTENSIONS, CheckedUpload, check_upload

logger = logging.getLogger(__name__)
Status = Nomination.Status
Kind = NominationDocument.Kind
MAX_DOCUMENTS = 20
SUBJECT = "[Thi đua vì người nghèo]"


def is_proposer(user, nomination: Nomination) -> bool:
    """The unit that proposes, while its posting runs: the ward's own officer, or the social
    affairs office of the nomination's district."""
    unit = reach(user)
    if unit.everything:
        return True
    if not unit.writes:
        return False
    if nomination.proposing_ward_id:
        return unit.level == WARD and unit.ward.pk == nomination.proposing_ward_id
    return (
        unit.level == DISTRICT and has_role(user, Role.SOCIAL_AFFAIRS)
        and nomination.district_id == unit.district.pk
    )


def can_forward(user) -> bool:
    return user.has_perm("awards.forward_nomination")


def can_appraise(user) -> bool:
    return user.has_perm("awards.appraise_nomination")


def _check_proposer(user, nomination: Nomination) -> None:
    if not is_proposer(user, nomination):
        raise PermissionDenied(
            f"Chỉ {nomination.proposing_unit} (đơn vị đề nghị) được soạn, sửa và gửi đề nghị này."
        )


def _offices(nomination: Nomination | None):
    """The offices that handle `nomination` today, as its messages name them."""
    return offices_for(nomination.office_unit if nomination is not None else None)


def _check_forwarder(user, nomination=None) -> None:
    if not can_forward(user):
        offices = _offices(nomination)
        raise PermissionDenied(f"Chỉ {offices.social} được tổng hợp và chuyển đề nghị sang {offices.home}.")


def _check_appraiser(user, nomination=None) -> None:
    if not can_appraise(user):
        raise PermissionDenied(f"Chỉ {_offices(nomination).home} được thẩm định và ghi quyết định khen thưởng.")


def _not_ward_form(nomination) -> bool:
    return not nomination.award_form.is_ward_form


DECISION_FIELDS = (
    Field("number", "Số quyết định", placeholder="Ví dụ: 1234/QĐ-UBND"),
    Field("date", "Ngày quyết định", type="date"),
)
# A label names an office by its role ({social}, {home}, {city}): nomination_actions fills in the
# offices that handle the nomination; a confirmation text also names the proposer ({proposer}).
DECIDED = ("Quyết định khen thưởng sẽ được ghi và đề nghị kết thúc ở trạng thái “đã khen thưởng”: số và ngày "
           "quyết định không sửa được nữa. {proposer} và {social} được báo qua thư điện tử.")
SUBMIT = Move("submit", Nomination.EDITABLE_STATUSES, Status.SUBMITTED, "Gửi {social}",
              check=_check_proposer, when=_not_ward_form,
              confirm="Đề nghị cùng hồ sơ đã tải lên sẽ được gửi tới {social} tổng hợp. Từ lúc gửi, {proposer} "
                      "không sửa đề nghị và hồ sơ được nữa, trừ khi đề nghị bị trả lại.")
FORWARD = Move("forward", (Status.SUBMITTED,), Status.FORWARDED, "Chuyển {home} thẩm định",
               check=_check_forwarder, reason="Ý kiến tổng hợp (nếu có)",
               confirm="Đề nghị sẽ được chuyển sang {home} thẩm định; từ đó chỉ {home} trả lại hoặc quyết định "
                       "được. {home} được báo qua thư điện tử.")
RETURN_BEFORE_APPRAISAL = Move(
    "return", (Status.SUBMITTED,), Status.RETURNED, "Trả lại đơn vị đề nghị", style=SECONDARY,
    check=_check_forwarder, reason="Lý do trả lại", reason_required=True,
    confirm="Đề nghị sẽ được trả lại cho {proposer} bổ sung, sửa rồi gửi lại; {proposer} được báo qua thư điện "
            "tử, kèm lý do trả lại.",
)
APPROVE = Move("approve", (Status.FORWARDED,), Status.APPROVED, "Đồng ý đề nghị khen thưởng",
               check=_check_appraiser, reason="Ý kiến thẩm định (nếu có)",
               confirm="Kết quả thẩm định “đồng ý” sẽ được ghi; đề nghị không trả lại được nữa, bước tiếp theo là "
                       "{next_step}. {proposer} và {social} được báo qua thư điện tử.")
RETURN_IN_APPRAISAL = Move(
    "return", (Status.FORWARDED,), Status.RETURNED, "Trả lại đơn vị đề nghị", style=SECONDARY,
    check=_check_appraiser, reason="Lý do trả lại để bổ sung", reason_required=True,
    confirm="Đề nghị sẽ được trả lại cho {proposer} bổ sung, sửa rồi gửi lại; {proposer} được báo qua thư điện "
            "tử, kèm lý do trả lại.",
)
REJECT = Move("reject", (Status.FORWARDED,), Status.REJECTED, "Không đề nghị khen thưởng", style=DANGER,
              check=_check_appraiser, reason="Lý do không đề nghị khen thưởng", reason_required=True,
              confirm="Đề nghị sẽ kết thúc với kết quả “không đề nghị khen thưởng”: không gửi lại, không sửa và "
                      "không thẩm định lại được nữa. {proposer} và {social} được báo qua thư điện tử, kèm lý do.")
SEND_TO_CITY = Move("send-to-city", (Status.APPROVED,), Status.SENT_TO_CITY, "Ghi đã trình UBND Thành phố",
                    check=_check_appraiser, when=lambda n: n.award_form.is_city_form,
                    confirm="Đề nghị sẽ được ghi là đã trình UBND Thành phố; bước còn lại là ghi quyết định của "
                            "Thành phố khi có.")
DECIDE_DISTRICT = Move(
    "decide", (Status.APPROVED,), Status.AWARDED, "Ghi quyết định khen thưởng của UBND quận",
    check=_check_appraiser, fields=DECISION_FIELDS,
    when=lambda n: not (n.award_form.is_city_form or n.award_form.is_ward_form),
    confirm=DECIDED,
)
DECIDE_CITY = Move("decide", (Status.SENT_TO_CITY,), Status.AWARDED, "Ghi quyết định khen thưởng của Thành phố",
                   check=_check_appraiser, fields=DECISION_FIELDS, when=lambda n: n.award_form.is_city_form,
                   confirm=DECIDED)
DECIDE_WARD = Move("decide", (Status.DRAFT,), Status.AWARDED, "Ghi quyết định khen thưởng của phường",
                   check=_check_proposer, fields=DECISION_FIELDS, when=lambda n: n.award_form.is_ward_form,
                   confirm="Quyết định khen thưởng của phường sẽ được ghi và đề nghị kết thúc ở trạng thái “đã khen "
                           "thưởng”: số và ngày quyết định không sửa được nữa.")
MOVES = (SUBMIT, FORWARD, APPROVE, SEND_TO_CITY, DECIDE_DISTRICT, DECIDE_CITY, DECIDE_WARD,
         RETURN_BEFORE_APPRAISAL, RETURN_IN_APPRAISAL, REJECT)


def nomination_actions(*, nomination: Nomination, user) -> list[Action]:
    offered = workflow.actions(
        MOVES, user=user, obj=nomination,
        url=lambda name: reverse(f"awards:nomination-{name}", args=[nomination.pk]),
    )
    names = asdict(_offices(nomination))
    offered = [replace(action, label=action.label.format(**names)) for action in offered]
    if may_edit(user, nomination):
        offered.insert(0, Action("edit", "Sửa đề nghị", reverse("awards:nomination-edit", args=[nomination.pk]),
                                 style=SECONDARY, method="get"))
    return offered


def _next_step(nomination: Nomination) -> str:
    """What follows Nội vụ's approval."""
    return "trình UBND Thành phố" if nomination.award_form.is_city_form else "trình Chủ tịch UBND quận quyết định"


def nomination_confirmation(*, nomination: Nomination, user, move: str, values) -> workflow.Confirmation | None:
    """What the page confirming `move` on `nomination` says (None: the move runs now, and its
    service refuses it if the page would not offer it)."""
    names = {**asdict(_offices(nomination)), "proposer": nomination.proposing_unit, "next_step": _next_step(nomination)}
    return workflow.confirmation(
        MOVES, name=move, user=user, obj=nomination, values=values, names=names,
        subject=f"Đề nghị khen thưởng {nomination.nominee_name} — {nomination.award_form}",
    )


def may_edit(user, nomination: Nomination) -> bool:
    return nomination.is_editable and is_proposer(user, nomination)


def _check_status(nomination: Nomination, allowed, action: str) -> None:
    if nomination.status not in allowed:
        raise ValidationError(
            f"Đề nghị đang ở trạng thái “{nomination.get_status_display()}”: không thể {action}."
        )


def _locked(nomination: Nomination, user) -> Nomination:
    """The stored row, locked until the transaction ends, so two moves cannot interleave; refused
    to a user of another district or ward, as the pages refuse it."""
    rows = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "award_form", "ward", "proposing_ward", "district")
    )
    try:
        return rows.visible_to(user).get(pk=nomination.pk)
    except Nomination.DoesNotExist:
        if not Nomination.objects.filter(pk=nomination.pk).exists():
            raise ValidationError("Đề nghị này không còn tồn tại.") from None
        raise PermissionDenied("Đề nghị này thuộc quận, phường khác: tài khoản không được xử lý.") from None


def _move(nomination: Nomination, *, to: str, user, reason: str = "") -> None:
    transition = workflow.move(nomination, to=to, user=user, reason=reason)
    nomination.status_changed_at = transition.at
    nomination.save()


def _record(nomination: Nomination, *, user, message: str) -> None:
    """A change of the nomination that moves no status (its dossier), kept in its history: who,
    when, what; the pages' cached copies go by its new `updated_at`."""
    nomination._history_user = user
    nomination._change_reason = workflow.short(message)
    nomination.save()


def _edited_fields(stored: Nomination, nomination: Nomination) -> list[str]:
    return [
        str(field.verbose_name) for field in Nomination._meta.concrete_fields
        if field.editable and not field.primary_key
        and getattr(stored, field.attname) != getattr(nomination, field.attname)
    ]


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Phải ghi lý do {what} để đơn vị đề nghị biết."})
    return reason


def _users_in(role: Role, nomination: Nomination):
    """The office `role` of the district that handles `nomination`; nobody elsewhere hears of it."""
    return office_of(role, district_id=nomination.district_id)


def _proposers(nomination: Nomination):
    if nomination.proposing_ward_id:
        return officers_of(nomination.proposing_ward_id)
    return _users_in(Role.SOCIAL_AFFAIRS, nomination)


def _notify(*, users, subject: str, nomination: Nomination, text: str) -> None:
    link = reverse("awards:nomination-detail", kwargs={"pk": nomination.pk})
    body = (
        f"{text}\n\nĐối tượng: {nomination.nominee_name}\nHình thức: {nomination.award_form}\n"
        f"Dịp: {nomination.occasion_label}\n\nXem đề nghị: {settings.SITE_URL}{link}\n"
    )
    workflow.notify(users=users, subject=f"{SUBJECT} {subject}", body=body)


def documents_check(uploads) -> list[tuple[str, object, CheckedUpload]]:
    """Check every (kind, file) before anything is stored; all Vietnamese messages together."""
    checked, errors = [], []
    for kind, upload in uploads:
        if kind not in Kind.values:
            errors.append(f"Loại hồ sơ “{kind}” không hợp lệ.")
            continue
        try:
            checked.append((kind, upload, check_upload(upload)))
        except ValidationError as error:
            errors.extend(f"{Kind(kind).label}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _store(nomination: Nomination, user, checked) -> list[NominationDocument]:
    """Write the checked files under generated names; remove them again if the rows fail."""
    documents = []
    try:
        for kind, upload, info in checked:
            document = NominationDocument(
                nomination=nomination, kind=kind, original_name=info.name, extension=info.extension,
                content_type=info.content_type, size=info.size, uploaded_by=user,
            )
            upload.seek(0)
            document.file.save(info.name, upload, save=False)
            documents.append(document)
            document.save()
    except Exception:
        for document in documents:
            document.file.delete(save=False)
        raise
    return documents


def _delete_files_on_commit(files) -> None:
    """Remove stored files once the rows that named them are surely gone."""
    names = [(file.storage, file.name) for file in files if file.name]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _check_pending_owner(user, kept) -> None:
    if any(pending.user_id != user.pk for pending in kept):
        raise PermissionDenied("Tệp đã nhận này do người khác tải lên: không dùng được.")


def documents_keep(*, user, accepted, kept=()) -> dict[str, PendingDocument]:
    """Keep the files a nomination form accepted while the rest of it had errors, for the user
    who sent them, until the corrected form comes (a day at most): `accepted` holds new (kind,
    upload, checked) files, each replacing the file kept before for its kind; `kept` the user's
    files kept from an earlier try. Returns the files kept now, by kind."""
    kept = list(kept)
    _check_pending_owner(user, kept)
    by_kind = {pending.kind: pending for pending in kept}
    replaced, stored = [], []
    try:
        with transaction.atomic():
            for kind, upload, info in accepted:
                pending = PendingDocument(
                    user=user, kind=kind, original_name=info.name, extension=info.extension,
                    content_type=info.content_type, size=info.size,
                )
                upload.seek(0)
                pending.file.save(info.name, upload, save=False)
                stored.append(pending)
                pending.save()
                if kind in by_kind:
                    replaced.append(by_kind[kind])
                by_kind[kind] = pending
            if replaced:
                PendingDocument.objects.filter(pk__in=[pending.pk for pending in replaced]).delete()
                _delete_files_on_commit([pending.file for pending in replaced])
    except Exception:
        for pending in stored:
            pending.file.delete(save=False)
        raise
    return by_kind


def _adopt(nomination: Nomination, user, kept: list[PendingDocument]) -> list[NominationDocument]:
    """The kept files become the nomination's documents; their pending rows go. Refused if one
    of them was used or cleared meanwhile (the same form sent twice)."""
    if not kept:
        return []
    rows = list(PendingDocument.objects.select_for_update().filter(pk__in=[p.pk for p in kept], user=user))
    if len(rows) != len(kept):
        raise ValidationError(
            "Một tệp đã nhận trước đó không còn được giữ (đã lưu vào đề nghị, hoặc quá một ngày): "
            "hãy chọn lại tệp."
        )
    checked = [
        (pending.kind, pending.file, CheckedUpload(
            name=pending.original_name, extension=pending.extension,
            kind=ALLOWED_EXTENSIONS[pending.extension][0], content_type=pending.content_type, size=pending.size,
        ))
        for pending in rows
    ]
    try:
        for pending in rows:
            pending.file.open("rb")
        documents = _store(nomination, user, checked)
    finally:
        for pending in rows:
            pending.file.close()
    PendingDocument.objects.filter(pk__in=[pending.pk for pending in rows]).delete()
    _delete_files_on_commit([pending.file for pending in rows])
    return documents


def pending_documents_clear(*, now=None) -> int:
    """Remove the kept files whose form was never sent again within a day; how many."""
    with transaction.atomic():
        stale = list(PendingDocument.objects.stale(now=now).select_for_update())
        PendingDocument.objects.filter(pk__in=[pending.pk for pending in stale]).delete()
        _delete_files_on_commit([pending.file for pending in stale])
    return len(stale)


def documents_add(*, nomination: Nomination, user, uploads) -> list[NominationDocument]:
    uploads = list(uploads)
    if not uploads:
        raise ValidationError("Chưa chọn tệp nào để tải lên.")
    with transaction.atomic():
        nomination = _locked(nomination, user)
        _check_proposer(user, nomination)
        _check_status(nomination, Nomination.EDITABLE_STATUSES, "thêm hồ sơ")
        if nomination.documents.count() + len(uploads) > MAX_DOCUMENTS:
            raise ValidationError(f"Mỗi đề nghị có tối đa {MAX_DOCUMENTS} tệp hồ sơ.")
        checked = documents_check(uploads)
        documents = _store(nomination, user, checked)
        _record(nomination, user=user, message="Thêm hồ sơ: " + "; ".join(str(d) for d in documents))
    logger.info("nomination %s: %s document(s) added by %s", nomination.pk, len(documents), user.username)
    return documents


def document_delete(*, document: NominationDocument, user) -> None:
    with transaction.atomic():
        nomination = _locked(document.nomination, user)
        _check_proposer(user, nomination)
        _check_status(nomination, Nomination.EDITABLE_STATUSES, "xóa hồ sơ")
        document.delete()
        _record(nomination, user=user, message=f"Xóa hồ sơ: {document}")
        # The file goes only once the row is surely gone.
        transaction.on_commit(lambda: document.file.storage.delete(document.file.name))
    logger.info("nomination %s: document %s deleted by %s", nomination.pk, document.original_name, user.username)


def nomination_check_editable(*, user, nomination: Nomination) -> None:
    if nomination.pk:
        stored = (
            Nomination.objects.filter(pk=nomination.pk).values("status", "proposing_ward_id", "district_id").first()
        )
        if stored is None:
            raise ValidationError("Đề nghị này không còn tồn tại.")
        current = Nomination(**stored)
        _check_proposer(user, current)
        if stored["proposing_ward_id"] != nomination.proposing_ward_id:
            raise ValidationError({"proposing_ward": "Không được chuyển đề nghị sang đơn vị đề nghị khác."})
        _check_status(current, Nomination.EDITABLE_STATUSES, "sửa")
    else:
        nomination.assign_district()
        _check_proposer(user, nomination)


def nomination_save(*, nomination: Nomination, user) -> Nomination:
    with transaction.atomic():
        stored = None
        if nomination.pk:
            stored = _locked(nomination, user)
        else:
            nomination.status = Status.DRAFT
            nomination.created_by = user
        nomination_check_editable(user=user, nomination=nomination)
        nomination.full_clean(exclude=["created_by"])
        nomination._history_user = user
        if stored is None:
            nomination._change_reason = "Lập đề nghị"
        else:
            edited = _edited_fields(stored, nomination)
            nomination._change_reason = workflow.short(
                "Sửa: " + ", ".join(edited) if edited else "Lưu lại, không đổi nội dung"
            )
        nomination.save()
    return nomination


def nomination_create(*, nomination: Nomination, user, uploads=(), kept=()) -> Nomination:
    """A new draft with its dossier: the new `uploads` (kind, file) and the user's files `kept`
    from a try of the form that had errors; a kept file of a kind uploaded anew is replaced."""
    uploads = list(uploads)
    new_kinds = {kind for kind, _ in uploads}
    kept = list(kept)
    _check_pending_owner(user, kept)
    replaced = [pending for pending in kept if pending.kind in new_kinds]
    kept = [pending for pending in kept if pending.kind not in new_kinds]
    if len(uploads) + len(kept) > MAX_DOCUMENTS:
        raise ValidationError(f"Mỗi đề nghị có tối đa {MAX_DOCUMENTS} tệp hồ sơ.")
    nomination.status, nomination.created_by = Status.DRAFT, user
    nomination.assign_district()
    _check_proposer(user, nomination)
    nomination.full_clean()
    checked = documents_check(uploads)
    with transaction.atomic():
        nomination = nomination_save(nomination=nomination, user=user)
        stored = _store(nomination, user, checked)
        try:
            _adopt(nomination, user, kept)
        except Exception:
            for document in stored:
                document.file.delete(save=False)
            raise
        if replaced:
            PendingDocument.objects.filter(pk__in=[pending.pk for pending in replaced], user=user).delete()
            _delete_files_on_commit([pending.file for pending in replaced])
    logger.info("nomination %s created by %s", nomination.pk, user.username)
    return nomination


def nomination_submit(*, nomination: Nomination, user) -> Nomination:
    with transaction.atomic():
        nomination = _locked(nomination, user)
        SUBMIT.check(user, nomination)
        if not SUBMIT.when(nomination):
            raise ValidationError(
                f"{nomination.award_form} do UBND phường quyết định, không gửi lên quận: "
                "hãy ghi quyết định khen thưởng của phường."
            )
        _check_status(nomination, SUBMIT.sources, "gửi")
        nomination.full_clean()
        kinds = set(nomination.documents.values_list("kind", flat=True))
        missing = [Kind(k).label.lower() for k in NominationDocument.REQUIRED_KINDS if k not in kinds]
        if missing:
            raise ValidationError(f"Hồ sơ còn thiếu: {', '.join(missing)}. Tải lên đủ rồi gửi lại.")
        _move(nomination, to=Status.SUBMITTED, user=user)
        _notify(
            users=_users_in(Role.SOCIAL_AFFAIRS, nomination), nomination=nomination,
            subject=f"{nomination.proposing_unit} gửi đề nghị khen thưởng",
            text=f"{nomination.proposing_unit} đã gửi đề nghị khen thưởng, chờ {_offices(nomination).social} tổng hợp.",
        )
    logger.info("nomination %s submitted by %s", nomination.pk, user.username)
    return nomination


def nomination_forward(*, nomination: Nomination, user, reason: str = "") -> Nomination:
    with transaction.atomic():
        nomination = _locked(nomination, user)
        FORWARD.check(user, nomination)
        offices = _offices(nomination)
        _check_status(nomination, FORWARD.sources, f"chuyển sang {offices.home}")
        _move(nomination, to=Status.FORWARDED, user=user, reason=(reason or "").strip())
        _notify(
            users=_users_in(Role.HOME_AFFAIRS, nomination), nomination=nomination,
            subject="Đề nghị khen thưởng chờ thẩm định",
            text=f"{offices.social} đã tổng hợp và chuyển đề nghị khen thưởng, chờ {offices.home} thẩm định.",
        )
    logger.info("nomination %s forwarded by %s", nomination.pk, user.username)
    return nomination


def nomination_return(*, nomination: Nomination, user, reason: str) -> Nomination:
    with transaction.atomic():
        nomination = _locked(nomination, user)
        if nomination.status in RETURN_BEFORE_APPRAISAL.sources:
            RETURN_BEFORE_APPRAISAL.check(user, nomination)
        else:
            RETURN_IN_APPRAISAL.check(user, nomination)
            _check_status(nomination, RETURN_IN_APPRAISAL.sources, "trả lại")
        reason = _reason(reason, "trả lại")
        if nomination.status == Status.FORWARDED:
            nomination.appraisal_comment = reason
        _move(nomination, to=Status.RETURNED, user=user, reason=reason)
        _notify(
            users=_proposers(nomination), nomination=nomination,
            subject="Đề nghị khen thưởng bị trả lại",
            text=f"Đề nghị khen thưởng bị trả lại để bổ sung, sửa.\nLý do: {reason}",
        )
    logger.info("nomination %s returned by %s", nomination.pk, user.username)
    return nomination


def nomination_reject(*, nomination: Nomination, user, reason: str) -> Nomination:
    with transaction.atomic():
        nomination = _locked(nomination, user)
        REJECT.check(user, nomination)
        _check_status(nomination, REJECT.sources, "không đề nghị khen thưởng")
        nomination.appraisal_comment = _reason(reason, "không đề nghị khen thưởng")
        _move(nomination, to=Status.REJECTED, user=user, reason=nomination.appraisal_comment)
        _notify(
            users=[*_proposers(nomination), *_users_in(Role.SOCIAL_AFFAIRS, nomination)],
            nomination=nomination,
            subject="Đề nghị khen thưởng không được chấp thuận",
            text=f"{_offices(nomination).home} không đề nghị khen thưởng.\nLý do: {nomination.appraisal_comment}",
        )
    logger.info("nomination %s rejected by %s", nomination.pk, user.username)
    return nomination


def nomination_approve(*, nomination: Nomination, user, reason: str = "") -> Nomination:
    with transaction.atomic():
        nomination = _locked(nomination, user)
        APPROVE.check(user, nomination)
        _check_status(nomination, APPROVE.sources, "thẩm định đồng ý")
        nomination.full_clean()
        nomination.appraisal_comment = (reason or "").strip()
        _move(nomination, to=Status.APPROVED, user=user, reason=nomination.appraisal_comment)
        next_step = _next_step(nomination)
        _notify(
            users=[*_proposers(nomination), *_users_in(Role.SOCIAL_AFFAIRS, nomination)],
            nomination=nomination,
            subject="Đề nghị khen thưởng đã được thẩm định",
            text=f"{_offices(nomination).home} đã thẩm định, đồng ý đề nghị khen thưởng; bước tiếp theo: {next_step}.",
        )
    logger.info("nomination %s approved by %s", nomination.pk, user.username)
    return nomination


def nomination_send_to_city(*, nomination: Nomination, user, reason: str = "") -> Nomination:
    with transaction.atomic():
        nomination = _locked(nomination, user)
        SEND_TO_CITY.check(user, nomination)
        if not SEND_TO_CITY.when(nomination):
            raise ValidationError(f"{nomination.award_form} do quận quyết định, không trình Thành phố.")
        _check_status(nomination, SEND_TO_CITY.sources, "trình UBND Thành phố")
        _move(nomination, to=Status.SENT_TO_CITY, user=user, reason=(reason or "").strip())
        _notify(
            users=[*_proposers(nomination), *_users_in(Role.SOCIAL_AFFAIRS, nomination)],
            nomination=nomination,
            subject="Đề nghị khen thưởng đã trình UBND Thành phố",
            text=f"{_offices(nomination).home} đã trình UBND Thành phố; quyết định của Thành phố sẽ được ghi khi có.",
        )
    logger.info("nomination %s sent to the city by %s", nomination.pk, user.username)
    return nomination


def nomination_record_decision(
    *, nomination: Nomination, user, number: str, date: datetime.date | None,
) -> Nomination:
    with transaction.atomic():
        nomination = _locked(nomination, user)
        form = nomination.award_form
        if form.is_ward_form:
            DECIDE_WARD.check(user, nomination)
            _check_status(nomination, DECIDE_WARD.sources, "ghi quyết định khen thưởng của phường")
            decided_by = f"{form.decider} {nomination.proposing_ward.name}".strip()
        else:
            decide = DECIDE_CITY if form.is_city_form else DECIDE_DISTRICT
            decide.check(user, nomination)
            if nomination.status not in decide.sources:
                after = (
                    "đã trình UBND Thành phố" if form.is_city_form
                    else f"{_offices(nomination).home} đã thẩm định, đồng ý"
                )
                raise ValidationError(
                    f"Đề nghị đang ở trạng thái “{nomination.get_status_display()}”: chỉ ghi quyết định khi {after}."
                )
            decided_by = form.decider
        errors = {}
        number = (number or "").strip()
        if not number:
            errors["number"] = "Phải ghi số quyết định khen thưởng, ví dụ 1234/QĐ-UBND."
        if date is None:
            errors["date"] = "Phải ghi ngày quyết định khen thưởng."
        elif date > timezone.localdate():
            errors["date"] = "Ngày quyết định không được sau ngày hôm nay."
        elif date < nomination.campaign.issued_on:
            errors["date"] = f"Ngày quyết định không được trước ngày ban hành kế hoạch ({nomination.campaign.issued_on:%d/%m/%Y})."
        if errors:
            raise ValidationError(errors)
        nomination.decision_number, nomination.decision_date, nomination.decided_by = number, date, decided_by
        _move(
            nomination, to=Status.AWARDED, user=user,
            reason=f"Quyết định số {number} ngày {date:%d/%m/%Y} của {decided_by}.",
        )
        _notify(
            users=[*_proposers(nomination), *_users_in(Role.SOCIAL_AFFAIRS, nomination)],
            nomination=nomination,
            subject="Đã có quyết định khen thưởng",
            text=f"Đã khen thưởng theo Quyết định số {number} ngày {date:%d/%m/%Y} của {decided_by}.",
        )
    logger.info("nomination %s awarded (%s), recorded by %s", nomination.pk, number, user.username)
    return nomination


def award_forms_copy(*, source: Campaign, target: Campaign, renames: dict[str, str] | None = None) -> list[AwardForm]:
    """The award forms of `source` for `target` (a plan copied for another unit); `renames`
    replaces words in who decides ({"Thanh Xuân": "Đống Đa"})."""
    copies = []
    for form in AwardForm.objects.filter(campaign=source).order_by("order", "pk"):
        decider = form.decider
        for old, new in (renames or {}).items():
            decider = decider.replace(old, new)
        copies.append(AwardForm(
            campaign=target, code=form.code, name=form.name, order=form.order, decided_by=form.decided_by,
            decider=decider, for_yearly=form.for_yearly, for_final=form.for_final, for_sudden=form.for_sudden,
            for_collective=form.for_collective, for_individual=form.for_individual, for_household=form.for_household,
        ))
    return AwardForm.objects.bulk_create(copies)


def _check_assessor(user) -> None:
    if not (user.has_perm("awards.add_criterionassessment") and user.has_perm("awards.change_criterionassessment")):
        # Named for the user's own unit: the office in charge there is the one to ask.
        office = office_name(Role.SOCIAL_AFFAIRS, reach(user).unit)
        raise PermissionDenied(f"Chỉ {office} được đánh giá tiêu chí thi đua.")


def _check_plan_editable(user, campaign_id: int) -> None:
    if not plan_editable(user, campaign_id):
        raise PermissionDenied("Kế hoạch này không thuộc đơn vị của tài khoản.")


def _check_wards_in_scope(user, ward_ids) -> None:
    ward_ids = set(ward_ids)
    if Ward.objects.editable_by(user).filter(pk__in=ward_ids).count() != len(ward_ids):
        raise PermissionDenied("Chỉ đánh giá các phường của quận mình.")


def assessment_save(*, assessment: CriterionAssessment, user) -> CriterionAssessment:
    _check_assessor(user)
    _check_plan_editable(user, assessment.campaign_id)
    if assessment.ward_id:
        _check_wards_in_scope(user, [assessment.ward_id])
    with transaction.atomic():
        assessment.assessed_by = user
        assessment.full_clean()
        assessment.save()
    return assessment


def ward_assessments_save(*, campaign: Campaign, year: int, user, rows) -> int:
    """Save one year's grid of ward assessments ({ward, criterion, result, note, evidence}); a row
    with no result removes its assessment. All are checked first; returns the number written."""
    _check_assessor(user)
    _check_plan_editable(user, campaign.pk)
    if year not in campaign.years:
        raise ValidationError(f"Năm {year} nằm ngoài thời gian của kế hoạch.")
    rows = list(rows)
    ward_ids = {row["ward"].pk for row in rows}
    _check_wards_in_scope(user, ward_ids)
    existing = {
        (a.ward_id, a.criterion_id): a
        for a in CriterionAssessment.objects.filter(
            campaign=campaign, year=year, subject_name="", ward__in=ward_ids
        ).order_by()
    }
    to_save, to_delete, errors = [], [], []
    for row in rows:
        key = (row["ward"].pk, row["criterion"].pk)
        current = existing.get(key)
        if not row.get("result"):
            if current is not None:
                to_delete.append(current.pk)
            continue
        if current is not None and (current.result, current.note, current.evidence) == (
            row["result"], (row.get("note") or "").strip(), (row.get("evidence") or "").strip()
        ):
            continue  # unchanged: keep who assessed it and when
        assessment = current or CriterionAssessment(
            campaign=campaign, year=year, ward=row["ward"], criterion=row["criterion"]
        )
        assessment.result = row["result"]
        assessment.note = (row.get("note") or "").strip()
        assessment.evidence = (row.get("evidence") or "").strip()
        assessment.assessed_by = user
        try:
            assessment.full_clean()
        except ValidationError as error:
            errors.extend(f"{row['ward']}, tiêu chí {row['criterion'].order}: {m}" for m in error.messages)
        to_save.append(assessment)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        CriterionAssessment.objects.filter(pk__in=to_delete).delete()
        for assessment in to_save:
            assessment.save()
    return len(to_save)
