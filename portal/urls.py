from django.contrib import admin
from django.urls import LocalePrefixPattern, URLResolver, include, path

from residents.urls import public_patterns
from residents.views.public import set_language
from staff.urls import staff_patterns

urlpatterns = [
    # The resident's pages, under the language prefix (/en/, /es/): what i18n_patterns()
    # builds, with the "public" namespace on the same resolver rather than on an include
    # nested inside it, so that resolving a page walks one level fewer.
    URLResolver(LocalePrefixPattern(), public_patterns[0], app_name=public_patterns[1], namespace=public_patterns[1]),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("staff/", include(staff_patterns)),
]
