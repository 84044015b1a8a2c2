"""The marking engine on real sentences. Pure: no database, milliseconds."""

from assessment.scoring import score_answer
from assessment.spec import question_spec_from_mapping

CUSTOMER_TYPES = {
    "id": "q1",
    "command_word": "describe",
    "prompt": "Describe three different types of customer, giving an example of each from a workplace.",
    "marks": 3,
    "points": [
        {
            "id": "three-types",
            "text": "Identifies at least three distinct customer types.",
            "depth": "identify",
            "ideas": [
                {
                    "label": "internal customers",
                    "accept": ["internal", "colleague", "other departments"],
                },
                {"label": "external customers", "accept": ["external", "member of the public"]},
                {"label": "new customers", "accept": ["new customer", "first time"]},
                {
                    "label": "existing customers",
                    "accept": ["existing", "returning", "regular customer"],
                },
            ],
            "at_least": 3,
        },
        {
            "id": "internal",
            "text": "Internal customers are colleagues or other departments within the organisation who rely on your work.",
            "accept": ["colleague", "colleagues", "other departments", "co-worker"],
        },
        {
            "id": "examples",
            "text": "Supports the customer types with clear, workplace-relevant examples.",
            "accept": ["customer", "colleague", "client"],
            "example": True,
        },
    ],
}

LOYALTY = {
    "id": "q2",
    "command_word": "explain",
    "prompt": "Explain how customer loyalty benefits an organisation.",
    "marks": 3,
    "points": [
        {
            "id": "revenue",
            "text": "Loyal customers make repeat purchases, which increases revenue.",
            "accept": ["repeat business", "come back", "buy again", "spend more"],
        },
        {
            "id": "referrals",
            "text": "Loyal customers recommend the organisation to others.",
            "accept": ["recommend", "word of mouth"],
        },
        {
            "id": "reputation",
            "text": "Customer loyalty builds the organisation's reputation and gives it an advantage over competitors.",
        },
    ],
}

COMPLAINTS = {
    "id": "q5",
    "command_word": "explain",
    "prompt": "Explain why an organisation should welcome customer complaints.",
    "marks": 2,
    "points": [
        {
            "id": "feedback",
            "text": "Complaints give valuable feedback that shows what to improve.",
            "accept": ["feedback", "improve"],
        },
        {
            "id": "loyalty",
            "text": "Handling a complaint well can turn a dissatisfied customer into a loyal one.",
            "accept": ["loyal", "come back"],
        },
    ],
    "wrong_ideas": [
        {
            "id": "complaints-negative",
            "statement": "Complaints are always negative.",
            "correction": "Complaints provide valuable feedback that can help improve services.",
            "accept": ["complaints are always negative", "complaints are bad"],
            "contradicts": ["feedback"],
        }
    ],
}


def spec(mapping, **overrides):
    return question_spec_from_mapping({**mapping, **overrides})


def verdict(result, key):
    return next(v for v in result.points if v.key == key)


def test_a_strong_answer_earns_every_point_with_its_evidence():
    answer = (
        "Internal customers are colleagues in other departments, for example the accounts team who need my reports. "
        "External customers are members of the public, like a shopper buying shoes in our shop. "
        "New customers are visiting for the first time and existing customers are regulars who come back."
    )
    result = score_answer(spec(CUSTOMER_TYPES), answer)
    assert result.mark == 3
    internal = verdict(result, "internal")
    assert internal.earned
    for evidence in internal.evidence:
        assert answer[evidence.start : evidence.end] == evidence.text
    assert "colleagues" in " ".join(e.text for e in internal.evidence)


def test_case_and_punctuation_do_not_matter():
    answer = "LOYAL CUSTOMERS COME BACK AGAIN AND AGAIN, SO THE BUSINESS EARNS MORE!!!"
    assert verdict(score_answer(spec(LOYALTY), answer), "revenue").earned


def test_other_word_forms_match():
    question = spec(COMPLAINTS)
    for answer in (
        "Complaints are useful feedback because they show the business what it should improve.",
        "A customer complaining gives feedback, so the company can improve.",
        "Every complaint is feedback which helps us improving the service.",
    ):
        assert verdict(score_answer(question, answer), "feedback").earned, answer


def test_american_spelling_matches_british_points():
    question = spec(
        LOYALTY,
        points=[
            {
                "id": "org",
                "text": "Loyalty improves the organisation's behaviour towards its customers.",
                "depth": "identify",
            }
        ],
        marks=1,
    )
    answer = "Loyalty improves the organization and its behavior towards customers."
    assert score_answer(question, answer).mark == 1


def test_misspellings_are_forgiven():
    answer = "Loyal custmers reccomend the buisness to there freinds, so it gets more sales because of word of mouth."
    assert verdict(score_answer(spec(LOYALTY), answer), "referrals").earned


def test_short_words_are_not_fuzzy_matched_into_other_words():
    answer = "Royal customers are nice, because they are royal."
    result = score_answer(spec(LOYALTY), answer)
    assert result.mark == 0


def test_another_word_order_still_earns_the_point():
    question = spec(LOYALTY)
    answer = "An advantage over competitors and a better reputation are built by loyalty, because people trust a brand they know."
    assert verdict(score_answer(question, answer), "reputation").earned


def test_negation_blocks_the_point():
    question = spec(CUSTOMER_TYPES)
    negated = "An external customer is not a colleague, for example a shopper."
    assert not verdict(score_answer(question, negated), "internal").earned
    positive = (
        "An internal customer is a colleague who relies on my work, for example the warehouse team."
    )
    assert verdict(score_answer(question, positive), "internal").earned


def test_keyword_list_does_not_earn_an_explain_point():
    result = score_answer(spec(LOYALTY), "repeat business, recommend, reputation, competitors")
    assert result.mark == 0
    assert verdict(result, "referrals").status == "named_not_explained"
    assert "did not explain" in verdict(result, "referrals").reason


def test_explain_needs_a_reason_and_tells_the_learner_so():
    question = spec(LOYALTY)
    bare = "Loyal customers recommend the shop."
    result = score_answer(question, bare)
    assert verdict(result, "referrals").status == "named_not_explained"
    reasoned = "Loyal customers recommend the shop to friends, which brings in new customers without advertising."
    assert verdict(score_answer(question, reasoned), "referrals").earned


def test_describe_needs_more_than_a_bare_term():
    question = spec(
        CUSTOMER_TYPES,
        points=[
            {
                "id": "internal",
                "text": "Internal customers are colleagues who rely on your work.",
                "accept": ["colleague", "colleagues"],
            }
        ],
        marks=1,
    )
    assert score_answer(question, "Colleagues.").mark == 0
    assert score_answer(question, "Colleagues who need my work to do their own job.").mark == 1


def test_point_needing_an_example_says_so_when_none_is_given():
    question = spec(
        CUSTOMER_TYPES,
        points=[CUSTOMER_TYPES["points"][2]],
        marks=1,
    )
    without = score_answer(
        question, "Customers can be internal or external to the organisation and they matter."
    )
    assert verdict(without, "examples").status == "no_example"
    with_example = score_answer(
        question,
        "Customers can be external, for example a family booking a holiday at our travel agency.",
    )
    assert verdict(with_example, "examples").earned


def test_at_least_n_ideas_counts_distinct_ideas_and_names_the_missing_ones():
    question = spec(CUSTOMER_TYPES)
    two = score_answer(question, "There are internal customers and external customers.")
    types = verdict(two, "three-types")
    assert not types.earned
    assert types.status == "partial_ideas"
    assert "2 of the 3" in types.reason
    assert "new customers" in types.reason
    three = score_answer(
        question,
        "Internal customers, external customers and new customers who are here for the first time.",
    )
    assert verdict(three, "three-types").earned


def test_the_same_idea_twice_counts_once():
    question = spec(CUSTOMER_TYPES)
    result = score_answer(
        question,
        "Internal customers are colleagues. Colleagues are internal customers. A co-worker is internal.",
    )
    assert not verdict(result, "three-types").earned


def test_a_wrong_idea_is_reported_with_its_correction_and_blocks_the_point_it_contradicts():
    question = spec(COMPLAINTS)
    answer = "Complaints are always negative, but they do give feedback to improve the service because customers tell you what is wrong."
    result = score_answer(question, answer)
    assert [hit.key for hit in result.wrong_ideas] == ["complaints-negative"]
    assert "valuable feedback" in result.wrong_ideas[0].correction
    feedback = verdict(result, "feedback")
    assert feedback.status == "contradicted"
    assert not feedback.earned


def test_denying_a_wrong_idea_is_not_asserting_it():
    question = spec(COMPLAINTS)
    answer = (
        "Complaints are not always negative: they are feedback that helps the business improve."
    )
    result = score_answer(question, answer)
    assert result.wrong_ideas == []
    assert verdict(result, "feedback").earned


def test_calling_the_wrong_idea_a_myth_is_not_asserting_it():
    result = score_answer(
        spec(COMPLAINTS),
        "It is a myth that complaints are always negative, because they show what to improve.",
    )
    assert result.wrong_ideas == []


def test_copying_the_question_earns_nothing():
    question = spec(LOYALTY)
    result = score_answer(question, "Explain how customer loyalty benefits an organisation.")
    assert result.mark == 0
    assert "repeats the question" in result.points[0].reason
    assert score_answer(question, "customer loyalty benefits an organisation a lot").mark == 0


def test_empty_answer_scores_zero_gently():
    result = score_answer(spec(LOYALTY), "   \n ")
    assert result.mark == 0
    assert result.points[0].reason == "No answer was given."


def test_point_written_in_plain_english_without_accept_list_is_matched_from_its_own_words():
    biology = {
        "id": "b1",
        "command_word": "explain",
        "prompt": "Explain why the rate of photosynthesis increases as light intensity increases.",
        "marks": 2,
        "points": [
            {
                "id": "energy",
                "text": "Light provides the energy needed for photosynthesis reactions.",
            },
            {
                "id": "limiting",
                "text": "Light intensity is the limiting factor until another factor such as carbon dioxide limits the rate.",
            },
        ],
    }
    question = spec(biology)
    good = score_answer(
        question,
        "Light gives the plant the energy it needs for the reactions, so more light means faster photosynthesis. "
        "Light is the limiting factor until something else like carbon dioxide runs out because then that limits it.",
    )
    assert good.mark == 2
    off_topic = score_answer(question, "Plants are green and grow in soil with water.")
    assert off_topic.mark == 0


def test_bands_turn_the_number_of_points_into_marks():
    data_question = {
        "id": "q4",
        "command_word": "describe",
        "prompt": "Describe how customer information should be handled securely.",
        "marks": 3,
        "points": [
            {
                "id": "collect",
                "text": "Collect only the information needed.",
                "accept": ["only what is needed"],
            },
            {"id": "store", "text": "Store it securely.", "accept": ["password", "locked"]},
            {
                "id": "share",
                "text": "Share it only with authorised people.",
                "accept": ["authorised"],
            },
            {
                "id": "why",
                "text": "Comply with data protection law.",
                "accept": ["data protection"],
            },
        ],
        "scoring": {
            "method": "bands",
            "bands": [
                {"points": 4, "marks": 3},
                {"points": 3, "marks": 2},
                {"points": 1, "marks": 1},
            ],
        },
    }
    question = spec(data_question)
    one = "Keep the records in a locked cabinet in the office at all times."
    three = (
        one
        + " Only share details with authorised staff who need them. Follow the Data Protection Act rules for every record."
    )
    four = three + " Only collect what is needed for the order, nothing more."
    assert [score_answer(question, a).mark for a in (one, three, four)] == [1, 2, 3]


def test_rules_combine_groups_with_alternative_combinations():
    hotel = {
        "id": "q3",
        "command_word": "evaluate",
        "prompt": "Evaluate two improvements a hotel could make to shorten check-in queues, and reach a conclusion.",
        "marks": 3,
        "points": [
            {
                "id": "staff",
                "text": "More staff at busy times.",
                "accept": ["more staff"],
                "group": "improvement",
                "depth": "identify",
            },
            {
                "id": "online",
                "text": "Online check-in.",
                "accept": ["online check-in", "check in online"],
                "group": "improvement",
                "depth": "identify",
            },
            {
                "id": "conclusion",
                "text": "A justified conclusion.",
                "accept": ["overall", "I would recommend"],
                "group": "conclusion",
            },
        ],
        "scoring": {
            "method": "rules",
            "rules": [
                {
                    "marks": 3,
                    "requires": [
                        {"group": "conclusion", "at_least": 1},
                        {"group": "improvement", "at_least": 2},
                    ],
                },
                {
                    "marks": 2,
                    "requires": [
                        {"group": "conclusion", "at_least": 1},
                        {"group": "improvement", "at_least": 1},
                    ],
                },
                {"marks": 2, "requires": [{"group": "improvement", "at_least": 2}]},
                {"marks": 1, "requires": [{"group": "improvement", "at_least": 1}]},
            ],
        },
    }
    question = spec(hotel)
    conclusion = " Overall I would recommend more staff because it cuts the wait quickly."
    assert score_answer(question, "They could put more staff on reception.").mark == 1
    assert (
        score_answer(
            question, "They could put more staff on reception. Guests could check in online."
        ).mark
        == 2
    )
    assert score_answer(question, "They could put more staff on reception." + conclusion).mark == 2
    assert (
        score_answer(
            question,
            "They could put more staff on reception. Guests could check in online." + conclusion,
        ).mark
        == 3
    )
    # naming the second improvement inside the conclusion still counts it
    assert (
        score_answer(
            question,
            "Put more staff on. Overall I would recommend online check-in as it is quicker.",
        ).mark
        == 3
    )


def test_marks_are_capped_at_the_question_maximum():
    question = spec(LOYALTY, marks=2)
    answer = (
        "Loyal customers come back and spend more, so revenue goes up. They recommend the shop to friends, "
        "which brings new customers. Loyalty builds a strong reputation that gives an advantage over competitors."
    )
    assert score_answer(question, answer).mark == 2
