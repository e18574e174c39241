from safeworkload.workforce.views import measures, plans, posts

app_name = "workforce"

urlpatterns = [*posts.urlpatterns, *plans.urlpatterns, *measures.urlpatterns]
