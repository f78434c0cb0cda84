from bot.lazy_models import defer_aiogram_models

# as ``python -m bot`` does, before anything imports aiogram: the suite uses aiogram's models the way
# the bot does (each built at its first use)
AIOGRAM_MODELS_DEFERRED = defer_aiogram_models()
