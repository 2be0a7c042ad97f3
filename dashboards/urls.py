from django.urls import path

from dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("staff/briefing/activity/<slug:slug>/", views.activity_briefing, name="activity-briefing"),
    path(
        "staff/briefing/activity/<slug:slug>.pdf",
        views.activity_briefing,
        {"pdf": True},
        name="activity-briefing-pdf",
    ),
    path("staff/briefing/<slug:slug>/", views.partner_briefing, name="partner-briefing"),
    path("staff/briefing/<slug:slug>.pdf", views.partner_briefing, {"pdf": True}, name="partner-briefing-pdf"),
]
