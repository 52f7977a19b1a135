"""handouts: branded, printable A4 patient handouts from physiotherapy content."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("handouts")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0.0.0+checkout"
