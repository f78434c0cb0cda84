"""Everything a Telegram user touches, one module or subpackage per feature; ``handlers.features``
lists them and builds the router."""
