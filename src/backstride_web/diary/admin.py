from django.contrib import admin

from backstride_web.diary.models import DailyCheckin, RunPain

admin.site.register(RunPain)
admin.site.register(DailyCheckin)
