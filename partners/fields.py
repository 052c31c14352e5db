"""Encrypted model fields (AES-256-GCM, see partners/crypto.py). NULL stays NULL; "" is encrypted."""
from __future__ import annotations

import json
from typing import Any

from django.db import models

from partners.crypto import key_ring


class EncryptedTextField(models.TextField):
    """A text value encrypted at rest. Not searchable or orderable by content, by design."""

    def column_identity(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def to_plain(self, value: Any) -> str:
        return value

    def from_plain(self, text: str) -> Any:
        return text

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return key_ring().encrypt(self.to_plain(value), aad=self.column_identity())

    def from_db_value(self, value: str | None, expression, connection) -> Any:
        if value is None:
            return None
        return self.from_plain(key_ring().decrypt(value, aad=self.column_identity()))

    def to_python(self, value: Any) -> Any:
        return value

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs


class EncryptedJSONField(EncryptedTextField):
    """A JSON document (dict, list, scalars) encrypted as one value."""

    def to_plain(self, value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), sort_keys=True)

    def from_plain(self, text: str) -> Any:
        return json.loads(text)

    def value_to_string(self, obj: Any) -> str:
        return self.to_plain(self.value_from_object(obj))


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) pair with an encrypted column, for key rotation."""
    from django.apps import apps

    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
