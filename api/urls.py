from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

router = DefaultRouter()
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("news", views.ArticleViewSet, basename="news")
router.register("calls", views.CallViewSet, basename="call")
router.register("funded-projects", views.FundedProjectViewSet, basename="funded-project")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("directory", views.StaffMemberViewSet, basename="staff-member")

# Swagger UI draws its icons from data: addresses; only its page allows them (the rest of the
# site keeps img-src 'self'). Its scripts and styles are files of this site (the sidecar).
docs = csp_update(
    {
        "img-src": [SELF, "data:"],
        # The one <style> element Swagger UI's script writes (its hash; no other inline style).
        "style-src": [SELF, "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"],
    }
)(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
    path("", include(router.urls)),
]
