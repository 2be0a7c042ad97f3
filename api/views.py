"""The REST API (Django REST framework): public data for anyone, writes for staff with a token.

Every resource reads its rows through the model's Rights declaration (core.rights): anyone
gets `visible_to(user)`, which is the public rows for a visitor; a write needs the model
permission of the user's role and the record's object right (`is_editable`: an officer's token
changes only the partners of their portfolio). No rule is restated here.

- Pages by cursor; `ordering=` among each resource's `ordering_fields`; filters per resource.
- Each answer carries an ETag and answers If-None-Match with 304.
- A visitor's lists (no token) are kept in the cache until any governed record changes
  (core.cache's content version), like the public pages.
- Limits: API_RATE_PER_TOKEN and API_RATE_PER_ADDRESS (100 a minute); the next gets 429 with
  Retry-After. Errors are RFC 9457 problem details (api.problems).
"""

import hashlib

from auditlog.context import set_actor
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination

from activities.models import Activity
from api import serializers
from api.permissions import RightsPermission
from communication.models import Article
from cooperation.models import Call, Grant, Project
from core.cache import content_version
from core.net import client_ip
from directory.models import StaffMember
from partners.models import Agreement, Partner

CACHE_SECONDS = 24 * 3600
# The visitors' lists this process served last (see RightsViewSet.list).
LOCAL_LISTS = 200
_local_lists = {}


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class RightsViewSet:
    """What every resource adds to DRF's mixins (it comes first among the bases, before them)."""

    permission_classes = [RightsPermission]
    pagination_class = Cursor
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    # Writes: through the audit, in the name of the token's holder.

    def _as_user(self):
        return set_actor(self.request.user, remote_addr=client_ip(self.request._request))

    def perform_create(self, serializer):
        rights = serializer.Meta.model.rights
        if rights.owner:
            owner = serializer.validated_data.get(rights.owner_field.name)
            if owner is not None and not owner.rights.is_editable(owner, self.request.user):
                raise PermissionDenied(_("You may not change that record."))
        with self._as_user():
            serializer.save()

    def perform_update(self, serializer):
        rights = serializer.Meta.model.rights
        if rights.owner and rights.owner_field.name in serializer.validated_data:
            owner = serializer.validated_data[rights.owner_field.name]
            if not owner.rights.is_editable(owner, self.request.user):
                raise PermissionDenied(_("You may not change that record."))
        with self._as_user():
            serializer.save()

    def perform_destroy(self, instance):
        with self._as_user():
            instance.delete()

    # A visitor's lists from the cache; ETags and 304 for everyone.

    def list(self, request, *args, **kwargs):
        if request.auth is not None or request.user.is_authenticated:
            return super().list(request, *args, **kwargs)
        # A visitor's list: the JSON as rendered, until the content version changes (core.cache),
        # kept by this process too, so that a hit reads only the version from the shared cache.
        address = f"{get_language()}|{request.build_absolute_uri()}"
        key = "liaison:api-list:" + hashlib.sha256(address.encode()).hexdigest()
        version = content_version()
        entry = _local_lists.get(key)
        if entry is None or entry[0] != version:
            entry = cache.get(key)
        if entry is None or entry[0] != version:
            response = super().list(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            content = response.rendered_content
            entry = (version, content, '"' + hashlib.sha1(content).hexdigest() + '"')
            cache.set(key, entry, CACHE_SECONDS)
        _local_lists[key] = entry
        while len(_local_lists) > LOCAL_LISTS:
            _local_lists.pop(next(iter(_local_lists)))
        response = HttpResponse(entry[1], content_type="application/json")
        response["ETag"] = entry[2]
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Accept-Language", "Authorization"])
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            if hasattr(response, "render"):
                response.render()
            if not response.has_header("ETag"):
                response["ETag"] = '"' + hashlib.sha1(response.content).hexdigest() + '"'
            response["Cache-Control"] = "no-cache" if request.auth is None else "private, no-cache"
            return get_conditional_response(request._request, etag=response["ETag"], response=response)
        return response


class ReadOnly(RightsViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


class ReadWrite(
    RightsViewSet,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    pass


class PartnerFilter(filters.FilterSet):
    theme = filters.CharFilter(field_name="themes__slug", help_text=_("A theme's slug."), distinct=True)
    country = filters.CharFilter(field_name="country", lookup_expr="iexact")

    class Meta:
        model = Partner
        fields = ["kind", "state", "continent", "country", "theme"]


class PartnerViewSet(ReadWrite):
    """Partners: cities, regions and countries the Region has, or had, a partnership with."""

    queryset = Partner.objects.prefetch_related("themes")
    serializer_class = serializers.PartnerSerializer
    lookup_field = "slug"
    filterset_class = PartnerFilter
    ordering_fields = ["slug", "country"]
    ordering = ["slug"]


class AgreementFilter(filters.FilterSet):
    partner = filters.CharFilter(field_name="partner__slug")
    signed_after = filters.DateFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = filters.DateFilter(field_name="signed_on", lookup_expr="lte")

    class Meta:
        model = Agreement
        fields = ["kind", "partner", "signed_after", "signed_before"]


class AgreementViewSet(ReadWrite):
    """Agreements signed with partners."""

    queryset = Agreement.objects.select_related("partner").prefetch_related("themes")
    serializer_class = serializers.AgreementSerializer
    filterset_class = AgreementFilter
    ordering_fields = ["id", "signed_on"]
    ordering = ["id"]


class ActivityFilter(filters.FilterSet):
    partner = filters.CharFilter(field_name="partners__slug", distinct=True)
    year = filters.NumberFilter(field_name="start_date", lookup_expr="year", min_value=1800, max_value=2200)

    class Meta:
        model = Activity
        fields = ["kind", "state", "partner", "year"]


class ActivityViewSet(ReadOnly):
    """Missions, visits, events and meetings."""

    queryset = Activity.objects.prefetch_related(Prefetch("partners", Partner.objects.only("slug")), "themes").defer(
        "internal_notes"
    )
    serializer_class = serializers.ActivitySerializer
    lookup_field = "slug"
    filterset_class = ActivityFilter
    ordering_fields = ["slug", "start_date"]
    ordering = ["slug"]


class ArticleFilter(filters.FilterSet):
    partner = filters.CharFilter(field_name="partners__slug", distinct=True)
    theme = filters.CharFilter(field_name="themes__slug", distinct=True)

    class Meta:
        model = Article
        fields = ["partner", "theme"]


class ArticleViewSet(ReadOnly):
    """News published on the public site."""

    queryset = Article.objects.prefetch_related("partners", "themes")
    serializer_class = serializers.ArticleSerializer
    lookup_field = "slug"
    filterset_class = ArticleFilter
    ordering_fields = ["slug", "publish_at"]
    ordering = ["-publish_at"]


class CallViewSet(ReadOnly):
    """Calls for projects."""

    queryset = Call.objects.select_related("modality").prefetch_related("themes")
    serializer_class = serializers.CallSerializer
    filterset_fields = ["modality__slug"]
    ordering_fields = ["id", "opens_at", "closes_at"]
    ordering = ["-opens_at"]


class FundedProjectViewSet(ReadOnly):
    """Projects funded by a grant of a call."""

    queryset = Grant.objects.select_related("application__organisation")
    serializer_class = serializers.FundedProjectSerializer
    filterset_fields = ["application__call"]
    ordering_fields = ["id", "awarded_on"]
    ordering = ["-awarded_on"]


class ProjectViewSet(ReadOnly):
    """Direct bilateral projects."""

    queryset = Project.objects.select_related("partner")
    serializer_class = serializers.ProjectSerializer
    lookup_field = "reference"
    filterset_fields = ["status"]
    ordering_fields = ["reference", "starts_on"]
    ordering = ["-starts_on"]


class StaffMemberViewSet(ReadOnly):
    """The directory: who does what in the office."""

    queryset = StaffMember.objects.select_related("unit").prefetch_related("subjects")
    serializer_class = serializers.StaffMemberSerializer
    filterset_fields = ["unit__slug"]
    ordering_fields = ["id", "last_name"]
    ordering = ["id"]
