from django.urls import path

from safeworkload.organisations import views

app_name = "organisations"
urlpatterns = [
    path("region/", views.region, name="region"),
    path("teams/", views.team_list_view, name="team-list"),
    path("teams/new/", views.team_create, name="team-create"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team-edit"),
    path("people/", views.person_list_view, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("admin/sign-ins/", views.membership_list_view, name="membership-list"),
    path("admin/sign-ins/new/", views.membership_create, name="membership-create"),
    path("admin/sign-ins/<int:pk>/remove/", views.membership_remove, name="membership-remove"),
    path("admin/api-tokens/", views.api_token_list, name="api-token-list"),
    path("admin/api-tokens/new/", views.api_token_create, name="api-token-create"),
    path("admin/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
