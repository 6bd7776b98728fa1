"""Accounts and API keys.

A key is shown once, when made, and only a salted scrypt hash of it is stored, so a
copy of the store does not hand out working keys. Checking scrypt costs tens of
milliseconds on purpose; ``Authenticator`` remembers keys it has already checked (by
their SHA-256, in memory, for a short while) so that a busy client pays it once.

A key can be given an expiry (``expires_days``), replaced (``rotate_key``: the old
one stops working), its account disabled (``disable_user``) or removed
(``remove_user``); each is one audit line. A remembered key is re-checked against the
store (cheaply, without scrypt) every ``RECHECK_SECONDS``, so a key revoked by another
process (``moneytrail users`` beside a running server) stops working within seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from moneytrail.alerts.audit import AuditLog, utc_now
from moneytrail.alerts.models import Credentials, Role, User
from moneytrail.alerts.repository import Repository
from moneytrail.errors import InvalidInput, NotFound

KEY_PREFIX = "mt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
CACHE_SECONDS = 300.0
RECHECK_SECONDS = 5.0
MAX_EXPIRY_DAYS = 3650
# The caller of a server started with --insecure-local (loopback only).
LOCAL_USER = User(id="local", name="local", role=Role.ADMIN, key_id="", created_at="")


def hash_secret(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)


def split_key(key: str) -> tuple[str, str] | None:
    """(key id, secret) of a well-formed key ``mt_<id>_<secret>``, else None."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def expiry(days: int | None, now: datetime | None = None) -> str | None:
    """The ISO UTC time a key made now expires, ``days`` from now (None: never)."""
    if days is None:
        return None
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise InvalidInput(f"expiry must be 1 to {MAX_EXPIRY_DAYS} days", field="expires")
    start = now or datetime.now(UTC)
    return (start + timedelta(days=days)).isoformat(timespec="microseconds")


def _new_key() -> tuple[str, str, bytes, bytes]:
    """(key id, secret, salt, hash) of a fresh key."""
    key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    return key_id, secret, salt, hash_secret(secret, salt)


def add_user(
    repo: Repository,
    audit: AuditLog,
    name: str,
    role: Role,
    actor: str,
    *,
    expires_days: int | None = None,
) -> tuple[User, str]:
    """Create an account; returns it with its API key, which is never shown again."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("a user name needs 1 to 100 characters", field="name")
    if any(u.name == name for u in repo.users()):
        raise InvalidInput(f"a user named {name!r} exists already", field="name")
    key_id, secret, salt, key_hash = _new_key()
    expires_at = expiry(expires_days)
    user = User(
        id=str(uuid.uuid4()),
        name=name,
        role=role,
        key_id=key_id,
        created_at=utc_now(),
        expires_at=expires_at,
    )
    with repo.transaction():
        repo.add_user(user, salt, key_hash)
        audit.append(
            actor,
            "user.add",
            user.id,
            {"name": name, "role": role.value, "key_id": key_id, "expires_at": expires_at},
        )
    return user, f"{KEY_PREFIX}_{key_id}_{secret}"


def find_user(repo: Repository, name: str) -> User:
    """The account called ``name``; NotFound otherwise."""
    for user in repo.users():
        if user.name == name.strip():
            return user
    raise NotFound(f"no user named {name!r}")


def rotate_key(
    repo: Repository, audit: AuditLog, name: str, actor: str, *, expires_days: int | None = None
) -> tuple[User, str]:
    """Give ``name`` a new key (shown once); the old key stops working.

    The expiry is the new key's: ``expires_days``, or none.
    """
    with repo.transaction():
        user = find_user(repo, name)
        key_id, secret, salt, key_hash = _new_key()
        expires_at = expiry(expires_days)
        repo.set_key(user.id, key_id, salt, key_hash, expires_at)
        audit.append(
            actor,
            "user.rotate_key",
            user.id,
            {
                "name": user.name,
                "old_key_id": user.key_id,
                "key_id": key_id,
                "expires_at": expires_at,
            },
        )
    return replace(user, key_id=key_id, expires_at=expires_at), f"{KEY_PREFIX}_{key_id}_{secret}"


def disable_user(repo: Repository, audit: AuditLog, name: str, actor: str) -> User:
    """Refuse the account's key from now on (kept for the record; ``rotate`` does not undo it)."""
    with repo.transaction():
        user = find_user(repo, name)
        if user.disabled_at is not None:
            raise InvalidInput(f"the user {user.name!r} is disabled already", field="name")
        at = utc_now()
        repo.set_disabled(user.id, at)
        audit.append(
            actor,
            "user.disable",
            user.id,
            {"name": user.name, "key_id": user.key_id, "disabled_at": at},
        )
    return replace(user, disabled_at=at)


def remove_user(repo: Repository, audit: AuditLog, name: str, actor: str) -> User:
    """Delete the account and its key; the audit log keeps what it did."""
    with repo.transaction():
        user = find_user(repo, name)
        repo.remove_user(user.id)
        audit.append(
            actor,
            "user.remove",
            user.id,
            {"name": user.name, "role": user.role.value, "key_id": user.key_id},
        )
    return user


@dataclass(slots=True)
class _Remembered:
    user: User
    key_hash: bytes
    until: float  # forget the key then (monotonic)
    recheck_at: float  # look at the store again then (monotonic)


class Authenticator:
    """Turns a presented API key into its account, or None.

    None also for a key of a disabled or removed account, a rotated-away key and an
    expired one: the API answers 401 to each.
    """

    def __init__(
        self,
        repo: Repository,
        cache_seconds: float = CACHE_SECONDS,
        recheck_seconds: float = RECHECK_SECONDS,
    ) -> None:
        self.repo = repo
        self.cache_seconds = cache_seconds
        self.recheck_seconds = recheck_seconds
        self._cache: dict[str, _Remembered] = {}
        self._lock = threading.Lock()

    def cached(self, key: str) -> User | None:
        """The account of a key checked very recently, without touching the store."""
        with self._lock:
            hit = self._cache.get(_fingerprint(key))
        now = time.monotonic()
        if hit is None or hit.until <= now or hit.recheck_at <= now:
            return None
        return hit.user if hit.user.refusal(utc_now()) is None else None

    def authenticate(self, key: str) -> User | None:
        found = self.cached(key)
        if found is not None:
            return found
        fingerprint, now = _fingerprint(key), time.monotonic()
        with self._lock:
            hit = self._cache.pop(fingerprint, None)
        if hit is not None and hit.until > now:
            creds = self._recheck(key, hit.key_hash)  # no scrypt: the hash matched before
        else:
            creds = self._check(key)
        if creds is None or creds.user.refusal(utc_now()) is not None:
            return None
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            until = hit.until if hit is not None and hit.until > now else now + self.cache_seconds
            self._cache[fingerprint] = _Remembered(
                creds.user, creds.key_hash, until, now + self.recheck_seconds
            )
        return creds.user

    def _recheck(self, key: str, key_hash: bytes) -> Credentials | None:
        """The stored credentials if the key's row still holds the hash it matched."""
        parts = split_key(key)
        found = self.repo.credentials(parts[0]) if parts is not None else None
        if found is None or not hmac.compare_digest(found.key_hash, key_hash):
            return None
        return found

    def _check(self, key: str) -> Credentials | None:
        parts = split_key(key)
        if parts is None:
            return None
        found = self.repo.credentials(parts[0])
        if found is None:
            return None
        if not hmac.compare_digest(hash_secret(parts[1], found.salt), found.key_hash):
            return None
        return found


def _fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
