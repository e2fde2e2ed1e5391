"""A nugget in the 7-minute-briefing shape, written in Markdown and rendered from that one source.

The Markdown is parsed once (markdown-it-py, raw HTML off) into parts of paragraphs of runs:
plain text with bold, italic and code marks, and links. Every channel renders those runs
and never the Markdown itself, so a lead's `<script>` is only ever text, and links follow
one rule here: only further reading carries links, and only to https addresses. Slack's
and Teams' renderings live with their adapters; HTML and plain text (web pages, email) here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt

# The headings, in the order a 7-minute briefing reads.
PART_HEADINGS = {
    "what_happened": "What happened",
    "why_it_matters": "Why it matters",
    "do_differently": "What to do differently",
    "reflect_questions": "Questions to reflect on",
    "further_reading": "Further reading",
}
LINK_SCHEMES = ("https://",)
_BARE_LINK = re.compile(r"^https://\S+$")
_HTML_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "a"}


@dataclass(frozen=True)
class Briefing:
    """The lead's Markdown, part by part; empty parts are left out of every rendering."""

    what_happened: str
    why_it_matters: str = ""
    do_differently: str = ""
    reflect_questions: str = ""
    further_reading: str = ""


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    # Only in further reading, and only https: see `_runs`.
    link: str | None = None


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    # "•" for a bulleted item, "3." for a numbered one, "" for a paragraph.
    marker: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Part:
    name: str
    heading: str
    paragraphs: tuple[Paragraph, ...]


def briefing_of(source: Any) -> Briefing:
    """The briefing of anything with its five fields (a Nugget, a draft)."""
    return Briefing(**{f.name: getattr(source, f.name) or "" for f in fields(Briefing)})


def _parser() -> MarkdownIt:
    # Built per call: a parser is cheap, and no module keeps one between requests.
    return MarkdownIt("commonmark", {"html": False}).disable(["image", "html_inline"])


# A fan-out renders one nugget for thousands of people: parse each briefing once. The parts are
# immutable (tuples of frozen records), so a cached one cannot be changed by whoever reads it.
@lru_cache(maxsize=64)
def briefing_parts(briefing: Briefing) -> tuple[Part, ...]:
    parser = _parser()
    found = []
    for name, heading in PART_HEADINGS.items():
        source = getattr(briefing, name).strip()
        if source:
            paragraphs = _paragraphs(parser, source, links=name == "further_reading")
            if paragraphs:
                found.append(Part(name, heading, paragraphs))
    return tuple(found)


def _paragraphs(parser: MarkdownIt, source: str, *, links: bool) -> tuple[Paragraph, ...]:
    found: list[Paragraph] = []
    numbers: list[int | None] = []  # one per open list: the next item's number, None if bullets
    marker = ""
    for token in parser.parse(source):
        if token.type == "bullet_list_open":
            numbers.append(None)
        elif token.type == "ordered_list_open":
            numbers.append(int(token.attrs.get("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            numbers.pop()
        elif token.type == "list_item_open":
            marker = "•" if numbers[-1] is None else f"{numbers[-1]}."
            if numbers[-1] is not None:
                numbers[-1] += 1
        elif token.type == "inline":
            runs = _runs(token.children or [], links=links)
            if runs:
                found.append(Paragraph(runs, marker))
            marker = ""
        elif token.type in ("fence", "code_block") and token.content.strip():
            found.append(Paragraph((Run(token.content.rstrip("\n"), code=True),), marker))
    return tuple(found)


def _runs(children: list[Any], *, links: bool) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    link: str | None = None
    for child in children:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            link = href if links and href.lower().startswith(LINK_SCHEMES) else None
        elif kind == "link_close":
            link = None
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" " if kind == "softbreak" else "\n"))
        elif kind in ("text", "code_inline") and child.content:
            text = child.content
            bare = links and link is None and _BARE_LINK.match(text)
            runs.append(Run(text, bold=bold > 0, italic=italic > 0, code=kind == "code_inline",
                            link=text if bare else link))
    return tuple(runs) if "".join(r.text for r in runs).strip() else ()


def briefing_html(briefing: Briefing, *, heading_level: int = 2) -> str:
    """The briefing as an HTML fragment (GOV.UK classes), for web pages and email, sanitised."""
    level = min(max(heading_level, 2), 4)
    out = []
    for part in briefing_parts(briefing):
        out.append(f'<h{level} class="govuk-heading-m">{html.escape(part.heading)}</h{level}>')
        out += _html_paragraphs(part.paragraphs)
    return sanitised("".join(out))


def _html_paragraphs(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    out: list[str] = []
    open_list = ""
    for paragraph in paragraphs:
        wanted = "" if not paragraph.marker else ("ul" if paragraph.marker == "•" else "ol")
        if wanted != open_list:
            if open_list:
                out.append(f"</{open_list}>")
            if wanted:
                style = "bullet" if wanted == "ul" else "number"
                out.append(f'<{wanted} class="govuk-list govuk-list--{style}">')
            open_list = wanted
        inner = "".join(_html_run(run) for run in paragraph.runs)
        out.append(f"<li>{inner}</li>" if wanted else f'<p class="govuk-body">{inner}</p>')
    if open_list:
        out.append(f"</{open_list}>")
    return out


def _html_run(run: Run) -> str:
    text = html.escape(run.text).replace("\n", " ")
    if run.code:
        text = f"<code>{text}</code>"
    if run.italic:
        text = f"<em>{text}</em>"
    if run.bold:
        text = f"<strong>{text}</strong>"
    if run.link:
        text = f'<a class="govuk-link" href="{html.escape(run.link, quote=True)}">{text}</a>'
    return text


def sanitised(fragment: str) -> str:
    """nh3 behind our own escaping: only the tags above, only https links, no scripts."""
    return nh3.clean(fragment, tags=_HTML_TAGS, attributes={"*": {"class"}, "a": {"href"}},
                     url_schemes={"https"}, link_rel="noopener noreferrer")


def briefing_text(briefing: Briefing) -> str:
    """The briefing as plain text (an email's text part): headings underlined, links spelt out."""
    out = []
    for part in briefing_parts(briefing):
        out += [part.heading, "-" * len(part.heading)]
        for paragraph in part.paragraphs:
            words = "".join(_text_run(run) for run in paragraph.runs).strip()
            out.append(f"{paragraph.marker} {words}" if paragraph.marker else words)
        out.append("")
    return "\n".join(out).strip() + "\n"


def _text_run(run: Run) -> str:
    if run.link and run.link != run.text:
        return f"{run.text} ({run.link})"
    return run.text


def briefing_length(briefing: Briefing) -> int:
    """Characters a reader reads: the limit on a briefing is counted on this."""
    return sum(len(getattr(briefing, f.name).strip()) for f in fields(Briefing))


def markdown_html(source: str) -> str:
    """Any other Markdown a lead writes (a bulletin's introduction) as sanitised HTML, no links."""
    return sanitised("".join(_html_paragraphs(_paragraphs(_parser(), source, links=False))))


def markdown_lines(source: str) -> list[str]:
    """The same Markdown as plain lines, for a chat digest: marks dropped, no links."""
    return [f"{p.marker} {p.text}".strip()
            for p in _paragraphs(_parser(), source, links=False)]
