"""amzdesk: shipment confirmation desk for makeshop shops selling on Amazon.co.jp (Qt-free core)."""

APP_NAME = "amzdesk"
APP_DISPLAY_NAME = "amzdesk"


def __getattr__(name: str) -> str:
    # ``__version__`` is read from the installed metadata on first use only: importing
    # importlib.metadata costs tens of milliseconds, which the window's start-up does not need.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("amzdesk")
        except PackageNotFoundError:  # running from a source tree or a frozen bundle
            value = "0.1.0"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
