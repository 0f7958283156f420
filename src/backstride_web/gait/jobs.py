"""The background job that analyses an uploaded gait video."""

from __future__ import annotations

from typing import Any

from backstride.errors import InputError
from backstride_web.gait.models import GaitSession
from backstride_web.gait.services import JOB_KIND, analyse_session
from backstride_web.jobs.models import Job
from backstride_web.jobs.registry import Progress, job_kind


@job_kind(JOB_KIND, label="Gait analysis of a video", result_template="gait/_job_result.html")
def gait_analysis(job: Job, progress: Progress) -> dict[str, Any]:
    """Run the core on the session's video; bad input fails the job with the core's message
    (and marks the session failed, with no metrics)."""
    session = GaitSession.objects.filter(pk=job.params.get("session_id")).first()
    if session is None:
        raise InputError("the gait session of this job was deleted; upload the video again")
    return analyse_session(session, progress)
