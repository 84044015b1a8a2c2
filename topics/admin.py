from django.contrib import admin

from topics import models


class TopicPartInline(admin.TabularInline):
    extra = 0


def inline_for(part_model):
    return type(f"{part_model.__name__}Inline", (TopicPartInline,), {"model": part_model})


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "qualification", "updated_at"]
    list_filter = ["kind", "qualification__awarding_body", "qualification"]
    search_fields = ["title", "synopsis"]
    inlines = [
        inline_for(model)
        for model in (
            models.LearningOutcome,
            models.KeyConcept,
            models.AssessmentCriterion,
            models.Tip,
            models.Mistake,
            models.Misconception,
            models.Prerequisite,
            models.KeyTerm,
        )
    ]


admin.site.register(models.AwardingBody)
admin.site.register(models.Qualification)
