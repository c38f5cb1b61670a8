"""Job monitor: RQ queue lengths, failed jobs (retry, delete), the outbox backlog."""
from flask import flash, redirect, request
from flask_admin import expose

from admin_views.console.base import AdministratorView
from portal import job_status


class JobMonitorView(AdministratorView):
    """Background work at a glance; works with and without Redis."""

    @expose("/")
    def index(self):
        """Queues, failed jobs and the outbox, on one page."""
        return self.render("console/jobs.html", queues=job_status.queue_lengths(),
                           failed=job_status.failed_jobs(),
                           backlog=job_status.outbox_backlog(),
                           outbox_failures=job_status.recent_outbox_failures())

    @expose("/retry/", methods=("POST",))
    def retry(self):
        """Requeue one failed job."""
        done = job_status.retry_job(request.form.get("job_id", ""))
        flash("Pekerjaan dijadwalkan ulang." if done else "Pekerjaan tidak ditemukan.",
              "success" if done else "error")
        return redirect(self.get_url(".index"))

    @expose("/delete/", methods=("POST",))
    def delete(self):
        """Delete one failed job."""
        done = job_status.delete_job(request.form.get("job_id", ""))
        flash("Pekerjaan dihapus." if done else "Pekerjaan tidak ditemukan.",
              "success" if done else "error")
        return redirect(self.get_url(".index"))
