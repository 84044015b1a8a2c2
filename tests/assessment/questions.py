"""Example questions for the engine's tests, in the content format: three from customer service,
and two from other subjects (the engine must not depend on one subject's vocabulary)."""

from assessment.spec import QuestionSpec, question_spec_from_mapping


def spec(mapping, **overrides) -> QuestionSpec:
    return question_spec_from_mapping({**mapping, **overrides})


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

HEART_RATE = {
    "id": "bio2",
    "command_word": "explain",
    "prompt": "Explain why a person's heart rate increases during exercise.",
    "marks": 3,
    "points": [
        {"id": "oxygen", "text": "Muscles need more oxygen for respiration."},
        {"id": "energy", "text": "More energy is released by aerobic respiration in the muscles."},
        {
            "id": "carbon-dioxide",
            "text": "Carbon dioxide must be removed from the muscles more quickly.",
        },
    ],
}

DIGNITY = {
    "id": "hsc1",
    "command_word": "describe",
    "prompt": "Describe how a care worker can protect the dignity of a service user during personal care.",
    "marks": 3,
    "points": [
        {"id": "privacy", "text": "Closes doors or curtains to give privacy."},
        {"id": "choice", "text": "Asks the service user's preferences and lets them make choices."},
        {"id": "consent", "text": "Gets consent before starting any care."},
    ],
}
