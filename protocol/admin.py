"""The protocol officer's back office: files, guests, seating, precedence and gifts.

Every write goes through the models' rules (core.rules) and the services; the exports and the
ordered lists are pages of the protocol file's admin, checked with the file's own rights.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import RightsAdmin, RightsMixin
from core.numbers import money
from protocol import exports, flags, precedence, printing, seating, services
from protocol.models import (
    SECURITY_FIELDS,
    ChecklistItem,
    ChecklistTemplateItem,
    EventBudgetLine,
    FormOfAddress,
    Gift,
    Guest,
    GuestPrivate,
    MajorEvent,
    Office,
    PrecedenceEntry,
    PrecedenceList,
    ProtocolFile,
    Room,
    Rotation,
    Seat,
    SeatingPlan,
    Title,
    Venue,
)

# How long a personal link renewed from the list of guests stays valid; a single guest's link
# takes any expiry on its own page.
LINK_DAYS = 30


class RoomInline(RightsMixin, admin.TabularInline):
    model = Room
    extra = 0


class VenueForm(forms.ModelForm):
    security_fields = forms.MultipleChoiceField(
        label=_("fields of the security list"),
        choices=[(name, label) for name, (label, _read) in SECURITY_FIELDS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the venue's security asks to know of each guest; nothing more is exported."),
    )

    class Meta:
        model = Venue
        fields = ["name", "address", "city", "security_fields", "source"]


@admin.register(Venue)
class VenueAdmin(RightsAdmin, admin.ModelAdmin):
    form = VenueForm
    list_display = ["name", "city"]
    search_fields = ["name", "city"]
    inlines = [RoomInline]


class FormOfAddressInline(RightsMixin, admin.TabularInline):
    model = FormOfAddress
    extra = 0


@admin.register(Title)
class TitleAdmin(RightsAdmin, admin.ModelAdmin):
    search_fields = ["name"]
    inlines = [FormOfAddressInline]


@admin.register(Office)
class OfficeAdmin(RightsAdmin, admin.ModelAdmin):
    search_fields = ["name"]


class PrecedenceEntryInline(RightsMixin, admin.TabularInline):
    model = PrecedenceEntry
    extra = 0
    autocomplete_fields = ["office"]


class RotationInline(RightsMixin, admin.TabularInline):
    model = Rotation
    extra = 0
    autocomplete_fields = ["first", "second"]


@admin.register(PrecedenceList)
class PrecedenceListAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["name", "host", "valid_from", "valid_until"]
    list_filter = ["host"]
    search_fields = ["name", "host"]
    inlines = [PrecedenceEntryInline, RotationInline]


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["title", "occasion", "is_mandatory", "order"]
    list_filter = ["occasion", "is_mandatory"]


class ChecklistInline(RightsMixin, admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["title", "is_mandatory", "done_on", "order"]


class SeatingPlanInline(RightsMixin, admin.TabularInline):
    model = SeatingPlan
    extra = 0
    show_change_link = True


@admin.register(ProtocolFile)
class ProtocolFileAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["title", "occasion", "date", "activity", "venue", "state"]
    list_filter = ["occasion", "state"]
    list_select_related = ["activity", "venue"]
    search_fields = ["title", "host", "guest_of_honour"]
    autocomplete_fields = ["activity", "venue"]
    raw_id_fields = ["programme_item"]  # a select of every programme item would not scale
    inlines = [ChecklistInline, SeatingPlanInline]
    readonly_fields = ["guest_list"]
    fieldsets = [
        (None, {"fields": ["title", "occasion", "activity", "programme_item", "date", "state"]}),
        (
            _("Host and guests"),
            {"fields": ["host", "guest_of_honour", "expected_guests", "precedence_host", "guest_list"]},
        ),
        (_("Venue"), {"fields": ["venue", "room", "dress_code", "flag_order"]}),
        (_("Languages, press and security"), {"fields": ["languages", "interpreters", "press", "security_level"]}),
        (_("Notes and source"), {"fields": ["notes", "source", "is_sample"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("guests in order of precedence"))
    def guest_list(self, protocol_file):
        if protocol_file.pk is None:
            return "–"
        guests = precedence.for_file(protocol_file)
        links = format_html(
            '<p><a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a></p>',
            reverse("admin:protocol_guest_changelist") + f"?protocol_file__id__exact={protocol_file.pk}",
            _("Guests"),
            reverse("admin:protocol_protocolfile_checkin", args=[protocol_file.pk]),
            _("Check-in list"),
            reverse("admin:protocol_protocolfile_security", args=[protocol_file.pk]),
            _("Security list (CSV)"),
            reverse("admin:protocol_protocolfile_caterer", args=[protocol_file.pk]),
            _("Caterer's list (CSV)"),
        )
        if not guests:
            return links
        rows = format_html_join(
            "", "<li>{} ({})</li>", ((guest.shown_name, guest.get_rsvp_display()) for guest in guests)
        )
        return format_html("{}<ol>{}</ol>", links, rows)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/checkin/", view(self.checkin_view), name="protocol_protocolfile_checkin"),
            path("<int:pk>/security.csv", view(self.security_view), name="protocol_protocolfile_security"),
            path("<int:pk>/caterer.csv", view(self.caterer_view), name="protocol_protocolfile_caterer"),
            *super().get_urls(),
        ]

    def _file(self, request, pk, private=False):
        protocol_file = get_object_or_404(ProtocolFile.objects.visible_to(request.user), pk=pk)
        if private and not request.user.has_perm("protocol.view_guestprivate"):
            raise PermissionDenied
        return protocol_file

    def checkin_view(self, request, pk):
        """The list at the door, on a phone: confirmed guests by name, each checked in with one tap."""
        protocol_file = self._file(request, pk)
        may_check_in = ProtocolFile.rights.is_editable(protocol_file, request.user)
        if request.method == "POST":
            if not may_check_in:
                raise PermissionDenied
            guest = get_object_or_404(Guest, pk=request.POST.get("guest"), protocol_file=protocol_file)
            services.guest_check_in(guest=guest)
        guests = Guest.objects.filter(protocol_file=protocol_file).confirmed().for_list()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Check-in: %(file)s") % {"file": protocol_file},
            "protocol_file": protocol_file,
            "guests": guests,
            "may_check_in": may_check_in,
        }
        return render(request, "protocol/checkin.html", context)

    def security_view(self, request, pk):
        return exports.security_list(self._file(request, pk, private=True))

    def caterer_view(self, request, pk):
        return exports.caterer_list(self._file(request, pk, private=True))

    @admin.action(description=_("Order the flags by precedence"))
    def order_flags(self, request, queryset):
        for protocol_file in queryset:
            protocol_file.flag_order = "\n".join(flags.flag_order(protocol_file))
            protocol_file.save(update_fields=["flag_order"])

    actions = ["order_flags"]


class GuestPrivateInline(RightsMixin, admin.StackedInline):
    model = GuestPrivate
    can_delete = False
    max_num = 1
    extra = 1


@admin.register(Guest)
class GuestAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "protocol_file",
        "office",
        "rsvp",
        "plus_ones",
        "security_approved_at",
        "badge_issued_at",
        "checked_in_at",
    ]
    list_filter = ["rsvp", "role", "protocol_file"]
    list_select_related = ["protocol_file", "office"]
    search_fields = ["last_name", "first_name", "organisation"]
    autocomplete_fields = ["protocol_file", "person", "title", "office", "representing_office"]
    readonly_fields = ["rsvp_link", "answered_at", "security_approved_at", "badge_issued_at", "checked_in_at"]
    inlines = [GuestPrivateInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "protocol_file",
                    "person",
                    ("first_name", "last_name"),
                    "position",
                    "title",
                    "organisation",
                    "country",
                    "language",
                    "role",
                ]
            },
        ),
        (
            _("Rank"),
            {
                "fields": [
                    "office",
                    ("mission_class", "took_up_functions_on"),
                    ("representing_office", "representing_name"),
                ]
            },
        ),
        (
            _("Invitation and answer"),
            {
                "fields": [
                    "rsvp_link",
                    "link_expires_at",
                    "rsvp",
                    "representative_name",
                    ("plus_ones_allowed", "plus_ones"),
                    "answered_at",
                ]
            },
        ),
        (_("Security, badge and check-in"), {"fields": ["security_approved_at", "badge_issued_at", "checked_in_at"]}),
    ]
    actions = ["send_invitations", "renew_links", "approve_security", "issue_badges"]

    @admin.display(description=_("personal link"))
    def rsvp_link(self, guest):
        if guest.pk is None or not guest.link_expires_at:
            return _("Set an expiry date to open the guest's personal link.")
        return format_html('<a href="{0}">{0}</a>', guest.get_rsvp_url())

    def _editable(self, request, queryset):
        if queryset.exclude(pk__in=Guest.objects.editable_by(request.user)).exists():
            raise PermissionDenied
        return queryset

    @admin.action(description=_("Send the invitations by e-mail (new personal links, valid for 30 days)"))
    def send_invitations(self, request, queryset):
        chosen = self._editable(request, queryset)
        expires_at = timezone.now() + datetime.timedelta(days=LINK_DAYS)
        count = len(services.invitations_send(guests=chosen, expires_at=expires_at))
        self.message_user(request, ngettext("%d invitation sent.", "%d invitations sent.", count) % count)
        left = chosen.count() - count
        if left:
            message = ngettext("%d guest has no e-mail address.", "%d guests have no e-mail address.", left)
            self.message_user(request, message % left, messages.WARNING)

    @admin.action(description=_("New personal links, valid for 30 days (the old ones stop working)"))
    def renew_links(self, request, queryset):
        expires_at = timezone.now() + datetime.timedelta(days=LINK_DAYS)
        for guest in self._editable(request, queryset):
            services.guest_invite(guest=guest, expires_at=expires_at)

    @admin.action(description=_("Approve by security"))
    def approve_security(self, request, queryset):
        count = services.security_approve(guests=self._editable(request, queryset))
        self.message_user(request, ngettext("%d guest approved.", "%d guests approved.", count) % count)

    @admin.action(description=_("Issue badges (guests approved by security only)"))
    def issue_badges(self, request, queryset):
        chosen = self._editable(request, queryset)
        refused = chosen.filter(security_approved_at=None).count()
        count = services.badges_issue(guests=chosen)
        self.message_user(request, ngettext("%d badge issued.", "%d badges issued.", count) % count)
        if refused:
            message = ngettext(
                "%d guest has no badge: security has not approved them.",
                "%d guests have no badge: security has not approved them.",
                refused,
            )
            self.message_user(request, message % refused, messages.WARNING)


class SeatInline(RightsMixin, admin.TabularInline):
    model = Seat
    extra = 0
    autocomplete_fields = ["guest"]
    fields = ["table", "position", "guest", "note", "flags"]
    readonly_fields = ["flags"]

    @admin.display(description=_("to check"))
    def flags(self, seat):
        if seat.pk is None:
            return ""
        plan = seat.plan
        if not hasattr(plan, "problems"):  # once per plan, not once per row
            plan.problems = seating.problems(plan)
        found = plan.problems.get(seat.guest_id, [])
        return "; ".join(str(message) for message in found) or "–"


@admin.register(SeatingPlan)
class SeatingPlanAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["name", "protocol_file", "layout", "tables", "seats_per_table"]
    list_select_related = ["protocol_file"]
    autocomplete_fields = ["protocol_file"]
    fields = ["protocol_file", "name", "layout", "tables", "seats_per_table", "print_links"]
    readonly_fields = ["print_links"]
    inlines = [SeatInline]
    actions = ["fill"]

    @admin.display(description=_("print"))
    def print_links(self, plan):
        if plan.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:protocol_seatingplan_plan", args=[plan.pk]),
            _("Seating plan (PDF)"),
            reverse("admin:protocol_seatingplan_cards", args=[plan.pk]),
            _("Place cards (PDF)"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/plan.pdf", view(self.plan_view), name="protocol_seatingplan_plan"),
            path("<int:pk>/cards.pdf", view(self.cards_view), name="protocol_seatingplan_cards"),
            *super().get_urls(),
        ]

    def _pdf(self, request, pk, render_pdf, name):
        plan = get_object_or_404(SeatingPlan.objects.visible_to(request.user).select_related("protocol_file"), pk=pk)
        response = HttpResponse(render_pdf(plan), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}-{plan.pk}.pdf"'
        return response

    def plan_view(self, request, pk):
        return self._pdf(request, pk, printing.plan_pdf, "seating-plan")

    def cards_view(self, request, pk):
        return self._pdf(request, pk, printing.place_cards_pdf, "place-cards")

    @admin.action(description=_("Seat the confirmed guests by the rules (replaces the plan)"))
    def fill(self, request, queryset):
        if queryset.exclude(pk__in=SeatingPlan.objects.editable_by(request.user)).exists():
            raise PermissionDenied
        for plan in queryset:
            try:
                count = services.seating_plan_fill(plan=plan)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, ngettext("%d guest seated.", "%d guests seated.", count) % count)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Seat:
            return super().save_formset(request, form, formset, change)
        # Moves by hand, swaps included, leave their places first (services.seats_move).
        seats = formset.save(commit=False)
        for seat in formset.deleted_objects:
            seat.delete()
        services.seats_move(seats=seats)
        formset.save_m2m()
        return None


@admin.register(Gift)
class GiftAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = [
        "description_short",
        "direction",
        "giver",
        "receiver",
        "estimated_value",
        "received_on",
        "disposition",
        "closed_on",
    ]
    list_filter = ["direction", "disposition"]
    search_fields = ["description", "giver", "receiver"]
    autocomplete_fields = ["activity"]
    date_hierarchy = "received_on"

    @admin.display(description=_("description"))
    def description_short(self, gift):
        return str(gift)


class EventBudgetLineInline(RightsMixin, admin.TabularInline):
    model = EventBudgetLine
    extra = 0


@admin.register(MajorEvent)
class MajorEventAdmin(RightsAdmin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "part"]
    list_filter = ["kind", "part"]
    list_select_related = ["activity"]
    search_fields = ["activity__title_en", "activity__title_fr", "activity__title_nl", "activity__title_de"]
    autocomplete_fields = ["activity", "team"]
    fields = ["activity", "kind", "part", "team", "notes", "budget_total", "source", "is_sample"]
    readonly_fields = ["budget_total"]
    inlines = [EventBudgetLineInline]

    @admin.display(description=_("budget: planned / spent"))
    def budget_total(self, event):
        if event.pk is None:
            return "–"
        planned, spent = event.budget()
        return f"{money(planned or 0)} / {money(spent or 0)}"
