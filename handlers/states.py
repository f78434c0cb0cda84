"""Dialog states of every feature, in one place so features can start each other."""

from aiogram.fsm.state import State, StatesGroup


class LanguageSG(StatesGroup):
    choose = State()


class TrackersSG(StatesGroup):
    list = State()
    detail = State()
    rename = State()
    timezone = State()
    delete = State()
    postback = State()
    api_key = State()
    leave = State()  # a member's “leave this tracker?”


class AddTrackerSG(StatesGroup):
    name = State()
    url = State()
    key = State()
    postback = State()
    timezone = State()


class PostbackSG(StatesGroup):
    tracker = State()
    url = State()
    click = State()
    click_pick = State()
    click_missing = State()
    status = State()
    payout = State()
    cost = State()
    currency = State()
    currency_other = State()
    tid = State()
    sub1 = State()
    summary = State()
    edit = State()
    result = State()
    details = State()


class ResourcesSG(StatesGroup):
    list = State()
    detail = State()
    ask = State()
    confirm = State()
    raw = State()
    create_ask = State()
    create_confirm = State()


class BotlistSG(StatesGroup):
    view = State()
    ask = State()
    confirm = State()


class StatsSG(StatesGroup):
    report = State()
    range = State()
    custom = State()
    group = State()
    metrics = State()
    filters = State()
    filter_pick = State()
    filter_country = State()
    saved = State()
    save_name = State()


class ConversionsSG(StatesGroup):
    list = State()
    range = State()
    filters = State()
    filter_ask = State()
    filter_pick = State()


class ClicksSG(StatesGroup):
    ask = State()
    result = State()
    campaign = State()
    latest = State()


class LogsSG(StatesGroup):
    view = State()
    search = State()


class MembersSG(StatesGroup):
    """A tracker's team, the owner's screens (issue 16)."""

    list = State()
    member = State()
    role = State()
    remove = State()
    handover = State()
    invite_role = State()
    invite_scope = State()
    scope = State()
    prefix = State()


class AuditSG(StatesGroup):
    view = State()


class CostsSG(StatesGroup):
    """/costs: ad-network spend in (issue 17, part 3)."""

    ask = State()
    problems = State()
    preview = State()
    done = State()


class WizardSG(StatesGroup):
    """Guided creation of a campaign, a flow or an offer (issue 17): one window per kind of step."""

    text = State()  # a typed value (name, alias, URL, amount, shares, countries, weight…)
    pick = State()  # one of a list (a fixed Keitaro value or the tracker's own list)
    multi = State()  # several of the tracker's list (a flow's offers or landings)
    summary = State()  # what will be created: ✅ Create / ✏️ change a field / ✖️ Cancel
    fields = State()  # which field to change
    created = State()  # a new campaign: add the first flow now?


class MaintenanceSG(StatesGroup):
    """/maintenance: maintenance windows of the active tracker (issue 19, part 3)."""

    list = State()  # current and upcoming windows: ➕ New, end now / cancel per window
    what = State()  # the whole tracker, a campaign or a rule
    pick = State()  # which campaign / rule
    when = State()  # now for 30 min … 4 h, or a typed period
    repeat = State()  # every day?
    confirm = State()
