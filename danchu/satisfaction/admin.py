from django.contrib import admin

from danchu.core.admin import ReadOnlyAdmin
from danchu.satisfaction.models import Comment, Matter, Office


@admin.register(Office)
class OfficeAdmin(ReadOnlyAdmin):
    list_display = ("name", "commune", "active")
    search_fields = ("name", "commune__name")


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdmin):
    list_display = ("number", "procedure", "official", "handled_on", "office")
    search_fields = ("number", "procedure")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("office", "week", "due", "answered_on")
