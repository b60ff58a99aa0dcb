"""amzdesk: shipment confirmation desk for makeshop shops selling on Amazon.co.jp (Qt-free core)."""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "amzdesk"
APP_DISPLAY_NAME = "amzdesk"

try:
    __version__ = version("amzdesk")
except PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.1.0"
