"""The learner's own progress on the content pages (home and topic), which topics/ renders
without knowing of this app: the pages' templates load these tags, and topics.caching renders
such a page privately for a browser with a session."""

from django import template

from practice.snapshot import learner_snapshot

register = template.Library()


@register.inclusion_tag("practice/_next_step.html", takes_context=True)
def learner_next_step(context) -> dict:
    snapshot = learner_snapshot(context["request"])
    return {"snapshot": snapshot, "suggestion": snapshot.suggestion if snapshot else None}


def _topic(context, topic) -> dict:
    snapshot = learner_snapshot(context["request"])
    if snapshot is None:
        return {"topic": topic}
    return {
        "topic": topic,
        "progress": snapshot.topics.get(topic.pk),
        "due": snapshot.due_by_topic.get(topic.pk, 0),
    }


@register.inclusion_tag("practice/_topic_glance.html", takes_context=True)
def learner_topic_glance(context, topic) -> dict:
    """A home card's line: latest marks, criteria shown, reviews due."""
    return _topic(context, topic)


@register.inclusion_tag("practice/_topic_shown.html", takes_context=True)
def learner_topic_shown(context, topic) -> dict:
    """The topic page's panel: what this learner has and has not shown."""
    return _topic(context, topic)
