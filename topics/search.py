"""Full-text search over the topics, behind one small interface.

`search_index_topic(topic)` writes a topic's searchable pieces; `search(query)` finds them, ranked,
with the matched words marked. SQLite uses its FTS5 index (porter stemming, bm25 ranking,
highlight()); PostgreSQL its own text search ('english' configuration, ts_rank, ts_headline).
The snippets come back as safe HTML: the text is escaped first, then only <mark> is added.
Both backends rank the same way: the database's relevance times the weight of the part that
matched (a word in a title or a key term says more than the same word in a tip).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from topics.models import SearchEntry, Topic
from topics.parts import PARTS

START, STOP = "\x02", "\x03"  # markers no content contains; replaced by <mark> after escaping
MAX_QUERY_WORDS = 12
SEARCHED_PARTS = [part.searched for part in PARTS if part.searched]
PART_LABELS = {
    "title": "Title",
    "synopsis": "Synopsis",
    **{searched.part: searched.label for searched in SEARCHED_PARTS},
}
PART_WEIGHTS = {
    "title": 4.0,
    "synopsis": 1.2,
    **{searched.part: searched.weight for searched in SEARCHED_PARTS if searched.weight != 1.0},
}


@dataclass(frozen=True)
class Hit:
    topic: Topic
    part: str
    anchor: str
    snippet: SafeString
    rank: float

    @property
    def part_label(self) -> str:
        return PART_LABELS.get(self.part, self.part)


def _entries(topic: Topic) -> list[SearchEntry]:
    def entry(part: str, anchor: str, body: str) -> SearchEntry:
        return SearchEntry(topic=topic, part=part, anchor=anchor, body=body)

    # the synopsis is markdown: index the words a learner reads, not its ** and []()
    synopsis = html.unescape(strip_tags(topic.synopsis_html))
    entries = [entry("title", "", topic.title), entry("synopsis", "synopsis", synopsis)]
    for part in PARTS:
        if part.searched:
            searched = part.searched
            entries += [
                entry(searched.part, searched.anchor(item), searched.body(item))
                for item in getattr(topic, part.key).all()
            ]
    return entries


def search_index_topic(topic: Topic) -> None:
    """Replace the topic's search entries (the FTS5 triggers follow on SQLite). An archived
    topic has none: it is off the site."""
    SearchEntry.objects.filter(topic=topic).delete()
    if topic.archived_at is None:
        SearchEntry.objects.bulk_create(_entries(topic))


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:MAX_QUERY_WORDS]


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped first


def search(query: str, *, limit: int = 30) -> list[Hit]:
    words = _words(query)
    if not words:
        return []
    if connection.vendor == "sqlite":
        rows = _search_sqlite(words, limit)
    else:
        rows = _search_postgres(words, limit)
    topics = (
        Topic.objects.live()
        .select_related("qualification__awarding_body")
        .in_bulk({r[1] for r in rows})
    )
    return [
        Hit(topic=topics[topic_id], part=part, anchor=anchor, snippet=_marked(snippet), rank=rank)
        for _, topic_id, part, anchor, snippet, rank in rows
        if topic_id in topics
    ]


# bm25 is negative, lower for better matches: a larger weight makes a match better still
_SQLITE_WEIGHT = (
    "(CASE e.part "
    + " ".join(f"WHEN '{part}' THEN {weight}" for part, weight in PART_WEIGHTS.items())
    + " ELSE 1.0 END)"
)
SQLITE_SEARCH = (
    "SELECT e.id, e.topic_id, e.part, e.anchor, "  # noqa: S608 - only PART_WEIGHTS, a constant, is joined in
    "snippet(topics_searchentry_fts, 0, %s, %s, '…', 24), "
    "bm25(topics_searchentry_fts) AS rank "
    "FROM topics_searchentry_fts JOIN topics_searchentry e ON e.id = topics_searchentry_fts.rowid "
    "WHERE topics_searchentry_fts MATCH %s "
    f"ORDER BY rank * {_SQLITE_WEIGHT}, e.id LIMIT %s"
)


def _search_sqlite(words: list[str], limit: int) -> list[tuple]:
    # each word quoted: FTS5's query syntax (NEAR, *, column filters) stays out of a learner's reach
    quoted = ['"' + word.replace('"', "") + '"' for word in words]
    with connection.cursor() as cursor:
        for joiner in (" ", " OR "):  # every word first; failing that, any word
            cursor.execute(SQLITE_SEARCH, [START, STOP, joiner.join(quoted), limit])
            rows = cursor.fetchall()
            if rows or len(words) == 1:
                break
    # bm25 is lower for better matches: turn it into "higher is better", weighted as ordered
    return [(*row[:5], -row[5] * PART_WEIGHTS.get(row[2], 1.0)) for row in rows]


def _search_postgres(words: list[str], limit: int) -> list[tuple]:
    vector = SearchVector("body", config="english")
    for operator in ("&", "|"):
        query = SearchQuery(f" {operator} ".join(words), config="english", search_type="raw")
        rows = list(
            SearchEntry.objects.annotate(
                rank=SearchRank(vector, query) * _postgres_weight(),
                snippet=SearchHeadline(
                    "body",
                    query,
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                ),
            )
            .annotate(matches=vector)
            .filter(matches=query)
            .order_by(F("rank").desc(), "id")
            .values_list("id", "topic_id", "part", "anchor", "snippet", "rank")[:limit]
        )
        if rows or len(words) == 1:
            return rows
    return []


def _postgres_weight() -> Case:
    return Case(
        *(When(part=part, then=Value(weight)) for part, weight in PART_WEIGHTS.items()),
        default=Value(1.0),
        output_field=FloatField(),
    )
