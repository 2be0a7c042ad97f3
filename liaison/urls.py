from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from activities import views as activity_views
from api import opendata_views
from communication import views as communication_views
from cooperation import public_views as cooperation_views
from core import import_views
from core import views as core_views
from partners import views as partner_views
from public import views as public_views
from search import views as search_views

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("admin/search/", admin.site.admin_view(search_views.back_office_search), name="admin-search"),
    path("api/", include("api.urls")),
    path("open-data/<slug:dataset>/datapackage.json", opendata_views.datapackage, name="open-data-package"),
    path("open-data/<slug:dataset>/<str:name>", opendata_views.data_file, name="open-data-file"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("map/world.svg", public_views.world_svg, name="world-svg"),
    path("documents/<path:name>", partner_views.document, name="document"),
    path("calendar/<str:token>.ics", activity_views.private_feed, name="private-feed"),
    path("news/images/<int:pk>", communication_views.image, name="news-image"),
    path("iati/activities.xml", cooperation_views.iati_activities, name="iati-activities"),
    path("iati/organisation.xml", cooperation_views.iati_organisation, name="iati-organisation"),
]
urlpatterns += i18n_patterns(
    path("", include("public.urls")),
    path("open-data/", opendata_views.page, name="open-data"),
    path("", include("activities.urls")),
    path("", include("communication.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("", include("protocol.urls")),
    path("search/", include("search.urls")),
    path("", include("dashboards.urls")),
    path("staff/import/", import_views.bulk_import, name="bulk-import"),
)

handler500 = "core.views.server_error"
