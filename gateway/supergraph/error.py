"""The error the supergraph stage raises.

::

    SupergraphError      the SDL cannot be read as an Apollo Federation v2 supergraph
"""

from __future__ import annotations

__all__ = ["SupergraphError"]


class SupergraphError(Exception):
    """The text is not a usable supergraph; the message says what and where."""
