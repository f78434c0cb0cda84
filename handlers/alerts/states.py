"""Dialog states of /alerts (the lead re-exports them from handlers.states)."""

from aiogram.fsm.state import State, StatesGroup


class AlertsSG(StatesGroup):
    list = State()  # open alerts, then the rules
    rule = State()  # one rule: state, thresholds, actions
    delete = State()  # confirm deleting a rule
    kind = State()  # new rule: pick a template
    scope = State()  # new rule: whole tracker or a campaign
    campaign = State()  # new rule: pick the campaign
    param = State()  # one threshold / window / `for` (new rule or edit)
    severity = State()  # severity (new rule or edit)
    summary = State()  # new rule: summary, preview, save
    route = State()  # the first rule of a tracker: who hears its alerts
    edit = State()  # edit: pick what to change
    action = State()  # new rule: what the rule does about its alert (automations)
    # issue 19, part 5: the incident history (handlers/alerts/history.py)
    history = State()  # the last 30 days of alerts, newest first
    timeline = State()  # one alert's timeline (from the history)
