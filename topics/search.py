"""Full-text search over the topics, behind one small interface.

`search_index_topic(topic)` writes a topic's searchable pieces; `search(query)` finds them, ranked,
with the matched words marked. SQLite uses its FTS5 index (porter stemming, bm25 ranking,
highlight()); PostgreSQL its own text search ('english' configuration, ts_rank, ts_headline).
The snippets come back as safe HTML: the text is escaped first, then only <mark> is added.
Both backends rank the same way: the database's relevance times the weight of the part that
matched (a word in a title or a key term says more than the same word in a tip).

Grammar words ("what is an ...") are dropped before searching, so they neither rank nor light up.
`search_with_correction(query)` forgives typos: a word the index does not know is replaced by the
nearest word the content uses ("complant" -> "complaint"), by pg_trgm's trigram similarity on
PostgreSQL and rapidfuzz's edit ratio over the same vocabulary on SQLite.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Count, F, FloatField, Max, Sum, Value, When
from django.db.models.functions import Length
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz, process
from snowballstemmer import stemmer

from topics.models import SearchEntry, Topic
from topics.parts import PARTS

# Snowball's English stop list, the one PostgreSQL's 'english' configuration drops: both backends
# leave out the same grammar words (the marking engine's own list is the engine's, and topics
# does not import assessment)
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now""".split()
)
_english = stemmer("english")


def stem(word: str) -> str:
    return _english.stemWord(word)


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


READING_WORDS_PER_MINUTE = 200  # a steady pace for revision notes


def topic_reading_minutes(topic: Topic) -> int:
    """Minutes to read the topic's page: every searchable piece (from its prefetched parts) and
    what it asks to know before starting."""
    texts = [entry.body for entry in _entries(topic)]
    texts += [prerequisite.text for prerequisite in topic.prerequisites.all()]
    words = sum(len(text.split()) for text in texts)
    return max(1, round(words / READING_WORDS_PER_MINUTE))


def search_index_topic(topic: Topic) -> None:
    """Replace the topic's search entries (the FTS5 triggers follow on SQLite). An archived
    topic has none: it is off the site."""
    SearchEntry.objects.filter(topic=topic).delete()
    if topic.archived_at is None:
        SearchEntry.objects.bulk_create(_entries(topic))


def _words(query: str) -> list[str]:
    """The words that say what the learner is looking for: grammar words carry no topic."""
    words = re.findall(r"\w+", query.lower())
    return [word for word in words if word not in STOP_WORDS][:MAX_QUERY_WORDS]


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped first


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    searched: list[str]  # the words looked for (grammar words dropped); empty: nothing to look for
    suggestion: str = ""  # the query with its unknown words corrected ("" when none was)
    corrected: bool = False  # the hits are the suggestion's: the query as typed found nothing


def search_with_correction(query: str, *, limit: int = 30) -> Results:
    """Search as typed; if a word is unknown, suggest the nearest known one, and search the
    suggestion instead when the query as typed found nothing."""
    words = _words(query)
    hits = search(query, limit=limit)
    corrected_words = _corrected(words)
    if corrected_words == words:
        return Results(hits=hits, searched=words)
    suggestion = " ".join(corrected_words)
    if hits:
        return Results(hits=hits, searched=words, suggestion=suggestion)
    return Results(
        hits=search(suggestion, limit=limit),
        searched=corrected_words,
        suggestion=suggestion,
        corrected=True,
    )


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
    stems = {stem(word) for word in words}
    hits = [
        Hit(topic=topics[topic_id], part=part, anchor=anchor, snippet=_marked(snippet), rank=rank)
        for _, topic_id, part, anchor, snippet, rank, body in rows
        if topic_id in topics and not _is_named(part, body, stems)
    ]
    named = [
        Hit(topic=topics[topic_id], part=part, anchor=anchor, snippet=_marked(snippet), rank=rank)
        for _, topic_id, part, anchor, snippet, rank, body in rows
        if topic_id in topics and _is_named(part, body, stems)
    ]
    return named + hits


NAMED_PARTS = {"title", "term", "concept"}  # "name: description" entries, or a name alone


def _is_named(part: str, body: str, stems: set[str]) -> bool:
    """Whether the query is this title's, term's or concept's name (grammar words aside): asked
    "what is an internal customer", the term "Internal customer" is the answer, before "Internal
    and external customers", which the databases score higher for saying both words twice."""
    if part not in NAMED_PARTS:
        return False
    return {stem(word) for word in _words(body.split(":", 1)[0])} == stems


# bm25 is negative, lower for better matches: a larger weight makes a match better still
_SQLITE_WEIGHT = (
    "(CASE e.part "
    + " ".join(f"WHEN '{part}' THEN {weight}" for part, weight in PART_WEIGHTS.items())
    + " ELSE 1.0 END)"
)
SQLITE_SEARCH = (
    "SELECT e.id, e.topic_id, e.part, e.anchor, "  # noqa: S608 - only PART_WEIGHTS, a constant, is joined in
    "snippet(topics_searchentry_fts, 0, %s, %s, '…', 24), "
    "bm25(topics_searchentry_fts) AS rank, e.body "
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
    return [(*row[:5], -row[5] * PART_WEIGHTS.get(row[2], 1.0), row[6]) for row in rows]


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
            .values_list("id", "topic_id", "part", "anchor", "snippet", "rank", "body")[:limit]
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


# Typo tolerance. A word is known when the index matches it on its own (so "handled" is known
# where the content says "handling"); an unknown word gets the most similar word of the content.
MIN_CORRECTABLE_LENGTH = 3
SQLITE_KNOWN = "EXISTS (SELECT 1 FROM topics_searchentry_fts WHERE topics_searchentry_fts MATCH %s)"
# the expression of the GIN index (migration 0004), so each lookup reads the index
POSTGRES_KNOWN = (
    "EXISTS (SELECT 1 FROM topics_searchentry WHERE to_tsvector('english'::regconfig, "
    "COALESCE(body, '')) @@ plainto_tsquery('english'::regconfig, %s))"
)
# every distinct word of the content, unstemmed ('simple'), for pg_trgm to compare with
POSTGRES_NEAREST = (
    "SELECT word FROM ts_stat('SELECT to_tsvector(''simple'', body) FROM topics_searchentry') "
    "WHERE length(word) >= %s AND similarity(word, %s) >= %s "
    "ORDER BY similarity(word, %s) DESC, nentry DESC, word LIMIT 1"
)
POSTGRES_MIN_SIMILARITY = 0.3  # pg_trgm's own default threshold for its % operator
SQLITE_MIN_RATIO = 75  # rapidfuzz's 0-100 edit ratio: "complant"/"complaint" scores 94


def _corrected(words: list[str]) -> list[str]:
    known = _known(words)
    return [word if word in known else _nearest(word) for word in words]


def _known(words: list[str]) -> set[str]:
    """The words the index matches on its own, short ones and numbers taken as known (one query)."""
    asked = [w for w in words if len(w) >= MIN_CORRECTABLE_LENGTH and not w.isdigit()]
    if not asked:
        return set(words)
    if connection.vendor == "sqlite":
        sql, params = SQLITE_KNOWN, ['"' + word.replace('"', "") + '"' for word in asked]
    else:
        sql, params = POSTGRES_KNOWN, asked
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([sql] * len(asked)), params)
        found = cursor.fetchone()
    return (set(words) - set(asked)) | {word for word, yes in zip(asked, found, strict=True) if yes}


def _nearest(word: str) -> str:
    """The content's word most like `word`, or `word` itself when none is like it."""
    if connection.vendor == "sqlite":
        nearest = process.extractOne(
            word, _vocabulary(), scorer=fuzz.ratio, score_cutoff=SQLITE_MIN_RATIO
        )
        return nearest[0] if nearest else word
    with connection.cursor() as cursor:
        cursor.execute(
            POSTGRES_NEAREST,
            [MIN_CORRECTABLE_LENGTH, word, POSTGRES_MIN_SIMILARITY, word],
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] not in STOP_WORDS else word


_vocabulary_cache: tuple[tuple, list[str]] = ((), [])


def _vocabulary() -> list[str]:
    """The content's distinct words (no grammar words), most used first so a tie goes to the
    commoner word. Kept in memory until the entries change: a reindex deletes and recreates a
    topic's entries, so their count, highest id and length say when."""
    global _vocabulary_cache
    fingerprint = tuple(
        SearchEntry.objects.aggregate(
            count=Count("id"), last=Max("id"), length=Sum(Length("body"))
        ).values()
    )
    if _vocabulary_cache[0] != fingerprint:
        counts: dict[str, int] = {}
        for body in SearchEntry.objects.values_list("body", flat=True).iterator():
            for word in re.findall(r"\w+", body.lower()):
                if len(word) >= MIN_CORRECTABLE_LENGTH and word not in STOP_WORDS:
                    counts[word] = counts.get(word, 0) + 1
        _vocabulary_cache = (fingerprint, sorted(counts, key=lambda w: (-counts[w], w)))
    return _vocabulary_cache[1]
