"""Each page at a desktop and a phone width: no horizontal scrolling, accessible at both."""

from __future__ import annotations

from collections.abc import Callable

WIDTHS = (1280, 375)


def look_at_both_widths(page, name: str, look: Callable[..., None]) -> None:
    """`look` (axe and a screenshot) at 1280 and 375 px; the page never wider than the window."""
    page.wait_for_load_state()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        wider_by = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wider_by <= 0, f"{name} is {wider_by}px wider than a {width}px window"
        look(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
