"""The marking engine on real sentences. Pure: no database, milliseconds."""

import dataclasses
import json

from assessment.scoring import score_answer
from assessment.spec import question_spec_from_mapping
from assessment.wording import point_reason, summary
from tests.assessment.questions import (
    COMPLAINTS,
    CUSTOMER_TYPES,
    DIGNITY,
    HEART_RATE,
    LOYALTY,
    spec,
)


def reason(point) -> str:
    """What the learner reads for this verdict (worded at display time, from its code)."""
    return point_reason(dataclasses.asdict(point))


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
    assert "did not explain" in reason(verdict(result, "referrals"))


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


def test_where_examples_happen_is_the_contents_word_not_the_engines():
    """The engine knows example cues any subject shares; a subject's places (a shop, a ward) come
    from its content (content/example-words.txt), so another subject's are never assumed."""
    point = {**CUSTOMER_TYPES["points"][2], "accept": ["customer"]}
    answer = "A customer at the till in the shop asked me where the shoes were."
    neutral = spec(CUSTOMER_TYPES, points=[point], marks=1)
    assert verdict(score_answer(neutral, answer), "examples").status == "no_example"
    shop = question_spec_from_mapping(
        {**CUSTOMER_TYPES, "points": [point], "marks": 1}, example_words=["shop", "till"]
    )
    assert verdict(score_answer(shop, answer), "examples").earned
    ward = question_spec_from_mapping(
        {**CUSTOMER_TYPES, "points": [point], "marks": 1}, example_words=["ward"]
    )
    assert verdict(score_answer(ward, answer), "examples").status == "no_example"


def test_at_least_n_ideas_counts_distinct_ideas_and_names_the_missing_ones():
    question = spec(CUSTOMER_TYPES)
    two = score_answer(question, "There are internal customers and external customers.")
    types = verdict(two, "three-types")
    assert not types.earned
    assert types.status == "partial_ideas"
    assert "2 of the 3" in reason(types)
    assert "new customers" in reason(types)
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
    assert "repeats the question" in summary(dataclasses.asdict(result))
    assert score_answer(question, "customer loyalty benefits an organisation a lot").mark == 0


def test_empty_answer_scores_zero_gently():
    result = score_answer(spec(LOYALTY), "   \n ")
    assert result.mark == 0
    assert summary(dataclasses.asdict(result)) == "Write an answer to be marked."


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


# --- another subject: the engine must not depend on customer-service vocabulary ---------------


def test_a_science_answer_is_marked_from_the_tutors_plain_points():
    answer = (
        "The heart beats faster to pump more blood to the muscles because they need extra oxygen "
        "for respiration. It also gets rid of carbon dioxide faster."
    )
    result = score_answer(spec(HEART_RATE), answer)
    assert [v.key for v in result.points if v.earned] == ["oxygen", "carbon-dioxide"]
    assert result.mark == 2
    assert verdict(result, "energy").status == "missed"


def test_a_comparative_meets_the_plain_word_of_the_point():
    # "faster" is the point's "more quickly"; "rid" its "removed".
    question = spec(HEART_RATE, command_word="describe")
    result = score_answer(
        question, "Your blood takes the carbon dioxide away and gets rid of it faster."
    )
    assert verdict(result, "carbon-dioxide").earned


def test_a_sentence_carrying_on_the_previous_reason_counts_as_explained():
    question = spec(HEART_RATE)
    with_reason = score_answer(
        question,
        "Blood flows faster because the muscles need oxygen. It also removes carbon dioxide faster.",
    )
    assert verdict(with_reason, "carbon-dioxide").earned
    bare = score_answer(question, "The blood removes carbon dioxide from the muscles faster.")
    assert verdict(bare, "carbon-dioxide").status == "named_not_explained"


def test_heart_rate_answers_that_only_restate_the_question_earn_nothing():
    question = spec(HEART_RATE)
    assert (
        score_answer(question, "Because you are exercising and your heart rate increases.").mark
        == 0
    )
    assert score_answer(question, "oxygen, energy, carbon dioxide").mark == 0
    assert score_answer(question, "The muscles don't need oxygen for respiration.").mark == 0


def test_a_care_answer_in_everyday_words_earns_the_points():
    question = spec(DIGNITY)
    privacy = score_answer(question, "Shut the door and close the curtains so nobody can see them.")
    assert verdict(privacy, "privacy").earned
    choice = score_answer(question, "Ask them what they would like to wear and let them choose.")
    assert verdict(choice, "choice").earned
    negated = score_answer(question, "The carer did not close the curtains or the door.")
    assert not verdict(negated, "privacy").earned


def test_costumer_is_read_as_customer_but_royal_is_not_loyal():
    question = spec(
        LOYALTY,
        points=[{"id": "returning", "text": "Loyal customers return.", "depth": "identify"}],
        marks=1,
    )
    assert score_answer(question, "Loyal costumers come back and return.").mark == 1
    assert score_answer(question, "Royal visitors return.").mark == 0


def test_american_or_endings_match_british_our_endings():
    question = spec(
        LOYALTY,
        points=[
            {
                "id": "favour",
                "text": "Staff who honour promises win the customer's favour.",
                "depth": "identify",
            }
        ],
        marks=1,
    )
    assert (
        score_answer(question, "Employees that honor their promises gain customers' favor.").mark
        == 1
    )


def test_general_synonyms_meet():
    question = spec(LOYALTY)
    answer = "Loyal clients purchase again and again, which brings the business more money."
    assert verdict(score_answer(question, answer), "revenue").earned


def test_forbidding_a_wrong_practice_is_not_the_wrong_practice():
    question = spec(
        COMPLAINTS,
        wrong_ideas=[
            {
                "id": "ignore",
                "statement": "Complaints can be ignored.",
                "correction": "Every complaint needs a response.",
                "accept": ["ignore complaints"],
                "contradicts": ["feedback"],
            }
        ],
    )
    denied = score_answer(
        question,
        "You should never ignore complaints because they are feedback that helps you improve.",
    )
    assert denied.wrong_ideas == []
    assert verdict(denied, "feedback").earned
    asserted = score_answer(
        question, "Staff can ignore complaints, so customers give feedback elsewhere."
    )
    assert [hit.key for hit in asserted.wrong_ideas] == ["ignore"]
    assert verdict(asserted, "feedback").status == "contradicted"


def test_evidence_quotes_the_learners_own_characters_after_unicode_punctuation():
    answer = (
        "\u201cComplaints\u201d \u2014 they\u2019re FEEDBACK\u2026 because they show the "
        "organisation\u2019s weak spots to improve."
    )
    result = score_answer(spec(COMPLAINTS), answer)
    assert verdict(result, "feedback").earned
    quoted = [e for v in result.points for e in v.evidence]
    assert quoted
    for evidence in quoted:
        assert answer[evidence.start : evidence.end] == evidence.text


def test_the_result_serialises_to_json():
    result = score_answer(spec(COMPLAINTS), "Complaints are always negative.")
    stored = json.loads(json.dumps(dataclasses.asdict(result)))
    assert stored["wrong_ideas"][0]["correction"].startswith("Complaints provide")
    assert {p["status"] for p in stored["points"]} <= {
        "earned",
        "missed",
        "named_not_explained",
        "no_example",
        "contradicted",
        "partial_ideas",
    }


def test_an_explain_question_credits_the_action_said_in_a_sentence_and_not_a_bare_keyword():
    question = spec(
        {
            "id": "q4",
            "command_word": "explain",
            "prompt": "A customer asks for another customer's phone number. Explain how you should respond.",
            "marks": 2,
            "points": [
                {
                    "id": "refuse",
                    "text": "Politely refuses to share the other customer's details.",
                    "accept": ["refuse", "say no", "can't give"],
                },
                {
                    "id": "reason",
                    "text": "Explains why: sharing them would break data protection law.",
                    "accept": ["data protection", "GDPR"],
                },
            ],
        }
    )
    said = score_answer(question, "I would politely say no to the customer and offer to help.")
    assert [p.earned for p in said.points] == [True, False]
    listed = score_answer(question, "refuse, GDPR, privacy")
    assert not any(p.earned for p in listed.points)


SERVICE_FOR_WHOM = {
    "id": "q1",
    "command_word": "identify",
    "prompt": "Who does customer service serve?",
    "marks": 1,
    "points": [
        {
            "id": "both",
            "text": "Recognises both internal and external customers.",
            "ideas": [
                {"label": "internal", "accept": ["colleagues", "internal"]},
                {"label": "external", "accept": ["external"]},
            ],
            "at_least": 2,
        }
    ],
    "wrong_ideas": [
        {
            "id": "external-only",
            "statement": "Only external customers matter.",
            "correction": "Colleagues are customers too.",
            "accept": ["only external customers matter", "colleagues are not customers"],
            "contradicts": ["both"],
        }
    ],
}


def test_not_only_x_still_says_x_and_denies_only_x():
    result = score_answer(
        spec(SERVICE_FOR_WHOM),
        "Customer service is not only for external customers. Colleagues are customers too.",
    )
    assert result.wrong_ideas == []
    assert result.mark == 1


def test_a_not_from_another_clause_does_not_make_a_wrong_idea_that_holds_a_negation():
    """ "colleagues are not customers" is not in "...is not only for external customers,
    colleagues are customers too": its "not" belongs to the clause before."""
    result = score_answer(
        spec(SERVICE_FOR_WHOM),
        "Customer service is not only for external customers, colleagues are customers too.",
    )
    assert result.wrong_ideas == []
    assert result.mark == 1
    for said in ("Colleagues are not customers.", "Only external customers matter."):
        assert [hit.key for hit in score_answer(spec(SERVICE_FOR_WHOM), said).wrong_ideas] == [
            "external-only"
        ]
