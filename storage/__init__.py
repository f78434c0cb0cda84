"""Persistence: SQLite connection and migrations, repositories, the secret box, FSM storage."""

from storage.audit import AuditEntry, AuditRepo
from storage.db import Database
from storage.meta import KeyCheck, MetaRepo
from storage.reports import DuplicateReportName, SavedReport, SavedReportRepo, TooManyReports
from storage.secretbox import SecretBox, SecretDecryptError, derive_token, load_or_create_key
from storage.tracker_rows import Tracker
from storage.trackers import DuplicateTrackerName, TrackerRepo, TrackerSecretUnreadable
from storage.users import User, UserRepo

__all__ = [
    "AuditEntry",
    "AuditRepo",
    "Database",
    "DuplicateReportName",
    "DuplicateTrackerName",
    "KeyCheck",
    "MetaRepo",
    "SavedReport",
    "SavedReportRepo",
    "SecretBox",
    "SecretDecryptError",
    "TooManyReports",
    "Tracker",
    "TrackerRepo",
    "TrackerSecretUnreadable",
    "User",
    "UserRepo",
    "derive_token",
    "load_or_create_key",
]
