"""What the product's workflows share: rows move through statuses by named moves (`Move`), each
recorded and its next actor e-mailed; a page offers a move by the same check its service guards.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import models, transaction

# The history table keeps a change reason of at most this many characters.
REASON_MAX = 100
PRIMARY, SECONDARY, DANGER = "primary", "secondary", "danger"


class Transition(models.Model):
    """One move of a row through its workflow: who, when, from, to, why. Subclasses add the
    foreign key to the row, with related_name="transitions", and the statuses' choices."""

    from_status = models.CharField("từ trạng thái", max_length=20)
    to_status = models.CharField("sang trạng thái", max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="người thực hiện"
    )
    at = models.DateTimeField("thời điểm", auto_now_add=True)
    reason = models.TextField("lý do, ý kiến", blank=True)

    class Meta:
        abstract = True


def short(text: str) -> str:
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def locked(queryset, pk):
    """The row, locked until the transaction ends, so that two moves cannot interleave."""
    return queryset.select_for_update(of=("self",)).get(pk=pk)


def move(obj, *, to: str, user, reason: str = ""):
    """Record the move of `obj` to `to` and set its status; the caller saves the row."""
    transition = obj.transitions.create(from_status=obj.status, to_status=to, by=user, reason=reason)
    label = type(obj).Status(to).label
    obj.status = to
    obj._history_user = user
    obj._change_reason = short(f"{label}: {reason}" if reason else label)
    return transition


def notify(*, users, subject: str, body: str) -> None:
    """Tell the next actors by e-mail, once the transaction has committed; nobody twice."""
    recipients = sorted({u.email for u in users if u.email and u.is_active})
    if not recipients:
        return
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


@dataclass(frozen=True)
class Field:
    """An input a move asks for besides its reason (a decision's number and date)."""

    name: str
    label: str
    type: str = "text"
    placeholder: str = ""
    required: bool = True


@dataclass(frozen=True)
class Move:
    """`check(user, obj)` raises PermissionDenied for a user who may not make the move on that row
    (role, unit); the statuses are checked here, and `when(obj)` narrows it by the row itself."""

    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    check: Callable
    style: str = PRIMARY
    reason: str = ""  # the label of the reason box; "" when the move asks none
    reason_required: bool = False
    fields: tuple[Field, ...] = ()
    when: Callable = field(default=lambda obj: True)
    # What the move will do, as its confirmation page says it before it runs (the label's
    # placeholders, and the row's); "" for a move made in one click.
    confirm: str = ""

    def offered(self, user, obj) -> bool:
        if obj.status not in self.sources or not self.when(obj):
            return False
        try:
            self.check(user, obj)
        except (PermissionDenied, ValidationError):
            return False
        return True

    def guard(self, user, obj, refusal: str) -> None:
        """Refuse the move as the page would not offer it: PermissionDenied for the user,
        ValidationError with `refusal` for the row's status."""
        self.check(user, obj)
        if obj.status not in self.sources or not self.when(obj):
            raise ValidationError(refusal)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    url: str
    style: str = PRIMARY
    method: str = "post"
    reason: str = ""
    reason_required: bool = False
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Confirmation:
    """What the page confirming a move says: the move, the row it acts on, what will happen, and
    what the user typed into the move's form (label, value)."""

    label: str
    subject: str
    consequence: str
    details: tuple[tuple[str, str], ...] = ()

    @property
    def button(self) -> str:
        return f"Xác nhận {self.label[:1].lower()}{self.label[1:]}"


def _typed(field_: Field, value: str) -> str:
    if field_.type == "date":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            pass
    return value


def confirmation(moves, *, name: str, user, obj, values, subject: str, names: dict) -> Confirmation | None:
    """The confirmation of the move `name` that `user` asks for on `obj` with the posted `values`:
    None when no such move is offered to the user now, when it is made in one click, or when a
    required input is blank, so that the caller makes it now and its service refuses it as it
    would without this step. `names` fills the label's and the text's placeholders."""
    move = next((m for m in moves if m.name == name and m.offered(user, obj)), None)
    if move is None or not move.confirm:
        return None
    inputs = [(f, values.get(f.name, "").strip()) for f in move.fields]
    reason = values.get("reason", "").strip() if move.reason else ""
    if (move.reason_required and not reason) or any(f.required and not value for f, value in inputs):
        return None
    details = [(f.label, _typed(f, value)) for f, value in inputs]
    if move.reason:
        details.append((move.reason, reason or "–"))
    return Confirmation(label=move.label.format(**names), subject=subject,
                        consequence=move.confirm.format(**names), details=tuple(details))


def actions(moves, *, user, obj, url: Callable[[str], str]) -> list[Action]:
    return [
        Action(name=m.name, label=m.label, url=url(m.name), style=m.style, reason=m.reason,
               reason_required=m.reason_required, fields=m.fields)
        for m in moves if m.offered(user, obj)
    ]
