from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from expunge.urls import public_patterns, staff_patterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/", include(staff_patterns)),
    *i18n_patterns(path("", include(public_patterns))),
]
