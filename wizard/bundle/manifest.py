"""``manifest.json`` read back from a bundle: its shape checked field by field before anything uses it.

Export writes the manifest; ``check`` reads one that may have been edited by hand or built to
hurt. A field of the wrong type (a number for ``files``, a list for ``slot``) must be a finding
about the manifest, not a ``TypeError`` three functions later, so the manifest is parsed into
a pydantic model here and nothing else touches the raw JSON.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from wizard.case.json_text import read_json

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ManifestFile(_Lenient):
    name: StrictStr
    slot: StrictStr | None
    bytes: StrictInt = Field(ge=0)
    sha256: StrictStr

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if not value or "/" in value or "\\" in value or value in (".", "..") or len(value.encode("utf-8")) > 255:
            raise ValueError("not a plain file name")
        return value

    @field_validator("sha256")
    @classmethod
    def _hex_digest(cls, value: str) -> str:
        if not _SHA256.match(value):
            raise ValueError("not a SHA-256")
        return value


class ManifestRules(_Lenient):
    version: StrictStr


class ManifestCase(_Lenient):
    changes: list[StrictStr] = Field(default_factory=list)


class Manifest(_Lenient):
    files: list[ManifestFile] = Field(max_length=200)
    rules: ManifestRules
    case: ManifestCase = Field(default_factory=ManifestCase)

    @field_validator("files")
    @classmethod
    def _names_once(cls, value: list[ManifestFile]) -> list[ManifestFile]:
        names = [f.name for f in value]
        if len(set(names)) != len(names):
            raise ValueError("a file listed twice")
        return value


class ManifestInvalid(ValueError):
    """The manifest is not JSON, or not of the shape export writes."""


def parse_manifest(text: str, source: str) -> tuple[Manifest, list[str]]:
    """The manifest and the keys it gave twice; :class:`ManifestInvalid` when it cannot be used."""
    data, duplicates = read_json(text, source, ManifestInvalid)
    try:
        return Manifest.model_validate(data), duplicates
    except ValidationError as exc:
        raise ManifestInvalid(str(exc.errors()[0]["loc"])) from None
