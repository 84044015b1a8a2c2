"""What each command word asks a learner to do, with an example from this qualification.

The quiz shows the one-line `asks` under a question's command word and links to the guide page
(`assessment:command_words`), where each word has its example; the feedback on a point that was
named but not explained uses `shape`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommandWordGuide:
    word: str
    asks: str  # one line, under the question's command word
    shape: str  # the shape of a sentence that does it
    example_question: str
    example_answer: str

    @property
    def anchor(self) -> str:
        return f"word-{self.word}"


GUIDES = (
    CommandWordGuide(
        word="identify",
        asks="Name it: a word or a short phrase is enough.",
        shape="It is …",
        example_question="Identify one law that protects customers' personal information.",
        example_answer="The Data Protection Act 2018 (UK GDPR).",
    ),
    CommandWordGuide(
        word="state",
        asks="Give a fact, plainly, without reasons.",
        shape="… is …",
        example_question="State who an internal customer is.",
        example_answer="A colleague or another department that relies on your work.",
    ),
    CommandWordGuide(
        word="describe",
        asks="Say what it is or what happens, in full sentences, not a list of words.",
        shape="… is … that …, for example …",
        example_question="Describe one way to show a customer you are listening.",
        example_answer=(
            "Active listening means giving the customer your full attention: I keep eye contact, "
            "nod, and repeat back what they said to check I have understood."
        ),
    ),
    CommandWordGuide(
        word="explain",
        asks="Say why or how: give a reason or a result, with because or so.",
        shape="… because …, so …",
        example_question="Explain why good customer service matters to an organisation.",
        example_answer=(
            "Good service makes customers loyal because they feel valued, so they come back and "
            "recommend the business, which increases its sales."
        ),
    ),
    CommandWordGuide(
        word="analyse",
        asks="Break it into parts and show how they link or affect each other.",
        shape="… leads to …, which means …",
        example_question="Analyse how slow replies to complaints affect a business.",
        example_answer=(
            "A slow reply leaves the customer feeling ignored, which turns a small problem into "
            "anger; they tell friends or post reviews, which harms the reputation and loses "
            "future sales."
        ),
    ),
    CommandWordGuide(
        word="evaluate",
        asks="Weigh the strengths and weaknesses, then give a judgement.",
        shape="On one hand …; on the other hand …; overall …, because …",
        example_question="Evaluate using online surveys to collect customer feedback.",
        example_answer=(
            "Surveys reach many customers cheaply and give figures to compare over time. However, "
            "few customers reply and questions can miss what matters to them. Overall they are "
            "useful when mixed with comments from staff, because the two together show both "
            "trends and reasons."
        ),
    ),
    CommandWordGuide(
        word="justify",
        asks="Give the reasons that support a choice or a decision.",
        shape="I would … because …, and …",
        example_question="Justify offering a refund to a customer whose kettle broke after a week.",
        example_answer=(
            "I would offer a refund because the Consumer Rights Act 2015 says goods must be of "
            "satisfactory quality, and a customer treated fairly is more likely to come back."
        ),
    ),
)
GUIDE_BY_WORD = {guide.word: guide for guide in GUIDES}
# Words the guide does not list read as the nearest one it does
SAME_AS = {
    "list": "identify",
    "name": "identify",
    "outline": "describe",
    "compare": "analyse",
    "discuss": "evaluate",
    "assess": "evaluate",
}


def guide_for(command_word: str) -> CommandWordGuide | None:
    word = command_word.lower()
    return GUIDE_BY_WORD.get(SAME_AS.get(word, word))
