"""Evaluate claim matching and page text on real pages, end to end: serve, archive, assess.

The pages are the corpus's article pages with hand-made bodies (../shared/corpus/
pages-scrapinghub: ``articleBody``; pages-readability: ``expected.html``). From each body the
script takes sentences with figures and restates them the way a motion restates a figure
(deterministically, ``--seed``):

* ``format``: the figure in another number convention (thousands with a space, no-break
  space, a comma, a dot or nothing; decimal comma or point) and percent written otherwise
  ("%" <-> "procent", "Prozent", "percent", ...); a form is used only when it reads as the
  same value in the page's language, as a careful writer would write it;
* ``reorder``: the same, with the sentence's words rotated at a clause boundary;
* ``passage``: one claim from two adjacent sentences with a figure each (a clause around
  each figure, joined by "and" in the page's language).

Each restated claim has an altered twin: one figure changed (+-1 in its last significant
digit, or x10), skipped when the changed value occurs in the body anyway. Every page is
served from a local server (a thread, 127.0.0.1), archived by verify's real archive step
into a temporary case and assessed; a restated claim counts as found when the assessment
says ``found``, an altered one as wrongly found when it says ``found`` or
``found_elsewhere_on_page``. Languages come from the page's ``lang`` attribute, else the
readability metadata, else a stop-word guess made here (not verify's).

Page text: the share of the bodies' first and last paragraphs (at least 30 characters; not
in a figure caption) found in the snapshot's main text, and main-text length / body length
(summed over pages), beside the same for trafilatura alone (the options verify used before
this evaluation existed) and trafilatura with ``favor_recall``.

    .venv/bin/python eval/page_claims.py [--per-page 2] [--seed 14] [--limit N] [-v]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import unicodedata
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import trafilatura
from babel.numbers import get_decimal_symbol

from verify.evidence import sentences
from verify.steps.archive import archive_sources
from verify.steps.case import init_case
from verify.steps.evidence import assess
from verify.steps.snapshots import get_snapshot, snapshot_meta, snapshot_text, visible_text_digest
from verify.steps.sources import add_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# --- the pages ------------------------------------------------------------------------------


@dataclass
class Page:
    key: str
    html: bytes
    body: str  # the hand-made article body, paragraphs separated by blank lines
    lang: str
    ctype: str
    claims: list[dict] = field(default_factory=list)


_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dd", "dt", "td"}


def _readability_body(path: Path) -> str:
    parser = lxml.html.HTMLParser(encoding="utf-8")
    root = lxml.html.document_fromstring(path.read_bytes(), parser=parser)
    paragraphs = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCKS:
            continue
        if any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants()):
            continue
        if any(a.tag in ("figure", "figcaption") for a in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


_LANG_ATTR = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_STOP = {
    "en": "the and of to is that for with was said has are from".split(),
    "de": "der die und das ist nicht mit den von für auf sich dem".split(),
    "fr": "le la les et des est une pour dans qui sur par pas".split(),
    "es": "el la los las que del por para con una es se".split(),
    "pt": "os as que do da em para com uma não são foi".split(),
    "it": "il che di della per con una sono non gli le".split(),
    "cs": "je se na že to jako pro ale jsou by podle".split(),
    "sv": "och att det som är på för med av inte har till".split(),
    "da": "og at det som er på for med af ikke har til".split(),
    "no": "og at det som er på for med av ikke har til".split(),
}


def _guess(text: str) -> str:
    if re.search(r"[\u0400-\u04ff]{3}", text[:3000]):
        return "ru"
    if re.search(r"[\uac00-\ud7af]", text[:3000]):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", text[:3000]):
        return "ja"
    if re.search(r"[\u4e00-\u9fff]{5}", text[:3000]):
        return "zh"
    words = Counter(w.lower() for w in re.findall(r"\w+", text[:20000]))
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _STOP.items()}
    return max(scores, key=scores.get)


def _language(attribute: str | None, body: str) -> str:
    """The page's lang attribute, unless the body is plainly in another language this script
    can tell (a site-wide template's ``de`` over an English article); else the guess."""
    guess = _guess(body)
    if attribute is None:
        return guess
    if attribute in _STOP and guess != attribute and guess in _STOP:
        words = Counter(w.lower() for w in re.findall(r"\w+", body[:20000]))
        score = {lang: sum(words[w] for w in _STOP[lang]) for lang in (guess, attribute)}
        if score[guess] >= 2 * score[attribute]:
            return guess
    return attribute


def pages(limit: int = 0) -> list[Page]:
    out: list[Page] = []
    gt = json.loads((SHARED / "pages-scrapinghub" / "ground-truth.json").read_text("utf-8"))
    for key in sorted(gt):
        html = gzip.decompress(
            (SHARED / "pages-scrapinghub" / "html" / f"{key}.html.gz").read_bytes()
        )
        body = "\n\n".join(p.strip() for p in gt[key]["articleBody"].split("\n") if p.strip())
        m = _LANG_ATTR.search(html[:5000])
        lang = _language(m.group(1).decode().lower() if m else None, body)
        out.append(Page(f"z/{key[:12]}", html, body, lang, "text/html; charset=utf-8"))
    index = json.loads((SHARED / "pages-readability" / "index.json").read_text("utf-8"))
    for item in sorted(index, key=lambda r: r["page"]):
        if not item.get("readerable", True):
            continue
        folder = SHARED / "pages-readability" / "pages" / item["page"]
        html = (folder / "source.html").read_bytes()
        body = _readability_body(folder / "expected.html")
        m = _LANG_ATTR.search(html[:5000])
        lang = (m.group(1).decode().lower() if m else None) or (item.get("lang") or "?")
        lang = _language(None if lang in ("?", "") else lang.split("-")[0].lower(), body)
        out.append(Page(f"r/{item['page']}", html, body, lang, "text/html"))
    return out[:limit] if limit else out


# --- figures in the bodies (this script's own reader, by the page's convention) -------------

_NUM = re.compile(
    r"(?<![\w.,/:\-])(\d{1,3}(?:([ \u00a0\u202f.,])\d{3})(?:\2\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?![\d\w]|[.,]\d|[:/\-]\d)"
)
_PERCENT = (
    r"%|percent\b|per cent\b|Prozent\b|prosent\b|procent\b|pct\.|pour cent\b|por ciento\b"
    r"|per cento\b|por cento\b"
)
_SCALE = (
    r"million\b|billion\b|thousand\b|Millionen\b|Milliarden\b|Mio\.|Mrd\.|millions\b"
    r"|milliards\b|milioni\b|miliardi\b|milhões\b|bilhões\b|millones\b|miljoner\b|miljarder\b"
)
_UNIT_AFTER = re.compile(
    rf"[ \u00a0]?(?:(?P<pct>{_PERCENT})|(?P<scale>{_SCALE})|(?P<cur>€|euros?\b|dollars\b|Kč))", re.I
)
_CUR_BEFORE = re.compile(r"(?:[$€£]|US\$|R\$)\s?$")
_MONTHS = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli"
    r"|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre"
    r"|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre"
    r"|octubre|noviembre|diciembre)[a-zäéû]*\.?",
    re.I,
)


def decimal_symbol(lang: str) -> str:
    try:
        return get_decimal_symbol(lang)
    except Exception:  # noqa: BLE001 - an unknown code: English
        return "."


def read_number(token: str, lang: str) -> tuple[float, int] | None:
    """(value, decimals) of a number token by the convention of ``lang``."""
    dec = decimal_symbol(lang)
    raw = token.replace("\u00a0", " ").replace("\u202f", " ")
    seps = [c for c in raw if c in " .,"]
    if not seps:
        return float(raw), 0
    if "." in raw and "," in raw:
        d = max(raw.rfind("."), raw.rfind(","))
        whole, frac = raw[:d], raw[d + 1 :]
    elif " " in raw:
        m = re.match(r"^([\d ]+)(?:[.,](\d+))?$", raw)
        if m is None:
            return None
        whole, frac = m.group(1), m.group(2) or ""
    else:
        s = seps[0]
        tail = raw.split(s)[-1]
        if len(seps) > 1 or (s != dec and len(tail) == 3):
            whole, frac = raw, ""
        else:
            whole, frac = raw.split(s)
    digits = re.sub(r"\D", "", whole)
    if not digits:
        return None
    value = float(digits + ("." + frac if frac else ""))
    return value, len(frac)


@dataclass
class Figure:
    start: int
    end: int  # of the number token
    value: float
    decimals: int
    kind: str  # percent | money | scaled | count
    pct_start: int | None = None
    pct_end: int | None = None


def figures(sentence: str, lang: str) -> list[Figure]:
    out = []
    for m in _NUM.finditer(sentence):
        token = m.group(1)
        read = read_number(token, lang)
        if read is None:
            continue
        value, decimals = read
        after = _UNIT_AFTER.match(sentence, m.end())
        before = sentence[max(0, m.start() - 4) : m.start()]
        kind = None
        pct = (None, None)
        if after and after.group("pct"):
            kind = "percent"
            pct = (after.start("pct"), after.end("pct"))
        elif _CUR_BEFORE.search(before) or (after and after.group("cur")):
            kind = "money"
        elif after and after.group("scale"):
            kind = "scaled"
            pct = (after.start("scale"), after.end("scale"))
        elif (
            value >= 10
            and decimals == 0
            and re.match(r" [a-zäöüåéèáóíñçø]{3,}", sentence[m.end() :])
        ):
            kind = "count"
        if kind is None:
            continue
        if decimals == 0 and 1500 <= value <= 2100 and kind != "percent":
            continue  # a year
        if _MONTHS.search(sentence[max(0, m.start() - 12) : m.start()]) or re.match(
            rf"\.? ?{_MONTHS.pattern}", sentence[m.end() : m.end() + 12], re.I
        ):
            continue  # a date
        if sentence.count(token) != 1:
            continue
        out.append(Figure(m.start(), m.end(), value, decimals, kind, *pct))
    return out


# --- restating ------------------------------------------------------------------------------

_STYLES = {
    "space": (" ", ","),
    "nbsp": ("\u00a0", ","),
    "comma": (",", "."),
    "dot": (".", ","),
    "none": ("", "."),
    "none_comma": ("", ","),
}
_PERCENT_WORDS = {
    "en": ["percent", "per cent"], "de": ["Prozent"], "sv": ["procent"], "da": ["procent", "pct."],
    "no": ["prosent"], "nb": ["prosent"], "fr": ["pour cent"], "es": ["por ciento"],
    "it": ["per cento"], "pt": ["por cento"], "cs": ["procent"],
}  # fmt: skip
_AND = {"en": "and", "de": "und", "sv": "och", "da": "og", "no": "og", "fr": "et", "es": "y",
        "it": "e", "pt": "e", "cs": "a", "ru": "и"}  # fmt: skip


def render(value: float, decimals: int, style: str) -> str:
    group, dec = _STYLES[style]
    whole = int(abs(value) + 1e-9) if decimals else int(round(value))
    text = f"{whole:,}".replace(",", group) if group and whole >= 1000 else str(whole)
    if decimals:
        frac = f"{value:.{decimals}f}".split(".")[1]
        text += dec + frac
    return text


def restyle(
    fig: Figure, lang: str, rng: random.Random, original: str, value: float | None = None
) -> str | None:
    """The figure's number (or ``value`` in its place) in another convention that reads as the
    same value in ``lang``: the first style, in an order drawn from ``rng``, that writes the
    figure otherwise than ``original`` (so an altered twin with a copy of ``rng`` gets the
    same style)."""
    styles = list(_STYLES)
    rng.shuffle(styles)
    target = fig.value if value is None else value
    for style in styles:
        if render(fig.value, fig.decimals, style) == original:
            continue
        text = render(target, fig.decimals, style)
        again = read_number(text, lang)
        mine = read_number(render(fig.value, fig.decimals, style), lang)
        if again and abs(again[0] - target) < 1e-9 and mine and abs(mine[0] - fig.value) < 1e-9:
            return text
    return None


def _percent_word(sentence: str, fig: Figure, lang: str, rng: random.Random) -> tuple[str, str]:
    """(what stands between the number and the percent word, the new percent word)."""
    old = sentence[fig.pct_start : fig.pct_end]
    words = _PERCENT_WORDS.get(lang, ["%"])
    if old == "%":
        return " ", rng.choice(words)
    return rng.choice([" ", "\u00a0", ""]), "%"


_SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "millionen": 1e6,
                 "milliarden": 1e9, "mio.": 1e6, "mrd.": 1e9, "millions": 1e6, "milliards": 1e9,
                 "miljoner": 1e6, "miljarder": 1e9}  # fmt: skip


def restate_figure(
    sentence: str, fig: Figure, lang: str, rng: random.Random, value: float | None = None
) -> tuple[str, bool] | None:
    """``sentence`` with ``fig`` written otherwise (and, when given, with another value), and
    whether anything but the value changed; None when no other form reads the same."""
    original = sentence[fig.start : fig.end]
    target = fig.value if value is None else value
    if fig.kind == "scaled" and rng.random() < 0.5:
        scale = _SCALE_VALUES.get(sentence[fig.pct_start : fig.pct_end].lower())
        if scale and abs(fig.value * scale - round(fig.value * scale)) < 1e-6:
            expanded = Figure(0, 0, round(fig.value * scale), 0, "count")
            number = restyle(expanded, lang, rng, "", round(target * scale))
            if number is not None:
                return sentence[: fig.start] + number + sentence[fig.pct_end :], True
    number = restyle(fig, lang, rng, original, target)
    changed = number is not None
    if number is None:
        number = render(target, fig.decimals, _own_style(original, lang))
    if fig.kind == "percent":
        gap, word = _percent_word(sentence, fig, lang, rng)
        return sentence[: fig.start] + number + gap + word + sentence[fig.pct_end :], True
    return sentence[: fig.start] + number + sentence[fig.end :], changed


def _own_style(original: str, lang: str) -> str:
    """The style the page wrote the number in (for a changed value without another form)."""
    dec = decimal_symbol(lang)
    if "\u00a0" in original:
        return "nbsp"
    if " " in original:
        return "space"
    if "," in original and dec == ".":
        return "comma"
    if "." in original and dec == ",":
        return "dot"
    return "none" if dec == "." else "none_comma"


def alter(fig: Figure, rng: random.Random) -> float:
    """One figure changed: +-1 in its last significant digit, or x10."""
    if rng.random() < 0.3:
        return fig.value * 10
    step = 10**-fig.decimals
    if fig.decimals == 0:
        digits = str(int(round(fig.value)))
        step = 10 ** (len(digits) - len(digits.rstrip("0"))) if digits.rstrip("0") else 1
    delta = step if rng.random() < 0.5 or fig.value - step <= 0 else -step
    return round(fig.value + delta, fig.decimals)


def rotate(sentence: str, rng: random.Random, keep: list[tuple[int, int]]) -> str | None:
    """The sentence's words rotated at a clause boundary (a comma) or a word boundary."""
    body = sentence.rstrip(" .!?")
    cuts = [m.end() for m in re.finditer(r", ", body)]
    if not cuts:
        cuts = [m.end() for m in re.finditer(r" ", body)][2:-2]
    cuts = [c for c in cuts if not any(s <= c <= e + 12 for s, e in keep)]
    if not cuts:
        return None
    cut = rng.choice(cuts)
    first, second = body[:cut].rstrip(", "), body[cut:]
    return f"{second[:1].upper()}{second[1:]}, {first[:1].lower()}{first[1:]}."


def clause(sentence: str, fig: Figure, width: int = 7) -> tuple[str, Figure]:
    """The words around a figure (``width`` on each side) and the figure within them."""
    stop = fig.pct_end or fig.end
    left = sentence[: fig.start].split()
    right = sentence[stop:].split()
    head = " ".join(left[-width:])
    head = head + " " if head and not sentence[: fig.start].endswith(tuple("$€£")) else head
    if sentence[: fig.start].endswith(" ") is False and head.endswith(" "):
        head = head[:-1]
    tail = " ".join(right[:width]).rstrip(".,;:")
    middle = sentence[fig.start : stop]
    gap = " " if tail and sentence[stop : stop + 1] in (" ", "\u00a0") else ""
    text = head + middle + gap + tail
    offset = len(head) - fig.start
    moved = Figure(fig.start + offset, fig.end + offset, fig.value, fig.decimals, fig.kind,
                   None if fig.pct_start is None else fig.pct_start + offset,
                   None if fig.pct_end is None else fig.pct_end + offset)  # fmt: skip
    return text, moved


def body_values(body: str, lang: str) -> set[float]:
    values = set()
    for m in _NUM.finditer(body):
        read = read_number(m.group(1), lang)
        if read:
            values.add(round(read[0], 6))
            values.add(round(read[0] * 1e6, 6))  # "6 million" and 6,000,000
            values.add(round(read[0] * 1e9, 6))
    return values


def make_claims(page: Page, per_page: int, seed: int) -> list[dict]:
    rng = random.Random(f"{seed}:{page.key}")
    lang = page.lang
    known = body_values(page.body, lang)
    sents = [s.text for s in sentences(page.body)]
    with_figs = [(i, s, figures(s, lang)) for i, s in enumerate(sents) if 40 <= len(s) <= 400]
    with_figs = [(i, s, f) for i, s, f in with_figs if f]
    out: list[dict] = []

    def add(kind: str, restated: str, altered: str | None, original: str) -> None:
        out.append({"kind": kind, "claim": restated, "altered": altered, "original": original})

    chosen = rng.sample(with_figs, min(per_page, len(with_figs)))
    for n, (_, sentence, figs) in enumerate(sorted(chosen)):
        fig = rng.choice(figs)
        twin = rng.random()
        made = restate_figure(sentence, fig, lang, random.Random(twin))
        if made is None:
            continue
        restated, changed = made
        wrong_value = alter(fig, rng)
        altered = None
        if round(wrong_value, 6) not in known:
            other = restate_figure(sentence, fig, lang, random.Random(twin), wrong_value)
            altered = other[0] if other else None
        kind = "format"
        if n % 2 == 1 or not changed:
            shift = len(restated) - len(sentence)
            rotated = rotate(
                restated, random.Random(sentence), [(fig.start, (fig.pct_end or fig.end) + shift)]
            )
            if rotated is None and not changed:
                continue
            if rotated:
                restated, kind = rotated, "reorder"
                if altered:
                    shift = len(altered) - len(sentence)
                    altered = (
                        rotate(
                            altered,
                            random.Random(sentence),
                            [(fig.start, (fig.pct_end or fig.end) + shift)],
                        )
                        or altered
                    )
        add(kind, restated, altered, sentence)
    # a passage: two adjacent sentences with a figure each
    pairs = [(a, b) for a, b in zip(with_figs, with_figs[1:], strict=False) if b[0] == a[0] + 1]
    if pairs:
        (_, s1, f1), (_, s2, f2) = rng.choice(pairs)
        fa, fb = rng.choice(f1), rng.choice(f2)
        c1, ga = clause(s1, fa)
        c2, gb = clause(s2, fb)
        t1, t2 = rng.random(), rng.random()
        m1 = restate_figure(c1, ga, lang, random.Random(t1))
        m2 = restate_figure(c2, gb, lang, random.Random(t2))
        if m1 and m2:
            r1, r2 = m1[0], m2[0]
            joiner = f" {_AND.get(lang, 'and')} "
            restated = r1 + joiner + r2[:1].lower() + r2[1:] + "."
            which = rng.choice([0, 1])
            fig, c, g, other, tw = (fa, c1, ga, r2, t1) if which == 0 else (fb, c2, gb, r1, t2)
            wrong_value = alter(fig, rng)
            altered = None
            if round(wrong_value, 6) not in known:
                made = restate_figure(c, g, lang, random.Random(tw), wrong_value)
                if made:
                    changed = made[0]
                    parts = (changed, other) if which == 0 else (other, changed)
                    altered = parts[0] + joiner + parts[1][:1].lower() + parts[1][1:] + "."
            add("passage", restated, altered, s1 + " " + s2)
    return out


# --- serving, archiving, assessing ----------------------------------------------------------


def serve(routes: dict[str, tuple[bytes, str]]) -> ThreadingHTTPServer:
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            body, ctype = routes.get(
                self.path.lstrip("/"), (b"<html>Not found</html>", "text/html")
            )
            self.send_response(200 if self.path.lstrip("/") in routes else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                         "–": "-", "—": "-", "\u00ad": ""})  # fmt: skip


def squash(text: str) -> str:
    """Text compared for presence: NFKC, plain quotes and dashes, no white space, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_QUOTES)).lower()


def gold_ends(body: str) -> list[str]:
    paragraphs = [p for p in body.split("\n\n") if len(p.strip()) >= 30]
    if not paragraphs:
        return []
    return [paragraphs[0]] if len(paragraphs) == 1 else [paragraphs[0], paragraphs[-1]]


def in_gold(text: str, gold: str) -> int:
    """Characters of ``text`` in lines that are in the gold body (for the text's precision)."""
    return sum(len(line) for line in text.split("\n") if line.strip() and squash(line) in gold)


def trafilatura_alone(html: bytes, url: str, favor_recall: bool = False) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=favor_recall)  # fmt: skip
    return (getattr(doc, "text", None) or "").strip()


def rate(n: int, d: int) -> str:
    return f"{n}/{d} = {100 * n / d:.1f} %" if d else "0/0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-page", type=int, default=2, help="single-sentence claims per page")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura alone")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"{SHARED} is absent", file=sys.stderr)
        return 2
    chosen = pages(args.limit)
    for page in chosen:
        page.claims = make_claims(page, args.per_page, args.seed)
    server = serve({p.key: (p.html, p.ctype) for p in chosen})
    base = f"http://127.0.0.1:{server.server_port}/"
    work = Path(tempfile.mkdtemp(prefix="verify-page-claims-"))
    try:
        ctx = init_case(work / "case", title="page claims")
        ids: dict[str, Page] = {}
        for page in chosen:
            texts = [c["claim"] for c in page.claims] + [
                c["altered"] for c in page.claims if c["altered"]
            ]
            source = add_source(ctx, url=base + page.key, kind="article", claims=texts)
            ids[source.id] = page
        archive_sources(ctx, allow_private=True)
        assessments = {a.source.id: a for a in assess(ctx)}
        results: dict[str, Counter] = defaultdict(Counter)
        text_stats: dict[str, list] = defaultdict(list)
        for sid, page in ids.items():
            a = assessments[sid]
            by_text = {m.text: m for m in a.claims}
            group = "en" if page.lang == "en" else "other"
            for c in page.claims:
                for kind_key, text in (("restated", c["claim"]), ("altered", c["altered"])):
                    if not text:
                        continue
                    m = by_text.get(" ".join(text.split()))
                    result = str(m.match) if m else "missing"
                    for g in ("all", group, f"lang:{page.lang}", f"kind:{c['kind']}"):
                        results[g][f"{kind_key}:n"] += 1
                        results[g][f"{kind_key}:{result}"] += 1
                    bad = (kind_key == "restated" and result != "found") or (
                        kind_key == "altered" and result in ("found", "found_elsewhere_on_page")
                    )
                    if args.verbose and bad:
                        print(f"{kind_key.upper():9} {result:24} {page.key} [{c['kind']}] {text}\n"
                              f"{'':35}page: {c['original'][:300]}")  # fmt: skip
            main_text = snapshot_text(ctx, a.snapshot) if a.snapshot else ""
            ends = gold_ends(page.body)
            mine = squash(main_text)
            gold = squash(page.body)
            visible = main_text
            if a.snapshot:
                digest = visible_text_digest(snapshot_meta(ctx, get_snapshot(ctx, a.snapshot)))
                if digest:
                    visible = ctx.store.objects.read_bytes(digest).decode("utf-8")
            seen = squash(visible)
            row = [
                sum(squash(p) in mine for p in ends),
                len(ends),
                len(main_text),
                len(page.body),
                in_gold(main_text, gold),
                sum(squash(p) in seen for p in ends),
            ]
            if not args.no_baseline:
                alone = trafilatura_alone(page.html, base + page.key)
                recall = trafilatura_alone(page.html, base + page.key, favor_recall=True)
                row += [
                    sum(squash(p) in squash(alone) for p in ends), len(alone),
                    sum(squash(p) in squash(recall) for p in ends), len(recall),
                    in_gold(alone, gold),
                ]  # fmt: skip
            for g in ("all", group):
                text_stats[g].append(row)
        ctx.close()
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(work, ignore_errors=True)
    print(f"pages: {len(chosen)}; languages: {dict(Counter(p.lang for p in chosen).most_common())}")
    print("\nclaims (restated: found; altered: wrongly found = found or found_elsewhere_on_page)")
    order = ["all", "en", "other"] + sorted(g for g in results if g.startswith("kind:")) + sorted(
        g for g in results if g.startswith("lang:") and g != "lang:en")  # fmt: skip
    for g in order:
        r = results.get(g)
        if not r:
            continue
        wrong = r["altered:found"] + r["altered:found_elsewhere_on_page"]
        extra = ""
        if r["restated:found_elsewhere_on_page"]:
            extra = f" (+{r['restated:found_elsewhere_on_page']} found elsewhere on the page)"
        print(f"  {g:12} restated found {rate(r['restated:found'], r['restated:n']):>18}{extra}; "
              f"altered found {rate(wrong, r['altered:n'])}")  # fmt: skip
    r = results["all"]
    print(
        "  restated outcomes:",
        {
            k.split(":")[1]: v
            for k, v in r.items()
            if k.startswith("restated:") and k != "restated:n"
        },
    )
    print(
        "  altered outcomes: ",
        {k.split(":")[1]: v for k, v in r.items() if k.startswith("altered:") and k != "altered:n"},
    )
    print("\npage text (gold first and last paragraphs in the main text; length / gold length)")
    for g in ("all", "en", "other"):
        rows = text_stats.get(g)
        if not rows:
            continue
        have, want = sum(x[0] for x in rows), sum(x[1] for x in rows)
        ratio = sum(x[2] for x in rows) / max(1, sum(x[3] for x in rows))
        med = statistics.median(x[2] / max(1, x[3]) for x in rows)
        precise = sum(x[4] for x in rows) / max(1, sum(x[2] for x in rows))
        seen = sum(x[5] for x in rows)
        line = (f"  {g:6} verify {rate(have, want):>18} at {ratio:.2f}x (median {med:.2f}x), "
                f"{100 * precise:.0f} % of it in the gold; visible layer {rate(seen, want)}")  # fmt: skip
        if not args.no_baseline:
            th = sum(x[6] for x in rows)
            tr = sum(x[7] for x in rows) / max(1, sum(x[3] for x in rows))
            rh = sum(x[8] for x in rows)
            rr = sum(x[9] for x in rows) / max(1, sum(x[3] for x in rows))
            tp = sum(x[10] for x in rows) / max(1, sum(x[7] for x in rows))
            line += (f"; trafilatura alone {rate(th, want)} at {tr:.2f}x ({100 * tp:.0f} % in "
                     f"the gold); favor_recall {rate(rh, want)} at {rr:.2f}x")  # fmt: skip
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
