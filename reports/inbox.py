"""A reviewer's inbox ("Chờ duyệt"): what waits for the user's own unit to act on, oldest first.

Only what the user may act on now: the moves' own permission and the unit's write rule
(`editable_by`), so the inbox never lists a row whose page would not offer the move. LĐ-TB&XH
of a district: its wards' submitted figures and the proposals waiting to be consolidated;
Nội vụ: the proposals forwarded for appraisal and those appraised, waiting for the decision.
The city department acts on nothing in the workflow: nothing waits for it.
"""

from django.db.models import OuterRef, Subquery

from awards.models import Nomination
from campaign.models import Campaign
from wards.models import CountTransition, YearlyCount
from wards.selectors import counts_waiting

NStatus = Nomination.Status
# Proposals sent on to the city wait for the city, not for Nội vụ: its queue shows them.
APPRAISAL_STATUSES = (NStatus.FORWARDED, NStatus.APPROVED)
NEXT_STEP = {
    NStatus.SUBMITTED: "Tổng hợp, chuyển thẩm định hoặc trả lại",
    NStatus.FORWARDED: "Thẩm định",
    NStatus.APPROVED: "Ghi quyết định hoặc trình Thành phố",
}
# The page lists this many of each kind; the count in the header and the title counts them all.
SHOWN = 100


def reviews(user) -> bool:
    """Whether something can ever wait for `user`: the permission of one of the moves it lists."""
    return any(user.has_perm(p) for p in (
        "wards.review_yearlycount", "awards.forward_nomination", "awards.appraise_nomination",
    ))


def nominations_waiting(*, user, campaign: Campaign | None):
    """The proposals of `campaign` waiting for `user`'s unit, oldest change of status first."""
    statuses = []
    if user.has_perm("awards.forward_nomination"):
        statuses.append(NStatus.SUBMITTED)
    if user.has_perm("awards.appraise_nomination"):
        statuses.extend(APPRAISAL_STATUSES)
    if campaign is None or not statuses:
        return Nomination.objects.none()
    return (
        Nomination.objects.editable_by(user)
        .filter(campaign=campaign, status__in=statuses)
        .order_by("status_changed_at", "pk")
    )


def waiting_count(*, user, campaign: Campaign | None) -> int:
    """How many items wait for `user` (the header's "Chờ duyệt (N)"): one query."""
    counts = counts_waiting(user=user, campaign=campaign).order_by().values_list("pk")
    nominations = nominations_waiting(user=user, campaign=campaign).order_by().values_list("pk")
    # Two empty querysets (a user who reviews nothing here) need no query at all.
    if counts.query.is_empty():
        return nominations.count()
    if nominations.query.is_empty():
        return counts.count()
    return counts.union(nominations, all=True).count()


def inbox(*, user, campaign: Campaign | None) -> dict:
    """The inbox page's rows: figures and proposals, each oldest first. Two queries."""
    # Who sent the figures: the user of the last submission, read in the same query.
    last_submission = CountTransition.objects.filter(
        count=OuterRef("pk"), to_status=YearlyCount.Status.SUBMITTED,
    ).order_by("-at", "-pk")
    counts = list(
        counts_waiting(user=user, campaign=campaign).select_related("ward").annotate(**{
            f"sender_{part}": Subquery(last_submission.values(f"by__{part}")[:1])
            for part in ("username", "first_name", "last_name")
        })[:SHOWN]
    )
    for count in counts:
        full_name = f"{count.sender_first_name or ''} {count.sender_last_name or ''}".strip()
        count.sender = full_name or count.sender_username
    nominations = list(
        nominations_waiting(user=user, campaign=campaign)
        .select_related("award_form", "ward", "proposing_ward", "district")[:SHOWN]
    )
    for nomination in nominations:
        nomination.next_step = NEXT_STEP[nomination.status]
    return {
        "campaign": campaign,
        "counts": counts,
        "nominations": nominations,
        "reviews_counts": user.has_perm("wards.review_yearlycount"),
        "reviews_nominations": user.has_perm("awards.forward_nomination")
        or user.has_perm("awards.appraise_nomination"),
        # A list cut at SHOWN says so: the header's count is the whole.
        "more": len(counts) == SHOWN or len(nominations) == SHOWN,
        "shown": SHOWN,
    }
