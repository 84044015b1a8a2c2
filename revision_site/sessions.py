"""Database sessions in which a session can end both when the browser closes and at a fixed age.

Django offers one or the other: `set_expiry(0)` makes a browser-session cookie but leaves the
server-side row alive for SESSION_COOKIE_AGE; `set_expiry(seconds)` ends the row on time but sends
a persistent cookie. Staff on shared classroom PCs need both (topics.signals.staff_session_expiry
asks for it), so a session holding settings.SESSION_END_AT_BROWSER_CLOSE_KEY keeps its expiry in the database and
gets a cookie without Max-Age or Expires.
"""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def get_expire_at_browser_close(self) -> bool:
        return (
            bool(self.get(settings.SESSION_END_AT_BROWSER_CLOSE_KEY))
            or super().get_expire_at_browser_close()
        )
