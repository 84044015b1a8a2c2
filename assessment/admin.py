from django.contrib import admin

from assessment import models


class MarkingPointInline(admin.StackedInline):
    model = models.MarkingPoint
    extra = 0


class WrongIdeaInline(admin.StackedInline):
    model = models.WrongIdea
    extra = 0


@admin.register(models.Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "command_word", "marks"]
    list_filter = ["topic"]
    inlines = [MarkingPointInline, WrongIdeaInline]


admin.site.register(models.Attempt)
admin.site.register(models.Challenge)
admin.site.register(models.SampleAnswer)
