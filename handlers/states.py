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


class AddTrackerSG(StatesGroup):
    name = State()
    url = State()
    key = State()
    postback = State()
    timezone = State()
