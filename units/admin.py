"""The admin of units and of who works for which, and the base of every admin of owned rows."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ListAdmin, ReadableHistoryMixin, confirmed_action
from common.collation import vietnamese
from common.spreadsheets import SheetAdminMixin

from . import services
from .access import accounts_of, reach
from .models import District, Office, Province, StaffPosting, Succession, Ward, WardOfficer
from .resources import WardResource
from .roles import Role


class OwnedAdmin(ListAdmin):
    """An admin of rows that belong to units: it lists `visible_to`, changes and deletes only
    `editable_by`, offers in foreign keys only `choices_for`, and refuses, in the same transaction,
    a saved row the user could not have changed: nothing lands outside the user's unit."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def may_change(self, request, obj) -> bool:
        """Whether `obj` is a row the user may change (asked once per request and row)."""
        if obj is None or obj.pk is None:
            return True
        known = request.__dict__.setdefault("_editable_rows", {})
        key = (obj._meta.label, obj.pk)
        if key not in known:
            known[key] = type(obj)._default_manager.editable_by(request.user).filter(pk=obj.pk).exists()
        return known[key]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_change(request, obj)

    def choices_for(self, db_field, request):
        manager = db_field.related_model._default_manager
        if hasattr(manager, "editable_by"):
            return manager.editable_by(request.user)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = self.choices_for(db_field, request)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        request.__dict__.get("_editable_rows", {}).pop((obj._meta.label, obj.pk), None)
        if not self.may_change(request, obj):
            raise PermissionDenied("Dòng này không thuộc đơn vị của tài khoản.")


class OwnedHistoryAdmin(ReadableHistoryMixin, SimpleHistoryAdmin, OwnedAdmin):
    """An owned admin whose rows keep their history (simple-history): the history and its
    versions are read on the same terms as the row, and reverting to a version is changing it."""

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the historical rows of an object the user cannot see;
        # the user's own queryset decides, as for every other admin path. get_object() answers
        # None to an id that is not one ("abc"), where a filter on it failed in the database.
        if self.get_object(request, object_id) is None:
            raise Http404("Không tìm thấy dòng này.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or not str(version_id).isdigit():
            raise Http404("Không tìm thấy dòng này.")
        # Posting this page reverts the row, and simple-history asks only for the view
        # permission before saving: reverting is changing, under the change page's rule.
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedUnitFilter(admin.RelatedFieldListFilter):
    """A filter offering the related units or plans in the user's reach when few enough to list
    (Django's own lists every row of the table); beyond `limit` it is left out."""

    limit = 50
    ORDER = {"District": ("code",), "Ward": (vietnamese("name"), "code"), "Province": ("code",)}

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        rows = model._default_manager.visible_to(request.user).order_by(*self.ORDER.get(model.__name__, ("pk",)))
        rows = list(rows[: self.limit + 1])
        return [(row.pk, str(row)) for row in rows] if len(rows) <= self.limit else []


class LifetimeFilter(admin.SimpleListFilter):
    title = "hiệu lực"
    parameter_name = "hieu-luc"

    def lookups(self, request, model_admin):
        return [("con", "Còn hiệu lực"), ("het", "Đã hết hiệu lực")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "con":
            return queryset.valid_on(today)
        if self.value() == "het":
            return queryset.filter(valid_to__lt=today)
        return queryset


@admin.register(Province)
class ProvinceAdmin(OwnedAdmin):
    list_display = ["code", "name", "valid_from", "valid_to"]
    list_filter = [LifetimeFilter]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(OwnedAdmin):
    list_display = ["code", "__str__", "province", "valid_from", "valid_to"]
    list_filter = [LifetimeFilter, ("province", ScopedUnitFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.action(
    description="Chuyển sang đơn vị kế thừa (kết thúc phân công ở đơn vị đã sắp xếp)", permissions=["carry_over"],
)
@confirmed_action(
    consequence="Mỗi phân công dưới đây kết thúc vào ngày cuối cùng của đơn vị đã sắp xếp và tiếp tục ở đơn vị kế "
    "thừa từ ngày hôm sau; tài khoản từ đó làm việc cho đơn vị kế thừa. Việc này không tự hoàn tác được.",
    button="Xác nhận chuyển",
    acts_on=lambda request, posting: posting.ward is not None and posting.ward.valid_to is not None
    and services.successor_of(posting.ward) is not None,
)
def carry_over(modeladmin, request, queryset):
    """For the superuser: each selected posting to an ended ward ends on its last day and goes on
    at the ward's successor; a ward split without a successor to choose is left and named."""
    moved, left = 0, []
    for posting in queryset.select_related("user", "ward"):
        if posting.ward is None or posting.ward.valid_to is None:
            left.append(f"{posting} (đơn vị còn hiệu lực)")
            continue
        successor = services.successor_of(posting.ward)
        if successor is None:
            left.append(f"{posting} (chưa xác định được đơn vị kế thừa: phân công thủ công)")
            continue
        try:
            services.carry_over(posting, to=successor, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            left.append(f"{posting} ({'; '.join(getattr(error, 'messages', [str(error)]))})")
            continue
        moved += 1
    if moved:
        modeladmin.message_user(request, f"Đã chuyển {moved} phân công sang đơn vị kế thừa.", messages.SUCCESS)
    if left:
        modeladmin.message_user(request, "Không chuyển: " + "; ".join(left) + ".", messages.WARNING)


@admin.register(StaffPosting)
class StaffPostingAdmin(OwnedAdmin):
    list_display = ["user", "unit", "valid_from", "valid_to"]
    actions = [carry_over]
    list_filter = [("province", ScopedUnitFilter), ("district", ScopedUnitFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "ward", "district", "province"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["ward"]

    def has_carry_over_permission(self, request):
        return request.user.is_superuser

    @admin.display(description="đơn vị")
    def unit(self, obj):
        return obj.unit


# What only the superuser changes about a ward: where it sits, its code, kind and lifetime.
WARD_GEOGRAPHY = ["code", "kind", "province", "district", "valid_from", "valid_to"]


class SuccessionInline(admin.TabularInline):
    """A ward's successions, read on the ward's page; only the superuser changes them."""

    model = Succession
    extra = 0
    fields = ["predecessor", "successor", "other_name", "other_code", "effective_on", "part", "share", "legal_basis"]
    autocomplete_fields = ["predecessor", "successor"]

    def has_add_permission(self, request, obj=None):
        return reach(request.user).everything

    def has_change_permission(self, request, obj=None):
        return reach(request.user).everything

    def has_delete_permission(self, request, obj=None):
        return reach(request.user).everything


class PredecessorsInline(SuccessionInline):
    fk_name = "successor"
    verbose_name = "đơn vị trước sắp xếp"
    verbose_name_plural = "hình thành từ (các đơn vị trước sắp xếp)"


class SuccessorsInline(SuccessionInline):
    fk_name = "predecessor"
    verbose_name = "đơn vị sau sắp xếp"
    verbose_name_plural = "sắp xếp vào (các đơn vị sau sắp xếp)"


@admin.register(Ward)
class WardAdmin(SheetAdminMixin, OwnedAdmin):
    resource_classes = [WardResource]
    export_filename = "danh-sach-phuong"
    list_display = ["code", "__str__", "parent_unit", "valid_from", "valid_to"]
    list_filter = [LifetimeFilter, "kind", ("district", ScopedUnitFilter)]
    search_fields = ["code", "name", "slug"]
    list_select_related = ["district", "province"]
    readonly_fields = ["slug"]
    inlines = [PredecessorsInline, SuccessorsInline]

    @admin.display(description="trực thuộc")
    def parent_unit(self, obj):
        return obj.parent

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not reach(request.user).everything:
            fields += WARD_GEOGRAPHY
        return fields


@admin.register(Succession)
class SuccessionAdmin(OwnedAdmin):
    list_display = ["predecessor_label", "successor_label", "part_label", "effective_on", "legal_basis"]
    list_filter = ["effective_on", "part"]
    search_fields = ["predecessor__name", "successor__name", "other_name", "legal_basis"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]

    @admin.display(description="đơn vị trước sắp xếp", ordering=vietnamese("predecessor__name"))
    def predecessor_label(self, obj):
        return obj.predecessor.label if obj.predecessor_id else f"{obj.other_name} (ngoài hệ thống)"

    @admin.display(description="đơn vị sau sắp xếp", ordering=vietnamese("successor__name"))
    def successor_label(self, obj):
        return obj.successor.label if obj.successor_id else f"{obj.other_name} (ngoài hệ thống)"

    @admin.display(description="phạm vi")
    def part_label(self, obj):
        return obj.part_label


@admin.register(Office)
class OfficeAdmin(OwnedAdmin):
    list_display = ["name", "short_name", "role", "level", "province", "valid_from", "valid_to"]
    list_filter = ["level", "role"]
    search_fields = ["name", "short_name"]


class NewOfficerForm(forms.ModelForm):
    """A ward's new officer and their new account: a district's office never picks others' accounts."""

    username = forms.CharField(
        label="Tên đăng nhập", max_length=150, validators=[get_user_model().username_validator],
        help_text="Ví dụ: phuong-khuong-dinh-2. Chữ, số và @ . + - _",
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False, help_text="Để nhận thông báo khi số liệu bị trả lại.")
    password1 = forms.CharField(label="Mật khẩu", strip=False, widget=forms.PasswordInput(render_value=False))
    password2 = forms.CharField(label="Nhập lại mật khẩu", strip=False, widget=forms.PasswordInput(render_value=False))

    class Meta:
        model = WardOfficer
        fields = ["ward", "position", "valid_from"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("Tên đăng nhập này đã có người dùng: chọn tên khác.")
        return username

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Hai lần nhập mật khẩu không khớp.")
        elif first:
            candidate = get_user_model()(username=data.get("username", ""), first_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data

    def _post_clean(self):
        # The account is made on saving; the link is checked without it.
        exclude = self._get_validation_exclusions()
        exclude.add("user")
        self.instance.ward = self.cleaned_data.get("ward")
        self.instance.valid_from = self.cleaned_data.get("valid_from")
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(WardOfficer)
class WardOfficerAdmin(OwnedAdmin):
    list_display = ["officer_name", "user", "ward", "position", "valid_from", "valid_to"]
    actions = [carry_over]
    list_filter = [("ward", ScopedUnitFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "ward__name"]
    list_select_related = ["user", "ward"]
    autocomplete_fields = ["ward"]

    def has_carry_over_permission(self, request):
        return request.user.is_superuser

    def choices_for(self, db_field, request):
        if db_field.name == "user":
            # Officers' accounts of the editor's own unit; an account of no unit, the superuser's.
            return accounts_of(request.user).filter(groups__name=Role.WARD_OFFICER.value)
        return super().choices_for(db_field, request)

    @admin.display(description="cán bộ", ordering=vietnamese("user__first_name"))
    def officer_name(self, obj):
        return obj.user.get_full_name() or obj.user.username

    def get_autocomplete_fields(self, request):
        return super().get_autocomplete_fields(request) if reach(request.user).everything else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and not reach(request.user).everything:
            kwargs["form"] = NewOfficerForm
            kwargs["fields"] = ["username", "full_name", "email", "password1", "password2", "ward", "position", "valid_from"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None and not reach(request.user).everything:
            return [
                ("Tài khoản của cán bộ", {"fields": ["username", "full_name", "email", "password1", "password2"]}),
                ("Phường", {"fields": ["ward", "position", "valid_from"]}),
            ]
        return super().get_fieldsets(request, obj)

    def save_model(self, request, obj, form, change):
        if isinstance(form, NewOfficerForm):
            data = form.cleaned_data
            created = services.officer_create(
                ward=data["ward"], username=data["username"], full_name=data["full_name"], email=data["email"],
                password=data["password1"], position=data.get("position", ""), user=request.user,
                valid_from=data.get("valid_from"),
            )
            obj.pk, obj.user = created.pk, created.user
            return
        super().save_model(request, obj, form, change)
