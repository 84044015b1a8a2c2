"""What the quiz tells other apps without importing them."""

from django.dispatch import Signal

# sent by services.progress_wipe once a learner's answers are gone, with session_key=...:
# anything else kept for that session (review cards, progress codes) goes too
progress_wiped = Signal()

# sent by expire_records after expired sessions are deleted: records other apps keep for a session
# that has ended (review cards, progress codes) can go; receivers return how many they deleted
sessions_cleared = Signal()
