"""Encryption of text at rest (message text, titles, placeholder mappings)."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class FieldCipher:
    """Encrypts and decrypts text fields with Fernet; the first key encrypts, every key decrypts (rotation)."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is needed")
        self._fernet = MultiFernet([Fernet(key.encode("ascii")) for key in keys])

    def encrypt(self, text: str) -> str:
        """Ciphertext (URL-safe base64) for `text`."""
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The text behind `token`; a token no configured key opens raises `ValueError`."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise ValueError("cannot decrypt: the data was encrypted with a key that is not configured") from exc

    def encrypt_optional(self, text: str | None) -> str | None:
        """`encrypt`, passing None through."""
        return None if text is None else self.encrypt(text)

    def decrypt_optional(self, token: str | None) -> str | None:
        """`decrypt`, passing None through."""
        return None if token is None else self.decrypt(token)
