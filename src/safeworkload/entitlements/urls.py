from safeworkload.entitlements import views

app_name = "entitlements"
urlpatterns = [*views.urlpatterns]
