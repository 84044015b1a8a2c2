"""What the quiz tells other apps without importing them."""

from django.dispatch import Signal

# sent by services.progress_wipe once a learner's answers are gone, with session_key=...:
# anything else kept for that session (review cards, progress codes) goes too
progress_wiped = Signal()
