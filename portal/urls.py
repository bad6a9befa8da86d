from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from expunge.urls import public_patterns, staff_patterns
from expunge.views.public import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("staff/", include(staff_patterns)),
    *i18n_patterns(path("", include(public_patterns))),
]
