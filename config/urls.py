from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# Operators sign in to the admin through allauth too, so two-step sign-in applies there as well.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Caring City: server administration"

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("caringcity.core.urls")),
    path("", include("caringcity.people.urls")),
    path("", include("caringcity.teams.urls")),
    path("", include("caringcity.visits.urls")),
    path("", include("caringcity.circles.urls")),
    path("", include("caringcity.networks.urls")),
    path("", include("caringcity.evaluation.urls")),
    path("", include("caringcity.stories.urls")),
    path("", include("caringcity.lab.urls")),
]

handler400 = "caringcity.core.views.error_400"
handler403 = "caringcity.core.views.error_403"
handler404 = "caringcity.core.views.error_404"
handler500 = "caringcity.core.views.error_500"

