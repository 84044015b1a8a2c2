"""Each mechanism of the marker on the answers it exists for, in subjects other than ours.

Pure: no database. Every test would fail with the mechanism switched off.
"""

import dataclasses

import pytest

from assessment.phrasing import compile_phrasing, phrasing_error
from assessment.scoring import score_answer
from assessment.spec import question_spec_from_mapping
from assessment.wording import point_reason


def question(points, *, command_word="explain", prompt="Explain what happens.", marks=None, **more):
    return question_spec_from_mapping(
        {
            "id": "q",
            "command_word": command_word,
            "prompt": prompt,
            "marks": marks or sum(p.get("marks", 1) for p in points),
            "points": points,
            **more,
        }
    )


def identify(key, text, *accept):
    """A point earned by naming it as one of its phrasings says."""
    return {"id": key, "text": text, "depth": "identify", "accept": list(accept)}


def naming(key, text, *accept, **more):
    """A one-point "identify" question."""
    return question([identify(key, text, *accept)], command_word="identify", **more)


def verdict(result, key):
    return next(p for p in result.points if p.key == key)


def status(spec, answer):
    """The reason code of a one-point question's verdict on an answer."""
    return score_answer(spec, answer).points[0].status


RECORDS = question(
    [
        {
            "id": "how-long",
            "text": "Says how long records are kept.",
            "depth": "identify",
            "accept": ["(how long | how many years) records are kept"],
        },
        {
            "id": "where",
            "text": "Says where records are stored.",
            "depth": "identify",
            "accept": ["where records are stored"],
        },
    ],
    command_word="identify",
    prompt="What should a privacy notice tell customers?",
)


def test_every_meaningful_word_of_a_phrasing_is_needed_kind_and_quantity_words_too():
    assert score_answer(RECORDS, "It says how long the records are kept.").mark == 1
    # "records" alone is not "how long records are kept"
    assert score_answer(RECORDS, "It talks about the records.").mark == 0


def test_alternatives_inside_a_phrasing():
    assert verdict(score_answer(RECORDS, "how many years records are kept"), "how-long").earned


def test_one_word_of_the_answer_earns_one_point_only():
    result = score_answer(RECORDS, "records")
    assert result.mark == 0
    both = score_answer(RECORDS, "It says how long records are kept and where records are stored.")
    assert both.mark == 2


DIFFUSION = question(
    [
        {
            "id": "direction",
            "text": "Particles move from a high to a low concentration.",
            "accept": ["move from high concentration to low concentration"],
            "depth": "describe",
        },
    ],
    command_word="describe",
    prompt="Describe diffusion.",
)


def test_order_matters_and_a_reversed_relation_is_reported_not_credited():
    right = score_answer(
        DIFFUSION, "The particles move from a high concentration to a low concentration."
    )
    assert right.mark == 1
    wrong = score_answer(
        DIFFUSION, "The particles move from a low concentration to a high concentration."
    )
    assert wrong.mark == 0
    assert verdict(wrong, "direction").status == "reversed"
    assert "other way round" in point_reason(dataclasses.asdict(verdict(wrong, "direction")))


COSTS = question(
    [
        {
            "id": "cost",
            "text": "Repayments rise, so costs increase.",
            "accept": ["repayments increase"],
            "depth": "describe",
        },
    ],
    command_word="describe",
    prompt="Describe one effect of a rise in interest rates on a business with a loan.",
)


def test_direction_words_meet_and_the_opposite_direction_is_a_reversal():
    assert score_answer(COSTS, "Her loan repayments go up every month.").mark == 1
    down = score_answer(COSTS, "Her loan repayments go down every month.")
    assert down.mark == 0
    assert verdict(down, "cost").status == "reversed"


SHARING = question(
    [
        {
            "id": "share",
            "text": "Shares details only with authorised staff.",
            "accept": ["share details with authorised staff"],
            "depth": "describe",
        },
        {
            "id": "refuse",
            "text": "Does not give out the details.",
            "accept": ["not give out the details"],
            "depth": "describe",
        },
    ],
    command_word="describe",
)


def test_a_negation_before_a_phrase_turns_it_round():
    negated = score_answer(SHARING, "You do not share details with authorised staff.")
    assert not verdict(negated, "share").earned
    assert verdict(negated, "share").status == "negated"


def test_a_negation_that_belongs_to_the_phrasing_must_be_in_the_answer():
    assert verdict(
        score_answer(SHARING, "I would not give out the details to anyone."), "refuse"
    ).earned
    assert not verdict(
        score_answer(SHARING, "I would give out the details to anyone."), "refuse"
    ).earned


def test_tilde_accepts_a_phrasing_whether_or_not_the_answer_negates_it():
    notice = question(
        [
            {
                "id": "gap",
                "text": "Notices the missing retention period.",
                "depth": "identify",
                "accept": ["~ say how long records are kept"],
            }
        ],
        command_word="identify",
        prompt="What is wrong with this privacy notice?",
    )
    assert score_answer(notice, "It does not say how long records are kept.").mark == 1


def test_exact_form_exclusion_and_numbers():
    most = naming("most", "The most profitable.", '"most" profitable')
    assert score_answer(most, "It is the most profitable product.").mark == 1
    assert score_answer(most, "It is more profitable.").mark == 0
    paperless = naming("store", "Stored on a secure system.", "records stored securely -paper")
    assert score_answer(paperless, "Records are stored securely on the server.").mark == 1
    assert score_answer(paperless, "Paper records are stored securely.").mark == 0
    years = naming("years", "Kept for five to seven years.", "kept for #5-7 years")
    assert score_answer(years, "They are kept for six years.").mark == 1
    assert score_answer(years, "They are kept for 6 years.").mark == 1
    assert score_answer(years, "They are kept for ten years.").mark == 0


LOYALTY = question(
    [
        {
            "id": "repeat",
            "text": "Loyal customers come back and buy again.",
            "accept": ["come back"],
        },
    ],
    prompt="Explain why loyal customers matter to a shop.",
)


def test_a_reason_is_a_clause_not_a_connective_followed_by_a_word():
    assert score_answer(LOYALTY, "They come back because loyalty.").mark == 0
    assert score_answer(LOYALTY, "They come back, so the shop sells more every week.").mark == 1
    # a notes-style arrow is a reason too
    assert score_answer(LOYALTY, "Customers come back -> more sales for the shop.").mark == 1


def test_a_list_of_terms_describes_nothing_with_or_without_commas():
    listed = question(
        [
            {
                "id": "insulin",
                "text": "The pancreas releases insulin.",
                "accept": ["pancreas releases insulin"],
                "depth": "describe",
            }
        ],
        command_word="describe",
        prompt="Describe how blood glucose is brought back to normal.",
    )
    assert score_answer(listed, "The pancreas releases insulin into the blood.").mark == 1
    assert score_answer(listed, "pancreas insulin glycogen liver").mark == 0
    assert score_answer(listed, "pancreas, releases, insulin, glycogen").mark == 0


def test_lexicon_meets_derived_words_and_forgives_misspellings_of_non_words():
    storage = question(
        [
            {
                "id": "store",
                "text": "Looks after the files.",
                "accept": ["store files"],
                "depth": "identify",
            }
        ],
        command_word="identify",
    )
    # "storage" is derived from "store" (WordNet), not the same stem
    assert score_answer(storage, "The files go into storage every night.").mark == 1
    assert score_answer(storage, "The files go into the bin every night.").mark == 0
    glucose = question(
        [
            {
                "id": "glycogen",
                "text": "Glucose is stored as glycogen.",
                "accept": ["stored as glycogen"],
                "depth": "identify",
            }
        ],
        command_word="identify",
    )
    assert score_answer(glucose, "its stored as glycojen in the liver").mark == 1
    # a real word is never taken for a typo of another ("glucagon" is not "glycogen")
    assert score_answer(glucose, "its stored as glucagon in the liver").mark == 0


def test_the_commonest_misspellings_are_forgiven_though_a_frequency_list_holds_them():
    """ "seperate" and "buisness" are frequent enough in written English to be in wordfreq's list;
    they are not words, and a learner who writes them has still named the idea."""
    entity = naming("entity", "Separate legal identity.", "separate legal entity")
    assert score_answer(entity, "its a seperate legal entitey from the owner").mark == 1
    assert score_answer(entity, "the owner and the firm are one legal entity").mark == 0
    recieve = naming("receive", "Receives the goods.", "receive the goods")
    assert score_answer(recieve, "they recieve the goods on time").mark == 1


def test_a_word_spelt_by_ear_is_the_word_it_sounds_like():
    """More letters changed than a typo, but the same sounds: "potenshal", "reputashun"."""
    potential = naming("potential", "Water potential.", "water potential")
    assert score_answer(potential, "the water potenshal is lower outside").mark == 1
    reputation = naming("reputation", "Reputation.", "bad reputation")
    assert score_answer(reputation, "the home gets a bad reputashun").mark == 1
    groups = naming("groups", "Focus groups.", "focus group")
    assert score_answer(groups, "questionnaires and focus grups").mark == 1
    power = naming("power", "Non-volatile.", "keeps data without power")
    assert score_answer(power, "rom keeps its data without powr").mark == 1  # four letters
    # a word that only shares a few sounds is not taken for it
    assert score_answer(potential, "the water pot is lower outside").mark == 0
    assert score_answer(reputation, "the home gets a bad rapture").mark == 0


def test_where_a_movement_starts_and_ends_matters():
    """The same words with start and end swapped say the opposite, and are reported as such."""
    out = question(
        [
            {
                "id": "out",
                "text": "Water moves out of the cells into the solution.",
                "depth": "describe",
            }
        ],
        command_word="describe",
    )
    right = score_answer(out, "Water moves out of the potato cells into the sugar solution.")
    assert right.mark == 1
    wrong = score_answer(out, "Water moves out of the sugar solution into the potato cells.")
    assert wrong.mark == 0
    assert verdict(wrong, "out").status == "reversed"
    assert score_answer(out, "Water moved into the cells from the solution.").mark == 0
    # "to" is a movement's end only beside "from": here it is "to keep"
    assert score_answer(out, "Water leaves the cells into the solution to keep balance.").mark == 1
    # a word said at both ends ("water") may stand in either place
    gradient = naming("gradient", "Down a gradient.", "from high water level to low water level")
    assert status(gradient, "Water moves from high water level to low water level.") == "earned"
    assert status(gradient, "Water moves from low water level to high water level.") == "reversed"


def test_in_a_weighing_up_answer_a_heading_describes_the_items_under_it():
    risk = {"id": "risk", "text": "Surgery carries a risk of infection.", "depth": "describe"}
    risk["accept"] = ["risk of infection", "infection"]
    weighing = question([risk], command_word="evaluate")
    says = "A stent opens the artery at once."
    assert score_answer(weighing, f"{says} Cons: surgery, infection.").mark == 1
    assert score_answer(weighing, f"{says}\nAgainst:\n- surgery\n- infection").mark == 1
    # no heading: a list of terms still describes nothing
    assert score_answer(weighing, f"{says} Surgery, infection.").mark == 0
    # "for" that is not a heading is only a word
    assert score_answer(weighing, f"{says} Stents for infection.").mark == 0
    # headings over terms alone are still terms alone, as examiners mark them
    assert score_answer(weighing, "Pros: quick. Cons: surgery, infection.").mark == 0
    # but a heading that says whose they are weighs that up ("Stents cons: ...")
    assert score_answer(weighing, "Stents pros: quick. Stents cons: surgery, infection.").mark == 1
    # and a phrasing that names whose they are reaches back over the heading
    stents = {"id": "stents", "text": "Stents carry a risk.", "depth": "describe"}
    stents["accept"] = ["stents infection risk"]
    named = question([stents], command_word="evaluate")
    assert score_answer(named, f"{says} Stents cons: infection risk, clots.").mark == 1
    # and a question that does not weigh anything up asks for a clause as before
    describing = question([risk], command_word="describe")
    assert score_answer(describing, f"{says} Cons: surgery, infection.").mark == 0


def test_a_conclusion_after_reasons_is_a_supported_judgement():
    judgement = {
        "id": "judgement",
        "text": "Gives a supported overall judgement on the plan.",
        "depth": "explain",
        "accept": ["overall", "on balance"],
    }
    cheap = {"id": "cheap", "text": "It costs less.", "depth": "explain", "accept": ["costs less"]}
    weighing = question([judgement, cheap], command_word="evaluate")
    reasons = "The plan costs less because staff travel less. It is slower, so some tasks wait."
    result = score_answer(weighing, f"{reasons} Overall it is a good plan.")
    assert verdict(result, "judgement").status == "earned"
    # with no reason given anywhere, "overall" alone is a judgement without support
    bare = score_answer(weighing, "The plan costs less. Overall it is a good plan.")
    assert verdict(bare, "judgement").status == "named_not_explained"
    # and the conclusion's support does not explain a point that is not the judgement
    later = score_answer(weighing, "It is slower, so some tasks wait. Overall it costs less.")
    assert verdict(later, "cheap").status == "named_not_explained"


def test_a_points_own_sentence_is_not_met_by_its_everyday_words_alone():
    """Everyday words ("able", "go", "take") are in every answer; the point's own sentence needs
    one of its specific words ("appointment", "journey")."""
    lonely = naming("lonely", "He may find it hard to make friends and feel lonely at work.")
    assert score_answer(lonely, "Making friends at work is hard, so he feels lonely.").mark == 1
    assert score_answer(lonely, "I feel it is hard to find friends at work.").mark == 0
    # a sentence of everyday words only, and no phrasings beside it, is met by its everyday words
    # together (two; three where the tutor wrote phrasings too), in other words as well
    buyers = naming("buyers", "People outside the business who buy from it.")
    assert score_answer(buyers, "Shoppers from outside the company who purchase things.").mark == 1
    assert score_answer(buyers, "People in the business.").mark == 0


def test_stopping_something_is_saying_it_cannot_happen():
    keeps_out = naming("out", "Keeps hackers out.", "stops hackers getting into the network")
    assert score_answer(keeps_out, "so hackers can't get into the network").mark == 1
    # a "not" elsewhere in the sentence is not that
    assert score_answer(keeps_out, "Hackers get into the network as it is not on.").mark == 0
    blocks = naming("blocks", "Blocks hackers.", "blocks hackers getting into the network")
    assert (
        status(blocks, "It blocks bad packets so hackers can't get into the network.") == "earned"
    )
    assert status(blocks, "It doesn't block hackers getting into the network.") == "negated"
    # a point's own "Prevents A or B" prevents B too
    own = naming("own", "Prevents unauthorised access or hackers getting into the network.")
    assert score_answer(own, "Hackers can get into the network.").mark == 0
    assert score_answer(own, "It stops hackers getting into the network.").mark == 1


def test_an_abbreviation_or_a_decimal_point_ends_no_sentence():
    """ "e.g." is not two full stops: the example is part of the sentence that gives it."""
    proof = {
        "id": "proof",
        "text": "A second proof.",
        "depth": "describe",
        "accept": ["fingerprint"],
    }
    second = question([proof], command_word="describe")
    said = "2FA means you need two things to log in, e.g. your password and a fingerprint."
    assert score_answer(second, said).mark == 1
    assert score_answer(second, said.replace("e.g.", "i.e.")).mark == 1
    # a sentence that only lists terms still describes nothing
    assert score_answer(second, "Password. Fingerprint.").mark == 0
    growth = naming("growth", "Grows by 2.5 percent.", '"2.5" percent')
    assert score_answer(growth, "Sales grew by 2.5 percent this year.").mark == 1


def test_non_turns_a_word_round():
    volatile = naming("volatile", "RAM is volatile.", "RAM is volatile")
    assert status(volatile, "RAM is volatile, it loses its data.") == "earned"
    assert status(volatile, "RAM is non-volatile.") == "negated"
    kept = naming("kept", "ROM is non-volatile.", "ROM is non-volatile")
    assert score_answer(kept, "ROM is not volatile.").mark == 1
    assert score_answer(kept, "ROM is volatile.").mark == 0


def test_the_mark_scheme_pasted_back_earns_nothing():
    point = {
        "id": "p",
        "text": "Explains that loyal customers come back, which increases sales.",
        "accept": ["loyal customers come back"],
    }
    spec = question([point])
    assert score_answer(spec, point["text"]).mark == 0
    assert score_answer(spec, "Loyal customers come back, which increases sales.").mark == 1


def test_a_wrong_idea_in_other_words_blocks_the_point_it_contradicts():
    spec = question(
        [
            {
                "id": "gradient",
                "text": "Water moves from a dilute to a concentrated solution.",
                "accept": ["water moves from dilute solution to concentrated solution"],
            }
        ],
        wrong_ideas=[
            {
                "id": "reverse",
                "statement": "Water moves from a concentrated to a dilute solution.",
                "correction": "It is the other way round.",
                "accept": ["water moves from concentrated solution to dilute solution"],
                "contradicts": ["gradient"],
            }
        ],
    )
    result = score_answer(
        spec,
        "By osmosis water moves from the concentrated solution to the dilute solution, so it loses mass.",
    )
    assert [w.key for w in result.wrong_ideas] == ["reverse"]
    assert result.mark == 0


@pytest.mark.parametrize(
    "text, problem",
    [
        ("(how long | how many years records", "never closed"),
        ("records ]", "closes a bracket"),
        ("records | files", "only goes inside ( )"),
        ('"two words"', "one word"),
        ("(a | )", "empty alternative"),
    ],
)
def test_a_phrasing_the_marker_cannot_read_says_what_to_change(text, problem):
    assert problem in phrasing_error(text)


def test_a_phrasing_expands_into_its_alternatives():
    patterns = compile_phrasing("(how long | how many years) records are [securely] kept")
    assert [tuple(w.text for w in p.words) for p in patterns] == [
        ("long", "records", "securely", "kept"),
        ("many", "years", "records", "securely", "kept"),
    ]
    assert all(next(w for w in p.words if w.text == "securely").optional for p in patterns)


def test_an_antonym_negated_says_the_word_itself():
    target = question(
        [
            {
                "id": "miss",
                "text": "Staff who miss the target lose heart.",
                "accept": ["demotivated if they miss the target"],
                "depth": "identify",
            }
        ],
        command_word="identify",
    )
    assert score_answer(target, "If they don't hit the target they will be demotivated.").mark == 1
    hit = score_answer(target, "If they hit the target they will be demotivated.")
    assert hit.mark == 0
    assert verdict(hit, "miss").status == "reversed"


def test_a_wrong_idea_is_found_only_as_the_claim_it_makes():
    spec = question(
        [{"id": "antibodies", "text": "White blood cells make antibodies.", "depth": "identify"}],
        command_word="identify",
        wrong_ideas=[
            {
                "id": "antigens",
                "statement": "White blood cells produce antigens.",
                "correction": "They produce antibodies; antigens are on the virus.",
                "accept": ["white blood cells produce antigens"],
                "contradicts": ["antibodies"],
            }
        ],
    )
    right = score_answer(spec, "White blood cells recognise its antigens and produce antibodies.")
    assert right.wrong_ideas == [] and right.mark == 1
    wrong = score_answer(spec, "White blood cells produce antigens to fight it.")
    assert [w.key for w in wrong.wrong_ideas] == ["antigens"]
    # its words in its order, but far apart, are another claim: "produce antibodies ... antigen"
    apart = score_answer(spec, "White blood cells produce antibodies specific to the antigen.")
    assert apart.wrong_ideas == [] and apart.mark == 1
    # nor across a list break: "higher repayments, less profit" does not say repayments fall
    costs = question(
        [
            {
                "id": "rise",
                "text": "Repayments rise.",
                "depth": "identify",
                "accept": ["repayments rise"],
            }
        ],
        command_word="identify",
        wrong_ideas=[
            {
                "id": "fall",
                "statement": "Repayments fall.",
                "correction": "They rise with the rate.",
                "accept": ["repayments fall"],
                "contradicts": ["rise"],
            }
        ],
    )
    assert score_answer(costs, "variable loan, higher repayments, less profit").mark == 1
    assert [w.key for w in score_answer(costs, "her repayments fall").wrong_ideas] == ["fall"]


def test_a_wrong_idea_in_other_words_never_wrong_is_always_right():
    spec = question(
        [{"id": "respect", "text": "Treats the customer with respect.", "depth": "identify"}],
        command_word="identify",
        prompt="How should you treat a customer who is rude?",
        wrong_ideas=[
            {
                "id": "always-right",
                "statement": "The customer is always right.",
                "correction": "Not always; but always treat them with respect.",
                "accept": ["customer is always right"],
            }
        ],
    )

    def wrong(answer):
        return [w.key for w in score_answer(spec, answer).wrong_ideas]

    assert wrong("The customer is never wrong.") == ["always-right"]
    assert wrong("It is a myth that the customer is never wrong.") == []
    assert wrong("The customer is not always right.") == []


def test_a_direction_said_of_the_wrong_word_is_a_reversal_not_a_match():
    """Every word of "costs rise so profit falls" is in "costs fall, so profit rises", each
    direction said of the other word."""
    costs = naming("costs", "Costs rise so profit falls.", "costs rise so profit falls")
    assert score_answer(costs, "Her costs rise, so her profit falls.").mark == 1
    assert score_answer(costs, "Costs go up and his profit margin will be lower.").mark == 1
    reversed_ = score_answer(costs, "Her costs will fall, so her profit will increase.")
    assert reversed_.mark == 0
    assert verdict(reversed_, "costs").status == "reversed"
    saving = naming("save", "People save more.", "people save more")
    assert score_answer(saving, "People save more and spend less.").mark == 1
    assert score_answer(saving, "People will save less and spend more.").mark == 0
    income = naming("income", "Less disposable income.", "less disposable income")
    assert score_answer(income, "Families have less disposable income.").mark == 1


def test_a_wording_the_tutor_lists_under_two_points_earns_both_and_one_word_does_not():
    """One piece of evidence earns one point unless the tutor says otherwise: listing the same
    wording under naming a way and describing it says that those words do both."""
    privacy = question(
        [
            {
                "id": "way",
                "text": "Privacy.",
                "group": "way",
                "depth": "identify",
                "accept": ["privacy", "cover her with a towel"],
            },
            {
                "id": "how",
                "text": "How privacy is kept.",
                "group": "how",
                "depth": "identify",
                "accept": ["covers her with a towel", "closes the curtains"],
            },
        ],
        command_word="describe",
    )
    both = score_answer(privacy, "They should cover her with a towel while she washes.")
    assert verdict(both, "way").earned and verdict(both, "how").earned
    cakes = question(
        [
            {"id": "a", "text": "Cakes.", "depth": "identify", "accept": ["cakes"]},
            {"id": "b", "text": "Cakes too.", "depth": "identify", "accept": ["cakes"]},
        ],
        command_word="identify",
    )
    assert score_answer(cakes, "She sells cakes.").mark == 1


def test_a_points_own_text_keeps_words_of_the_subject_that_examiners_also_use():
    """ "credit" is an examiner's word ("award credit for") and a business word: only the point's
    opening says what to do, so "Identifies selling on credit" still needs the credit."""
    credit = question(
        [{"id": "credit", "text": "Identifies selling on credit or customers paying late."}],
        command_word="identify",
    )
    assert score_answer(credit, "They sell on credit, so the cash comes later.").mark == 1
    assert score_answer(credit, "Marketing mix is price, product, place, promotion.").mark == 0
    assert score_answer(credit, "It sells lots of stuff in December.").mark == 0


def test_words_ending_in_or_keep_their_dictionary_relations():
    """Only American -or words with a British -our form are respelled ("color"), so "doctor"
    and "debtor" keep WordNet's synonyms and antonyms."""
    doctor = naming("doctor", "See a doctor.", "see a doctor")
    assert score_answer(doctor, "She should see a physician.").mark == 1
    debtors = naming("debtors", "Debtors pay late.", "debtors pay late")
    late = score_answer(debtors, "The creditors pay late.")
    assert late.mark == 0 and verdict(late, "debtors").status == "reversed"
    colour = naming("colour", "The colour of the sign.", "colour of the sign")
    assert score_answer(colour, "the color of the sign").mark == 1


def test_a_compound_of_grammar_words_is_looked_for_whole():
    """ "one-to-one support" is not "support": to a question about support, any answer says that."""
    spec = question(
        [
            {
                "id": "cost",
                "text": "It is costly.",
                "depth": "identify",
                "accept": ["one-to-one support"],
            }
        ],
        command_word="identify",
        prompt="Evaluate the support Jacob's workers give him.",
    )
    assert score_answer(spec, "He would need one-to-one support at the gym.").mark == 1
    assert score_answer(spec, "He would need one to one support at the gym.").mark == 1
    assert score_answer(spec, "The support workers help him cook.").mark == 0


def test_informal_spellings_of_everyday_words_are_read_as_the_words():
    """Learners on phones write "becuz", "cud", "u" and "dosent": the reason, the words and the
    negation they stand for count as if spelt out."""
    reason = question(
        [
            {
                "id": "harder",
                "text": "Staff work harder.",
                "depth": "explain",
                "accept": ["staff work harder"],
            }
        ]
    )
    assert score_answer(reason, "staff work harder becuz they get a bonus at the end").mark == 1
    assert status(reason, "staff work harder they get a bonus at the end") == "named_not_explained"
    could = naming("log-in", "A thief could log in as you.", "could log in as you")
    assert score_answer(could, "if sum1 gets ur pasword they cud log in as u").mark == 1
    raises = naming("raises", "Raises blood sugar.", "raises blood sugar")
    assert score_answer(raises, "it raises blood sugar").mark == 1
    assert score_answer(raises, "it dosent raise blood sugar").mark == 0


def test_a_phrasings_words_may_stand_a_few_words_apart_but_not_across_a_sentence():
    locked = naming("locked", "Stored securely.", "keep details locked")
    assert (
        score_answer(
            locked, "we keep all of the bank card details of each of our clients locked away"
        ).mark
        == 1
    )
    far = (
        "we keep the details of every one of the clients who come to the shop from all over "
        "the town and the villages around it locked away"
    )
    assert score_answer(locked, far).mark == 0


def test_a_negation_denies_what_follows_it_in_its_clause_and_no_denies_its_own_word():
    antibodies = naming(
        "antibodies", "White blood cells make antibodies.", "white blood cells make antibodies"
    )
    said = "The white blood cells see the antigens as foreign and not part of the body, and make antibodies."
    assert score_answer(antibodies, said).mark == 1
    assert score_answer(antibodies, "The white blood cells do not make antibodies.").mark == 0
    lowers = naming("lowers", "Statins lower cholesterol.", "lower cholesterol")
    assert (
        score_answer(lowers, "With statins there is no surgery and they lower cholesterol.").mark
        == 1
    )
    assert score_answer(lowers, "Statins do not lower cholesterol.").mark == 0


def test_an_answer_in_parts_is_read_against_the_parts_of_the_question():
    """ "b) 5°C or below" answers "(b) the fridge temperature": the letter stands for its part,
    and a number with its unit run on ("5C", "63c") is the number, in degrees."""
    parts = question(
        [
            identify("fridge", "Fridge at 5 °C or below.", "fridge #0-5 degrees"),
            identify("hot-hold", "Hot-hold at 63 °C or above.", "hot holding #63 degrees"),
        ],
        command_word="state",
        prompt="State (a) the temperature of a fridge and (b) the temperature for hot holding.",
    )
    assert score_answer(parts, "a) 5°C or below\nb) 63°C or above").mark == 2
    assert score_answer(parts, "a - 3C  b - 63c").mark == 2
    # each part's words meet only its own part: the fridge is not at 63°C, whatever (b) says
    assert not verdict(score_answer(parts, "a) 63°C b) 5°C"), "fridge").earned
    # and a letter that is a word stands for nothing
    assert score_answer(parts, "a fridge is kept at 63 degrees").mark == 0


def test_a_phrasing_of_three_words_is_met_without_its_least_specific_word():
    """Learners leave out a word the sentence makes plain: "insulin comes from the pancreas" says
    what "the pancreas releases insulin" says. Never its most specific word, a word of relation
    ("before"), or a negation; and the left-out word's opposite there reverses it."""
    insulin = naming("insulin", "Names the hormone and the organ.", "the pancreas releases insulin")
    assert score_answer(insulin, "Insulin comes out of the pancreas.").mark == 1
    assert score_answer(insulin, "The pancreas releases glucagon.").mark == 0
    order = naming("order", "Cash leaves first.", "pay suppliers before customers pay")
    assert score_answer(order, "They pay suppliers and their customers pay.").mark == 0
    shared = naming("shared", "Keeps them secret.", "never share passwords with anyone")
    assert score_answer(shared, "Share passwords with anyone who asks.").mark == 0
    # one word of direction stands in for "raise" and "expand" alike, but says neither
    capital = naming("capital", "Shares bring in money.", "raise capital to expand")
    assert score_answer(capital, "They raise capital to grow.").mark == 1
    assert score_answer(capital, "A company is bigger so it makes more profit.").mark == 0
    debtors = naming("debtors", "Who is slow to settle bills.", "debtors pay late invoices")
    late = score_answer(debtors, "The creditors pay the invoices late.")
    assert late.mark == 0 and verdict(late, "debtors").status == "reversed"


def test_an_item_sorted_under_another_groups_name_is_the_wrong_way_round():
    """ "Push factors: more jobs in the city" puts a pull factor under push: the learner has the
    two the wrong way round. Only when the answer sorts its items under two of the question's
    groups; a conclusion may name any point."""
    push = {"id": "drought", "text": "Drought.", "group": "push", "accept": ["drought"]}
    pull = {"id": "jobs", "text": "More jobs.", "group": "pull", "accept": ["more jobs"]}
    for point in (push, pull):
        point["depth"] = "identify"
    migration = question([push, pull], command_word="identify")
    assert score_answer(migration, "Push: drought. Pull: more jobs in the city.").mark == 2
    swapped = score_answer(migration, "Push: more jobs in the city. Pull: drought.")
    assert swapped.mark == 0 and verdict(swapped, "jobs").status == "misplaced"
    assert "wrong heading" in point_reason(dataclasses.asdict(verdict(swapped, "jobs")))
    assert score_answer(migration, "Pull:\n- more jobs\nPush:\n- drought").mark == 2
    # one group named is no sorting: the items are not set against another group
    assert score_answer(migration, "Push: drought and more jobs in the city.").mark == 2
