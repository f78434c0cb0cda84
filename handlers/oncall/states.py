"""Dialog states of /oncall and /subscribe (with /hook)."""

from aiogram.fsm.state import State, StatesGroup


class OncallSG(StatesGroup):
    view = State()  # who is on duty now and next, the rotation; settings buttons for admins
    people = State()  # ask: the people, in order
    handover = State()  # ask: the hand-over time
    backup = State()  # ask: the backup
    team = State()  # pick: the team chat
    escalate = State()  # pick: escalation minutes and repeats
    remove = State()  # confirm removing the rotation


class SubscribeSG(StatesGroup):
    main = State()  # this chat's subscription: tracker, severity, conversions, digest
    digest = State()  # ask: the digest time
    hook = State()  # the conversion webhook URL to paste into Keitaro
    rotate = State()  # confirm a new webhook secret
