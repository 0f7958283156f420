from django.contrib import admin

from backstride_web.plans.models import PlanAdjustment, RunnerPlan

admin.site.register(RunnerPlan)
admin.site.register(PlanAdjustment)
