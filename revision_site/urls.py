from django.contrib import admin
from django.urls import include, path

from revision_site import signin

admin.site.login_form = signin.BackoffAuthenticationForm
admin.site.login = signin.login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("topics.urls")),
    path("", include("assessment.urls")),
    path("", include("practice.urls")),
]

handler500 = "revision_site.health.server_error"
