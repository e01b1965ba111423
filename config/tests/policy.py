"""Who may reach what, URL by URL: DESIGN.md's table of users as the product implements it.

Every URL pattern of the product has one row, keyed by its URL name (or by its route when it has
none). A row says which roles a GET and a POST are allowed for, and on which object the URL is
tried (`target`, resolved by the matrix test). The roles are:

- `ANON`: not signed in;
- `OFFICER`: a ward officer acting on their own ward's object (or on an object of no ward).
  Another ward's officer is never in a row: an officer's access stops at their ward, and at
  their district for the rows of a plan;
- `SOCIAL`: Phòng LĐ-TB&XH; `HOME`: Phòng Nội vụ; acting on their own district's objects.
  Another district's office is never in a row: a district's access stops at its district;
- `SUPER`: a superuser;
- `CITY`: Sở LĐ-TB&XH of the city both districts belong to: reads the progress pages and the
  review reports, changes nothing, has no admin.

The matrix tries every URL with objects of two wards of one district and of a ward of a second
district (and, for a plan's own rows, of each district's plan), as the officers of the three
wards and the two offices of each district: the unit rules come from the objects, the rows here
say only which roles.

For a POST, "allowed" means the action may take effect (it may still be refused for the state of
the object, which the targets are chosen to avoid for the main workflow steps). The admin's add
and change forms are posted with valid data, so that "allowed" means saved.
"""

from dataclasses import dataclass

ANON, OFFICER, SOCIAL, HOME, SUPER, CITY = "anon", "officer", "social", "home", "super", "city"

NOBODY = frozenset()
STAFF = frozenset({OFFICER, SOCIAL, HOME, SUPER})
DISTRICT = frozenset({SOCIAL, HOME, SUPER})
EVERYONE = frozenset({ANON, *STAFF})


def roles(*names) -> frozenset:
    return frozenset(names)


@dataclass(frozen=True)
class Rule:
    get: frozenset
    post: frozenset
    # The object the URL is tried on; "" for a URL that takes none. See the matrix test.
    target: str = ""
    # Pages anyone may open (login, health check): only "served, nothing changed" is checked.
    public: bool = False
    # The allowed POSTs must change the database (the target is in the state the action needs).
    effect: bool = False
    # A move confirmed first: its POST without confirmed=1 answers the allowed a confirmation page
    # and changes nothing for anyone (the matrix tries both POSTs).
    confirm: bool = False


def post_only(who: frozenset, target: str = "", *, effect: bool = False, confirm: bool = False) -> Rule:
    """A POST-only action: GET answers 405 to everyone."""
    return Rule(get=NOBODY, post=who, target=target, effect=effect, confirm=confirm)


def page(who: frozenset, target: str = "") -> Rule:
    """A page that answers POST as it answers GET (it changes nothing either way)."""
    return Rule(get=who, post=who, target=target)


PUBLIC = Rule(get=EVERYONE, post=EVERYONE, public=True)

APP_URLS = {
    "home": Rule(get=STAFF | {CITY}, post=STAFF | {CITY}),
    "healthz": PUBLIC,
    "healthz-live": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,
    # campaign: the plan the user works under, chosen among their unit's
    "campaign:plan-list": page(STAFF | {CITY}),
    "campaign:plan-choose": post_only(STAFF, "plan"),
    # wards: yearly figures
    "wards:count": page(STAFF, "count-draft"),
    "wards:count-submit": post_only(roles(OFFICER, SUPER), "count-draft", effect=True, confirm=True),
    "wards:count-approve": post_only(roles(SOCIAL, SUPER), "count-submitted", effect=True, confirm=True),
    "wards:count-return": post_only(roles(SOCIAL, SUPER), "count-submitted", effect=True, confirm=True),
    "wards:count-reopen": post_only(roles(SOCIAL, SUPER), "count-approved", effect=True, confirm=True),
    # reports
    "reports:dashboard": page(DISTRICT | {CITY}),
    # The reviewers' inbox: the district's two offices (each its own district's items).
    "reports:inbox": page(DISTRICT),
    # A district's dashboard (tried on the world's district); the city's, for Sở LĐ-TB&XH and the
    # superuser. The city reads its wards' pages and its districts' review reports.
    "reports:district-dashboard": page(DISTRICT | {CITY}, "district"),
    "reports:city-dashboard": page(roles(CITY, SUPER), "province"),
    "reports:ward": page(STAFF | {CITY}, "ward"),
    "reports:ward-lineage-xlsx": page(STAFF | {CITY}, "ward"),
    "reports:review-list": page(STAFF | {CITY}),
    "reports:review-detail": page(STAFF | {CITY}, "review"),
    "reports:review-preview": page(STAFF | {CITY}, "review"),
    "reports:review-pdf": page(STAFF | {CITY}, "review"),
    "reports:review-xlsx": page(STAFF | {CITY}, "review"),
    "reports:review-issue": post_only(roles(SOCIAL, SUPER), "review", effect=True, confirm=True),
    # awards
    "awards:nomination-list": page(STAFF),
    "awards:nomination-create": page(roles(OFFICER, SOCIAL, SUPER)),
    "awards:nomination-detail": page(STAFF, "nomination-draft"),
    "awards:nomination-edit": page(roles(OFFICER, SUPER), "nomination-draft"),
    "awards:nomination-submit": post_only(roles(OFFICER, SUPER), "nomination-draft", effect=True, confirm=True),
    "awards:nomination-forward": post_only(roles(SOCIAL, SUPER), "nomination-submitted", effect=True, confirm=True),
    "awards:nomination-return": post_only(roles(SOCIAL, SUPER), "nomination-submitted", effect=True, confirm=True),
    "awards:nomination-reject": post_only(roles(HOME, SUPER), "nomination-forwarded", effect=True, confirm=True),
    "awards:nomination-approve": post_only(roles(HOME, SUPER), "nomination-forwarded", effect=True, confirm=True),
    "awards:nomination-send-to-city": post_only(
        roles(HOME, SUPER), "nomination-approved-city", effect=True, confirm=True
    ),
    "awards:nomination-decide": post_only(roles(HOME, SUPER), "nomination-approved", effect=True, confirm=True),
    "awards:document-upload": post_only(roles(OFFICER, SUPER), "nomination-draft", effect=True),
    "awards:document-download": page(STAFF, "document"),
    "awards:document-delete": post_only(roles(OFFICER, SUPER), "document", effect=True),
    "awards:queue": page(DISTRICT),
    "awards:council-list": page(DISTRICT, "council"),
    "awards:ranking": page(DISTRICT),
    "awards:ranking-year": page(DISTRICT, "year"),
    # Nội vụ reads the grid; only LĐ-TB&XH writes it.
    "awards:assessments": Rule(get=DISTRICT, post=roles(SOCIAL, SUPER), target="year", effect=True),
}


@dataclass(frozen=True)
class ModelAdminPolicy:
    """The admin of one model: who may view, add, change, delete, import, export its rows.

    `scoped`: the rows belong to a ward, so an officer reaches only their own ward's rows and
    every object URL is tried with a row of wards A, B (district 1) and C (district 2).
    `plan`: the rows belong to a district's plan (or are the district): tried with a row of each
    district.
    `action`: who may run the changelist's bulk action on a selected row (`delete_selected`
    unless the admin has its own action).
    """

    view: frozenset
    add: frozenset = frozenset({SUPER})
    change: frozenset = frozenset({SUPER})
    delete: frozenset = frozenset({SUPER})
    action: frozenset | None = None
    scoped: bool = False
    plan: bool = False
    imports: frozenset | None = None
    exports: frozenset | None = None


ADMIN_MODELS = {
    "auth.group": ModelAdminPolicy(view=roles(SUPER)),
    "auth.user": ModelAdminPolicy(view=roles(SUPER), scoped=True),
    "campaign.campaign": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER), plan=True,
    ),
    "campaign.criterion": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER), plan=True,
    ),
    "campaign.milestone": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER), plan=True,
    ),
    # Provinces and who works for which district or city are set up by the superuser.
    "units.province": ModelAdminPolicy(view=roles(SUPER)),
    "units.staffposting": ModelAdminPolicy(view=roles(SUPER)),
    # Successions and the offices' names are reference data of the reorganisations: the superuser's.
    "units.succession": ModelAdminPolicy(view=roles(SUPER)),
    "units.office": ModelAdminPolicy(view=roles(SUPER)),
    # Units are the superuser's: a district's office renames its wards, and changes nothing else.
    "units.district": ModelAdminPolicy(view=STAFF, plan=True),
    "units.ward": ModelAdminPolicy(
        view=STAFF, change=roles(SOCIAL, SUPER), scoped=True,
        imports=roles(SOCIAL, SUPER), exports=STAFF,
    ),
    # Who works for which ward is LĐ-TB&XH's business; officers and Nội vụ have no access.
    "units.wardofficer": ModelAdminPolicy(
        view=roles(SOCIAL, SUPER), add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER),
        delete=roles(SOCIAL, SUPER), scoped=True,
    ),
    "wards.baseline": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER),
        scoped=True,
    ),
    "wards.reductiontarget": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER),
        scoped=True, imports=roles(SOCIAL, SUPER), exports=STAFF,
    ),
    # Figures are entered by the ward's officer; LĐ-TB&XH reviews them (the bulk approval) and
    # may import them on a ward's behalf, as drafts; nobody but a superuser deletes them.
    "wards.yearlycount": ModelAdminPolicy(
        view=STAFF, add=roles(OFFICER, SUPER), change=roles(OFFICER, SUPER), action=roles(SOCIAL, SUPER),
        scoped=True, imports=roles(OFFICER, SOCIAL, SUPER), exports=STAFF,
    ),
    "wards.reportingwindow": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER), plan=True,
    ),
    "wards.windowextension": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER),
        scoped=True,
    ),
    # The workflow's own record: read-only for everyone, the superuser included.
    "wards.counttransition": ModelAdminPolicy(
        view=STAFF, add=NOBODY, change=NOBODY, delete=NOBODY, scoped=True
    ),
    "awards.awardform": ModelAdminPolicy(view=STAFF, plan=True),
    "awards.criterionassessment": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), delete=roles(SOCIAL, SUPER),
        scoped=True,
    ),
    # A ward's nomination is written by its proposer (the ward's officer) while editable; the
    # bulk action forwards submitted ones to Nội vụ (LĐ-TB&XH).
    "awards.nomination": ModelAdminPolicy(
        view=STAFF, add=roles(OFFICER, SOCIAL, SUPER), change=roles(OFFICER, SUPER),
        action=roles(SOCIAL, SUPER), scoped=True, exports=STAFF,
    ),
    "awards.nominationtransition": ModelAdminPolicy(
        view=STAFF, add=NOBODY, change=NOBODY, delete=NOBODY, scoped=True
    ),
    "reports.reviewreport": ModelAdminPolicy(
        view=STAFF, add=roles(SOCIAL, SUPER), change=roles(SOCIAL, SUPER), plan=True,
    ),
    # Login throttling's records (django-axes): the superuser's alone; nobody adds them by hand.
    "axes.accessattempt": ModelAdminPolicy(view=roles(SUPER), add=NOBODY),
    "axes.accesslog": ModelAdminPolicy(view=roles(SUPER), add=NOBODY),
    "axes.accessfailurelog": ModelAdminPolicy(view=roles(SUPER), add=NOBODY),
}


def _admin_rows(label: str, model: ModelAdminPolicy) -> dict[str, Rule]:
    app_label, model_name = label.split(".")
    prefix = f"admin:{app_label}_{model_name}"
    obj = f"admin-object:{label}"
    # A changelist tried with an object: GET asks whether the row is listed; POST runs the bulk
    # action on that row.
    action = model.action if model.action is not None else model.delete
    rows = {
        # A deletion may be refused for the rows that refer to the object: only the admin's own
        # actions (approve, forward) are required to take effect.
        f"{prefix}_changelist": Rule(
            get=model.view, post=action, target=f"admin-list:{label}", effect=model.action is not None
        ),
        # Posted with a valid new row of each ward or district (see the matrix test's add_payload):
        # an allowed POST must save it.
        f"{prefix}_add": Rule(get=model.add, post=model.add, target=f"admin-add:{label}", effect=True),
        # Without the change permission the change page is shown read-only to those who may view;
        # the POST is the superuser's form of the object sent back as it is: allowed means saved.
        f"{prefix}_change": Rule(
            get=model.view | model.change, post=model.change, target=obj, effect=True,
        ),
        f"{prefix}_delete": page(model.delete, obj),
        f"{prefix}_history": page(model.view | model.change, obj),
    }
    if model.imports is not None:
        rows[f"{prefix}_import"] = Rule(get=model.imports, post=model.imports, target=f"import:{label}")
        rows[f"{prefix}_process_import"] = post_only(model.imports, f"import:{label}", effect=True)
    if model.exports is not None:
        rows[f"{prefix}_export"] = page(model.exports)
    return rows


ADMIN_URLS = {
    "admin:index": page(STAFF),
    "admin:login": PUBLIC,
    "admin:logout": PUBLIC,
    "admin:password_change": page(STAFF),
    "admin:password_change_done": Rule(get=STAFF, post=NOBODY),
    # Tried once per autocomplete field of the product, asking for ward A and for ward B: the
    # answer must hold the ward exactly when the role may pick it.
    "admin:autocomplete": Rule(get=STAFF, post=NOBODY, target="autocomplete"),
    "admin:jsi18n": Rule(get=STAFF, post=NOBODY),
    # No model has a public URL: the shortcut answers 404 to every signed-in user.
    "admin:view_on_site": page(NOBODY, "view-on-site"),
    # Tried once per app: an app's index needs a permission on one of its models.
    "admin:app_list": page(STAFF, "app-list"),
    "admin:auth_user_password_change": page(roles(SUPER), "admin-object:auth.user"),
    # The import template: the rows this user may fill, a download.
    "admin:wards_yearlycount_sheet_template": page(roles(OFFICER, SOCIAL, SUPER)),
    # One historical version of a count (simple-history), on the same terms as its history.
    "admin:wards_yearlycount_simple_history": Rule(
        get=STAFF, post=roles(OFFICER, SUPER), target="admin-version:wards.yearlycount", effect=True
    ),
    # A nomination's versions are read; it changes on its own page, never by a revert.
    "admin:awards_nomination_simple_history": Rule(get=STAFF, post=NOBODY, target="admin-version:awards.nomination"),
    # The catch-all answers 404 (or adds a slash); the bare object URLs only redirect to the
    # change page, which is checked on its own.
    "admin/(?P<url>.*)$": PUBLIC,
}
for _label, _model in ADMIN_MODELS.items():
    ADMIN_URLS.update(_admin_rows(_label, _model))
    _app_label, _model_name = _label.split(".")
    ADMIN_URLS[f"admin/{_app_label}/{_model_name}/<path:object_id>/"] = PUBLIC

# app_index per app: who holds a permission on at least one of its registered models.
APP_INDEX = {
    "auth": roles(SUPER),
    "axes": roles(SUPER),
    "units": STAFF,
    "campaign": STAFF,
    "wards": STAFF,
    "awards": STAFF,
    "reports": STAFF,
}

POLICY: dict[str, Rule] = {**APP_URLS, **ADMIN_URLS}
