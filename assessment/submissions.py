"""What makes two answer posts the same submission. Plain Python, no Django: bench/locustfile.py
uses it too, to match every post it sent with the attempt stored for it."""

from __future__ import annotations

import hashlib


def submission_digest(submission: str, answer: str) -> str:
    """One form's one-off value and the same answer; "" when the post carried no value."""
    if not submission:
        return ""
    return hashlib.sha256(f"{submission}\n{answer}".encode()).hexdigest()
