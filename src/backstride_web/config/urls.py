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
    path("experiments/", include("backstride_web.experiments.urls")),
    path("gait/", include("backstride_web.gait.urls")),
    path("report/", include("backstride_web.report.urls")),
    path("api/", include("backstride_web.api.urls")),
    path("admin/", admin.site.urls),
]
