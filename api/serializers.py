"""What the API shows of each resource: public fields only, never a field a model's Rights
declares private (api/tests/test_api.py checks both the lists and the answers).

Text fields are given in the request's language (Accept-Language), with the fallbacks of the
public site; links to other records by their public keys (slugs), never by a staff member's
account."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from activities.models import Activity
from communication.models import Article
from cooperation.models import Call, Grant, Project
from core import seeds
from directory.models import StaffMember
from partners.models import Agreement, Partner, Theme


class InferredList(serializers.ListSerializer):
    """A page of records, with the facts the data file only infers read once for the page."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        self.child.inferred = seeds.unconfirmed_of(items)
        try:
            return super().to_representation(items)
        finally:
            self.child.inferred = None


class PublicFacts(serializers.ModelSerializer):
    """A record's fields, the facts the data file only infers given as null: the public pages
    leave them out until staff confirm them (core.seeds.unconfirmed), and so does the API."""

    inferred = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.Meta.list_serializer_class = InferredList

    def to_representation(self, instance):
        data = super().to_representation(instance)
        inferred = self.inferred if self.inferred is not None else seeds.unconfirmed_of([instance])
        for name in inferred.get(instance.pk, {}):
            if name in data:
                data[name] = None
        return data


def themes():
    return serializers.SlugRelatedField(slug_field="slug", many=True, queryset=Theme.objects.all(), required=False)


class PartnerSerializer(PublicFacts):
    themes = themes()
    country = serializers.CharField(max_length=2, help_text=_("ISO 3166-1 alpha-2 code."))
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = [
            "slug",
            "name",
            "kind",
            "country",
            "continent",
            "state",
            "description",
            "themes",
            "latitude",
            "longitude",
            "geonames_id",
            "wikidata_id",
            "public_url",
        ]
        read_only_fields = ["continent"]

    def get_public_url(self, partner) -> str | None:
        return partner.get_absolute_url() if partner.state != Partner.State.ENDED else None

    def validate_country(self, value):
        from django_countries import countries

        if value.upper() not in dict(countries):
            raise serializers.ValidationError(_("Not a country code."))
        return value.upper()

    def validate_slug(self, value):
        if self.instance is not None and value != self.instance.slug:
            raise serializers.ValidationError(_("A partner's address never changes once made."))
        return value


class AgreementSerializer(PublicFacts):
    partner = serializers.SlugRelatedField(slug_field="slug", queryset=Partner.objects.all())
    themes = themes()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "partner",
            "kind",
            "title",
            "summary",
            "signed_on",
            "signed_on_precision",
            "signed_at",
            "signing_mode",
            "valid_from",
            "valid_until",
            "renewal",
            "themes",
            "is_public",
        ]

    def validate(self, attrs):
        instance = Agreement(**{k: v for k, v in attrs.items() if k != "themes"})
        if self.instance is not None:
            instance = self.instance
            for name, value in attrs.items():
                if name != "themes":
                    setattr(instance, name, value)
        instance.clean()
        return attrs


class ActivitySerializer(PublicFacts):
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "slug",
            "title",
            "kind",
            "description",
            "start_date",
            "end_date",
            "date_precision",
            "venue",
            "city",
            "state",
            "partners",
            "themes",
            "public_url",
        ]

    def get_public_url(self, activity) -> str:
        return activity.get_absolute_url()


class ArticleSerializer(PublicFacts):
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["slug", "title", "summary", "body", "publish_at", "partners", "themes", "public_url"]

    def get_public_url(self, article) -> str:
        return article.get_absolute_url()


class CallSerializer(PublicFacts):
    modality = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "description",
            "criteria",
            "modality",
            "themes",
            "eligible_countries",
            "envelope",
            "maximum_grant",
            "cofunding_percent",
            "opens_at",
            "closes_at",
        ]


class FundedProjectSerializer(PublicFacts):
    """A grant of a call: the selected application's project, its holder and the amount."""

    reference = serializers.CharField(source="application.reference")
    title = serializers.CharField(source="application.title")
    summary = serializers.CharField(source="application.summary")
    holder = serializers.CharField(source="application.organisation.name")
    country = serializers.CharField(source="application.country")
    city = serializers.CharField(source="application.city")
    call = serializers.IntegerField(source="application.call_id")

    class Meta:
        model = Grant
        fields = ["id", "reference", "title", "summary", "holder", "country", "city", "call", "amount", "awarded_on"]


class ProjectSerializer(PublicFacts):
    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Project
        fields = [
            "reference",
            "title",
            "description",
            "partner",
            "city",
            "sectors",
            "starts_on",
            "ends_on",
            "budget",
            "status",
        ]


class StaffMemberSerializer(PublicFacts):
    unit = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    subjects = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = StaffMember
        fields = ["id", "first_name", "last_name", "title", "unit", "phone", "email", "languages", "subjects"]


SERIALIZERS = [
    PartnerSerializer,
    AgreementSerializer,
    ActivitySerializer,
    ArticleSerializer,
    CallSerializer,
    FundedProjectSerializer,
    ProjectSerializer,
    StaffMemberSerializer,
]
