from django.urls import path

from protocol import views

app_name = "protocol"
urlpatterns = [
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("protocol/gifts/", views.gift_register, name="gift-register"),
]
