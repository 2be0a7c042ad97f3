from django.urls import path

from public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/map/", views.partner_map, name="partner-map"),
    path("partners/<slug:slug>/", views.partner_detail, name="partner-detail"),
    path("directory/", views.directory, name="directory"),
]
