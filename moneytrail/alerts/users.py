"""Accounts and API keys.

A key is shown once, when made, and only a salted scrypt hash of it is stored, so a
copy of the store does not hand out working keys. Checking scrypt costs tens of
milliseconds on purpose; ``Authenticator`` remembers keys it has already checked (by
their SHA-256, in memory, for a short while) so that a busy client pays it once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import uuid

from moneytrail.alerts.audit import AuditLog, utc_now
from moneytrail.alerts.models import Role, User
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput

KEY_PREFIX = "mt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
CACHE_SECONDS = 300.0


def hash_secret(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)


def split_key(key: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key ``mt_<id>_<secret>``, else None."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def add_user(
    repo: Repository, audit: AuditLog, name: str, role: Role, actor: str
) -> tuple[User, str]:
    """Create an account; returns it with its API key, which is never shown again."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("a user name needs 1 to 100 characters", field="name")
    if any(u.name == name for u in repo.users()):
        raise InvalidInput(f"a user named {name!r} exists already", field="name")
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    user = User(id=str(uuid.uuid4()), name=name, role=role, key_id=key_id, created_at=utc_now())
    with repo.transaction():
        repo.add_user(user, salt, hash_secret(secret, salt))
        audit.append(actor, "user.add", user.id, {"name": name, "role": role.value})
    return user, f"{KEY_PREFIX}_{key_id}_{secret}"


class Authenticator:
    """Turns a presented API key into its account, or None."""

    def __init__(self, repo: Repository, cache_seconds: float = CACHE_SECONDS) -> None:
        self.repo = repo
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[User, float]] = {}
        self._lock = threading.Lock()

    def cached(self, key: str) -> User | None:
        """The account of a key checked recently, without touching the store."""
        fingerprint = hashlib.sha256(key.encode()).hexdigest()
        with self._lock:
            hit = self._cache.get(fingerprint)
        return hit[0] if hit is not None and hit[1] > time.monotonic() else None

    def authenticate(self, key: str) -> User | None:
        hit = self.cached(key)
        if hit is not None:
            return hit
        fingerprint = hashlib.sha256(key.encode()).hexdigest()
        now = time.monotonic()
        user = self._check(key)
        if user is not None:
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[fingerprint] = (user, now + self.cache_seconds)
        return user

    def _check(self, key: str) -> User | None:
        parts = split_key(key)
        if parts is None:
            return None
        found = self.repo.credentials(parts[0])
        if found is None:
            return None
        if not hmac.compare_digest(hash_secret(parts[1], found.salt), found.key_hash):
            return None
        return found.user
