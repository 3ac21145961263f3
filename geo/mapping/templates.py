"""The Jinja environment for the map page, the legend and the article copies.

Autoescaping is on for every template: whatever a template prints is HTML-escaped.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["TEMPLATES", "env"]

#: The templates folder shipped with the package.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@functools.cache
def env():
    """Return the (cached) Jinja environment; autoescape is on for every template.

    Examples
    --------
    >>> env().from_string("{{ x }}").render(x="<b>")
    '&lt;b&gt;'
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
