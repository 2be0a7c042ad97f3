from django.urls import path

from activities import views

app_name = "activities"
urlpatterns = [
    path("activities/", views.upcoming, name="upcoming"),
    path("activities/retrospective/", views.retrospective, name="retrospective"),
    path("activities/calendar.ics", views.public_feed, name="feed"),
    path("activities/mine/", views.my_calendar, name="my-calendar"),
    path("activities/mine/calendar/", views.staff_calendar, name="staff-calendar"),
    path("activities/mine/tokens/", views.feed_token_create, name="feed-token-create"),
    path("activities/mine/tokens/<int:pk>/revoke/", views.feed_token_revoke, name="feed-token-revoke"),
    path("activities/files/<path:name>", views.activity_file, name="file"),
    path("activities/<slug:slug>/", views.activity_detail, name="activity-detail"),
    path("activities/<slug:slug>/calendar.ics", views.activity_ics, name="activity-ics"),
    path("activities/<slug:slug>/follow/", views.follow, name="follow"),
    path("partners/<slug:slug>/calendar.ics", views.partner_feed, name="partner-feed"),
]
