from django.contrib import admin

from danchu.people.models import Assignment, Person, Position, Term


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "category")
    list_filter = ("level", "category")
    search_fields = ("name", "code")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "start", "end")


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "person"
    extra = 0
    raw_id_fields = ("agency", "previous")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "gender", "date_of_birth", "home_unit", "retirement_announced_on")
    search_fields = ("full_name", "search_name")
    raw_id_fields = ("home_unit",)
    exclude = ("national_id",)  # ID1: kept out of the generic admin; edit it on the person page
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "position", "agency", "start_date", "end_date", "how_started")
    list_filter = ("how_started", "position")
    raw_id_fields = ("person", "agency", "previous")
    list_select_related = ("person", "position", "agency")
