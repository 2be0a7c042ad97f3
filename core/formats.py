"""What Django's locale formats miss, read from the same formats modules (liaison/formats)."""

from django.utils.formats import get_format, get_format_modules
from django.utils.translation import get_language


def local_format(name, default):
    """The current language's `name` from our formats modules, else Django's `default` format."""
    for module in get_format_modules(get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    return get_format(default)
