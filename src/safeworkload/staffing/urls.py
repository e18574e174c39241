from safeworkload.staffing import views as model_views
from safeworkload.staffing import views_duty

app_name = "staffing"

urlpatterns: list = []
urlpatterns += model_views.urlpatterns
urlpatterns += views_duty.urlpatterns
