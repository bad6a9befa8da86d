from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from residents.urls import public_patterns
from residents.views.public import set_language
from staff.urls import staff_patterns

# The admin asks for the second factor too (django-otp): a password alone never opens it.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("staff/", include(staff_patterns)),
    # The resident's pages, under the language prefix (/en/, /es/).
    *i18n_patterns(path("", include(public_patterns))),
]
