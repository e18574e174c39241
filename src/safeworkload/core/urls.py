from django.urls import path

from safeworkload.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("switch/", views.switch, name="switch"),
    path("healthz", views.healthz, name="healthz"),
]
