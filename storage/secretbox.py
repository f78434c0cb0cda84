"""Encryption of secrets at rest (tracker API keys, postback URLs).

AES-256-GCM with a key derived (HKDF-SHA256) from the configured secret. Every ciphertext is
bound to its owner and purpose through the AEAD associated data, so a ciphertext copied into
another user's row, or from the ``api_key`` column into the ``postback_url`` column, fails to
decrypt instead of leaking.

Blob layout: ``b"\\x01" | nonce (12 bytes) | ciphertext+tag``.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

log = logging.getLogger(__name__)

_VERSION = b"\x01"
_NONCE_LEN = 12


class SecretDecryptError(Exception):
    """The blob is corrupt, was made with another key, or belongs to another owner/purpose."""


class SecretBox:
    def __init__(self, secret: str | bytes) -> None:
        material = secret.encode() if isinstance(secret, str) else secret
        if len(material) < 16:
            raise ValueError("SECRET_KEY must be at least 16 characters long")
        key = HKDF(
            algorithm=hashes.SHA256(),
            length=32,
            salt=b"keitaro-oncall-bot/secretbox",
            info=b"aes-256-gcm v1",
        ).derive(material)
        self._aead = AESGCM(key)

    @staticmethod
    def _aad(owner_id: int, purpose: str) -> bytes:
        return f"owner={owner_id};purpose={purpose}".encode()

    def encrypt(self, plaintext: str, *, owner_id: int, purpose: str) -> bytes:
        nonce = os.urandom(_NONCE_LEN)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), self._aad(owner_id, purpose))
        return _VERSION + nonce + sealed

    def decrypt(self, blob: bytes, *, owner_id: int, purpose: str) -> str:
        if len(blob) < 1 + _NONCE_LEN + 16 or blob[:1] != _VERSION:
            raise SecretDecryptError("unknown secret format")
        nonce, sealed = blob[1 : 1 + _NONCE_LEN], blob[1 + _NONCE_LEN :]
        try:
            return self._aead.decrypt(nonce, sealed, self._aad(owner_id, purpose)).decode()
        except InvalidTag as exc:
            raise SecretDecryptError("secret does not decrypt for this owner") from exc


def load_or_create_key(secret_key: str | None, key_file: Path) -> str:
    """Return the configured secret, or read/generate the key file beside the database.

    A generated key is written with mode 0600 and announced with a warning: losing the file
    makes every stored API key unreadable.
    """
    if secret_key:
        return secret_key
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    generated = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(generated + "\n")
    log.warning(
        "SECRET_KEY is not set: generated a new key in %s (mode 0600). Back it up — without it "
        "the stored tracker keys cannot be decrypted.",
        key_file,
    )
    return generated


def derive_token(secret: str | bytes, purpose: str) -> str:
    """A token for ``purpose`` derived from the configured secret (HKDF-SHA256, 256 bits), spelled
    in ``A-Za-z0-9_-`` (43 characters). The same secret always gives the same token, another
    purpose an unrelated one, and the token reveals nothing of the secret."""
    material = secret.encode() if isinstance(secret, str) else secret
    raw = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"keitaro-oncall-bot/token", info=purpose.encode()
    ).derive(material)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
