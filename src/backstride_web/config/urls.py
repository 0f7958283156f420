from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("backstride_web.pages.urls")),
    path("accounts/", include("backstride_web.accounts.urls")),
    path("jobs/", include("backstride_web.jobs.urls")),
    path("assess/", include("backstride_web.assessments.urls")),
    path("runs/", include("backstride_web.activities.urls")),
    path("diary/", include("backstride_web.diary.urls")),
    path("plan/", include("backstride_web.plans.urls")),
    path("explain/", include("backstride_web.explain.urls")),
    path("admin/", admin.site.urls),
]
