from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from danchu.core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin
from danchu.jobs.models import Job, Reminder


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "unit", "started_by", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_on", "user", "title", "due", "late", "emailed"]


# django-tasks' own task rows: shown read-only like every process record; only the worker and
# danchu.jobs.services change them.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(ReadOnlyAdminMixin, DBTaskResultAdmin):
    pass
