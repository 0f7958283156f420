from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from backstride_web.demo import build_demo


class Command(BaseCommand):
    help = "Create (or reset) the demo runner and demo clinician."

    def handle(self, *args: Any, **options: Any) -> None:
        people = build_demo(today=timezone.localdate())
        self.stdout.write(f"{people.runner.email} / {people.password}")
        self.stdout.write(f"{people.clinician.email} / {people.password}")
