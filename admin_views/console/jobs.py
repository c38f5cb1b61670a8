"""Job monitor: RQ queue lengths, failed jobs (retry, delete), the outbox and its stuck messages."""
from flask import flash, redirect, request
from flask_admin import expose

from admin_views.console.base import AdministratorView
from portal import job_status, watchdog
from portal.messaging import notice_log, outbox


class JobMonitorView(AdministratorView):
    """Background work at a glance; works with and without Redis."""

    @expose("/")
    def index(self):
        """Queues, failed jobs, the outbox backlog and the messages needing a person."""
        return self.render("console/jobs.html", queues=job_status.queue_lengths(),
                           failed=job_status.failed_jobs(), watchdog=watchdog.state(),
                           backlog=job_status.outbox_backlog(),
                           attention=notice_log.needing_attention(), labels=notice_log)

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

    @expose("/kirim-ulang/", methods=("POST",))
    def resend(self):
        """Send one failed or stuck outbox message again."""
        message_id = request.form.get("message_id", "")
        done = message_id.isdigit() and outbox.retry(int(message_id))
        flash("Pesan dijadwalkan untuk dikirim ulang." if done else
              "Pesan tidak ditemukan atau tidak perlu dikirim ulang.",
              "success" if done else "error")
        return redirect(self.get_url(".index"))
