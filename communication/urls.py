from django.urls import path

from communication import feeds, views
from core.cache import public_page

app_name = "communication"
urlpatterns = [
    path("news/", views.article_list, name="article-list"),
    path("news/rss.xml", public_page(feeds.NewsFeed()), name="rss"),
    path("news/atom.xml", public_page(feeds.AtomNewsFeed()), name="atom"),
    path("news/<slug:slug>/", views.article_detail, name="article-detail"),
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/archive/", views.archive, name="archive"),
    path("newsletter/archive/<int:pk>/", views.archive_detail, name="archive-detail"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletter/my-data/<str:token>/", views.export, name="export"),
    path("newsletter/erase/<str:token>/", views.erase, name="erase"),
]
