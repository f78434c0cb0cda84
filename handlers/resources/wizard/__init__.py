"""Guided creation of campaigns, flows and offers (no JSON on a phone): step by step, with picks
from the tracker's own lists, every value checked before the request, a summary before sending,
the tracker's per-field refusal shown at its step, and the created object's card at the end."""

from handlers.resources.wizard.dialog import build_dialog
from handlers.resources.wizard.engine import WIZARDS

__all__ = ["WIZARDS", "build_dialog"]
