"""Errors with stable codes and a sentence that says what to do.

Codes are listed once here so that documentation, tests and scripts can rely on them.
"""
from __future__ import annotations

CODES = {
    "BC001": "file is not text (binary content)",
    "BC002": "file is empty",
    "BC003": "file is larger than the size limit",
    "BC004": "text encoding could not be detected",
    "BC005": "no article text found in the page",
    "BC006": "malformed JSON",
    "BC007": "unsupported file type",
    "BC008": "file could not be read",
    "BC010": "knowledge base not found",
    "BC011": "knowledge base is not a Backchannel database",
    "BC012": "bad option value",
    "BC013": "nothing to build",
    "BC014": "analysis cache cannot be opened",
    "BC030": "scenario file is not valid",
    "BC031": "validation data file cannot be used",
    "BC032": "knowledge base holds nothing to draft a scenario from",
}


class BackchannelError(Exception):
    """An error a user can act on: ``code`` is stable, ``hint`` says what to do."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        tail = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {self.message}{tail}"


class ReadError(BackchannelError):
    """A file that cannot become a document; the build reports it and goes on."""

    def __init__(self, path: str, code: str, reason: str, hint: str = "") -> None:
        super().__init__(code, f"{path}: {reason}", hint)
        self.path = path
        self.reason = reason
