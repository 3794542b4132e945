"""The desk in Debian's Chromium (Playwright): the statement's case click by click, the same
path by keyboard alone, axe-core on every page (0 WCAG 2.1 A/AA violations), and two tabs
at once. Each step is checked in the store, not only on the screen. The click-by-click run
writes the screenshots README shows (docs/screenshots/)."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.browser import axe_source, chromium, summary
from tests.conftest import REPO

from .helpers import (
    BECAUSE,
    FINDING_TEXT,
    MOTION,
    QUOTE,
    VERDICT_SENTENCE,
    beacons,
    query,
    serve_article,
)

SHOTS = REPO / "docs" / "screenshots"
REJECT_S4 = "Artikeln är underlag om källan, inte en källa till motionens påståenden"


@pytest.fixture(scope="module")
def browser():
    axe = axe_source()
    with chromium() as launched:
        yield launched, axe


def open_desk(browser, server):
    """A tab on the desk, entered by the printed URL; axe is injected into every page by the
    browser itself (an init script), so the pages keep their own strict CSP."""
    launched, axe = browser
    context = launched.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.add_init_script(axe)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server.url)
    assert page.url.endswith("/case")
    return page


def nav(page, **link) -> None:
    """Follow a link and wait for the page it leads to (a click alone does not wait, and axe
    run while the next document replaces this one finds no document)."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", **link).click()


def no_axe_violations(page, where: str) -> None:
    result = page.evaluate(
        "async (tags) => await axe.run(document, {iframes: false, runOnly: {type: 'tag', "
        "values: tags}})",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    )
    assert result["passes"], f"axe ran no rule on {where}"
    assert not result["violations"], f"{where}: {summary(result['violations'])}"


def shot(page, name: str, folder: Path) -> None:
    """A screenshot for README (into docs/screenshots/ when VERIFY_SCREENSHOTS is set, so a
    test run leaves the work tree as it was; else into the test's own folder)."""
    target = SHOTS if os.environ.get("VERIFY_SCREENSHOTS") else folder
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"), full_page=False)
    assert (target / f"{name}.png").stat().st_size > 10_000


def drop_file(page, selector: str, path: Path, mime: str = "text/plain") -> None:
    """Drag a file from the desktop onto the upload form (a real drop event)."""
    page.evaluate(
        """([selector, name, text, mime]) => {
            const data = new DataTransfer();
            data.items.add(new File([text], name, {type: mime}));
            const form = document.querySelector(selector);
            form.dispatchEvent(new DragEvent('dragenter', {dataTransfer: data, bubbles: true}));
            form.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true}));
        }""",
        [selector, path.name, path.read_text(encoding="utf-8"), mime],
    )


def status(case, source_id):
    return query(case, "SELECT status FROM sources WHERE id = ?", source_id)[0][0]


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_the_statement_case_click_by_click(browser, served, httpserver, tmp_path):
    case = served.desk.case_path
    article = serve_article(httpserver, case)
    page = open_desk(browser, served)
    no_axe_violations(page, "Ärendet (empty)")

    # 1. Ärendet: the motion dropped onto the page is read and its mentions highlighted.
    with page.expect_navigation():
        drop_file(page, "form.upload", MOTION)
    assert page.get_by_role("status").inner_text().startswith("motion-frivillig-aterandring.txt")
    assert [r[0] for r in query(case, "SELECT status FROM sources")] == ["candidate"] * 4
    assert query(case, "SELECT file_name FROM documents")[0][0] == MOTION.name
    first = page.locator("mark a").first
    assert first.get_attribute("href").startswith("/sources/S1#M")
    no_axe_violations(page, "Ärendet")
    page.locator(".motion").scroll_into_view_if_needed()
    shot(page, "1-arendet", tmp_path)

    # 2. Källor: confirm S1, reject S4 with a reason.
    nav(page, name="2. Källor")
    no_axe_violations(page, "Källor")
    shot(page, "2-kallor", tmp_path)
    page.get_by_role("button", name="Bekräfta S1").click()
    assert page.get_by_role("status").inner_text() == "S1 bekräftades."
    assert status(case, "S1") == "confirmed"
    page.get_by_label("Skäl för att avvisa S4").fill(REJECT_S4)
    page.get_by_role("button", name="Avvisa S4").click()
    assert status(case, "S4") == "rejected"

    # 4. Underlag: the article as a finding, with its quote.
    nav(page, name="4. Underlag")
    no_axe_violations(page, "Underlag")
    page.get_by_label("Källa").first.select_option("S1")
    page.get_by_label("Adress (URL, valfritt)").fill(article)
    page.get_by_label("Citat ur sidan (valfritt)").fill(QUOTE)
    page.get_by_label("Vad du hittade").fill(FINDING_TEXT)
    page.get_by_role("button", name="Lägg till underlaget").click()
    assert "F1 lades till." in page.get_by_role("status").inner_text()
    finding = query(case, "SELECT source_id, url, quote FROM findings")
    assert [tuple(f) for f in finding] == [("S1", article, QUOTE)]
    assert query(case, "SELECT count(*) FROM snapshots WHERE finding_id = 'F1'")[0][0] == 1
    shot(page, "4-underlag", tmp_path)

    # 3. Kontroll: check with live progress, then archive.
    nav(page, name="3. Kontroll")
    no_axe_violations(page, "Kontroll")
    page.get_by_role("button", name="Starta kontrollen").click()
    page.locator(".job-state", has_text="klar").wait_for()
    assert re.match(r"S1: .*direkt på webben", page.locator(".job-lines li").first.inner_text())
    assert page.locator("progress").get_attribute("value") == "1"
    checks = query(case, "SELECT source_id, as_of, finding_id FROM checks ORDER BY id")
    assert ("S1", "2024-02-02", None) in [tuple(c) for c in checks]
    no_axe_violations(page, "Kontroll: körning")
    shot(page, "3-kontroll", tmp_path)
    nav(page, name="Tillbaka till Kontroll")
    page.get_by_role("button", name="Starta arkiveringen").click()
    page.locator(".job-state", has_text="klar").wait_for()
    assert page.locator(".job-lines li").first.inner_text().startswith("S1: ingen kopia")

    # 2. Källor, S1: the assessment in words and the verdict form.
    nav(page, name="2. Källor")
    nav(page, name="S1", exact=True)
    assert "Verktygets förslag: inte tillförlitlig." in page.inner_text("main")
    page.get_by_label("inte tillförlitlig").check()
    page.get_by_label("Därför (motivering)").fill(BECAUSE)
    page.get_by_role("button", name="Spara bedömningen").click()
    assert page.get_by_role("status").inner_text() == "Bedömningen av S1 sparades."
    verdicts = query(case, "SELECT source_id, verdict, because, actor FROM verdicts")
    assert [tuple(v) for v in verdicts] == [("S1", "not_reliable", BECAUSE, "Test Officer")]
    no_axe_violations(page, "Källa S1")
    page.locator("#assess-h").scroll_into_view_if_needed()
    shot(page, "2-kalla-s1", tmp_path)
    page.get_by_text("SN1, sparad").click()  # the saved article, in its sandboxed safe view
    view = page.frame_locator("iframe.view")
    assert "vetenskaplig undersökning" in view.locator("body").inner_text()
    assert page.locator("iframe.view").get_attribute("sandbox") == ""
    page.wait_for_timeout(300)
    assert beacons(httpserver) == []  # no script ran, nothing was loaded from outside

    # 5. Anteckning: preview, download the docx.
    nav(page, name="5. Anteckning")
    no_axe_violations(page, "Anteckning")
    preview = page.frame_locator("iframe.note-view")
    assert VERDICT_SENTENCE in preview.locator("body").inner_text()
    shot(page, "5-anteckning", tmp_path)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som docx").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "kallgranskning-KS-2023-1387-2024-02-02.docx"
    assert VERDICT_SENTENCE in docx_text(target)
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Visa").click()
    assert "not" in page.frame_locator("iframe.note-view").locator("body").inner_text()

    # 6. Granskning: the audit passes; the log names the officer for every step.
    nav(page, name="6. Granskning")
    assert "Granskningen är godkänd" in page.inner_text("main")
    no_axe_violations(page, "Granskning")
    shot(page, "6-granskning", tmp_path)
    actors = {r[0] for r in query(case, "SELECT actor FROM events")}
    assert actors == {"Test Officer"}

    # English, on the switch.
    page.get_by_role("button", name="In English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Audit"
    no_axe_violations(page, "Audit (en)")
    for name, where in (("2. Sources", "Sources (en)"), ("1. The case", "The case (en)")):
        nav(page, name=name)
        no_axe_violations(page, where)
    page.goto(served.url.split("?")[0] + "sources/S1")
    no_axe_violations(page, "Source S1 (en)")
    page.goto(served.url.split("?")[0] + "sources/S99")
    no_axe_violations(page, "error page")
    page.context.close()


FOCUSED = """([sel, text]) => {
    const e = document.activeElement;
    if (!e || !e.matches(sel)) return false;
    const words = (s) => (s || '').replace(/\\s+/g, ' ').trim();
    const names = [words(e.textContent), words(e.value)];
    for (const label of e.labels || []) names.push(words(label.textContent));
    return !text || names.some((name) => name.includes(text));
}"""


def tab_to(page, selector: str, text: str = "", limit: int = 150) -> None:
    """Press Tab until the focused element matches ``selector`` (and holds ``text``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text!r}")


def follow_link(page, name: str) -> None:
    tab_to(page, "a", name)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_same_path_by_keyboard_alone(browser, served, httpserver, tmp_path):
    case = served.desk.case_path
    article = serve_article(httpserver, case)
    page = open_desk(browser, served)
    keys = page.keyboard

    chosen = []
    page.on("filechooser", lambda chooser: chosen.append(chooser))  # before the key
    tab_to(page, "input[type=file]")
    keys.press("Space")
    for _ in range(50):
        if chosen:
            break
        page.wait_for_timeout(50)
    chosen[0].set_files(str(MOTION))
    tab_to(page, "button", "Läs in")
    with page.expect_navigation():
        keys.press("Enter")
    assert len(query(case, "SELECT id FROM sources")) == 4

    follow_link(page, "2. Källor")
    tab_to(page, "button", "Bekräfta S1")
    with page.expect_navigation():
        keys.press("Space")
    assert status(case, "S1") == "confirmed"

    follow_link(page, "4. Underlag")
    tab_to(page, "select", "Källa")  # S1 is the first choice
    tab_to(page, "input", "Adress")
    keys.type(article)
    keys.press("Tab")
    keys.type(QUOTE)
    keys.press("Tab")
    keys.type(FINDING_TEXT)
    tab_to(page, "button", "Lägg till underlaget")
    with page.expect_navigation():
        keys.press("Enter")
    assert query(case, "SELECT source_id FROM findings")[0][0] == "S1"

    follow_link(page, "3. Kontroll")
    tab_to(page, "button", "Starta kontrollen")
    with page.expect_navigation():
        keys.press("Enter")
    page.locator(".job-state", has_text="klar").wait_for()
    assert query(case, "SELECT count(*) FROM checks WHERE finding_id IS NULL")[0][0] == 1

    follow_link(page, "2. Källor")
    follow_link(page, "S1")
    tab_to(page, "input[type=radio]")  # the verdict: arrows move within the radio group
    for _ in range(4):
        if page.evaluate("document.activeElement.value") == "not_reliable":
            break
        keys.press("ArrowDown")
    assert page.evaluate("document.activeElement.checked && document.activeElement.value") == (
        "not_reliable"
    )
    keys.press("Tab")
    keys.type(BECAUSE)
    tab_to(page, "button", "Spara bedömningen")
    with page.expect_navigation():
        keys.press("Enter")
    assert query(case, "SELECT verdict FROM verdicts")[0][0] == "not_reliable"

    follow_link(page, "5. Anteckning")
    tab_to(page, "a", "Ladda ner som docx")
    with page.expect_download() as download:
        keys.press("Enter")
    target = tmp_path / "note.docx"
    download.value.save_as(target)
    assert VERDICT_SENTENCE in docx_text(target)
    page.context.close()


def test_two_tabs_at_once_lose_no_update(browser, served):
    case = served.desk.case_path
    first = open_desk(browser, served)
    with first.expect_navigation():
        drop_file(first, "form.upload", MOTION)
    second = first.context.new_page()
    for tab in (first, second):
        tab.goto(served.url.split("?")[0] + "sources/S1")
    first.get_by_label("Titel").fill("Enkät om återvandring")
    second.get_by_label("Titel").fill("Undersökning 2023")
    first.get_by_role("button", name="Spara ändringarna").click()
    assert first.get_by_role("status").inner_text().startswith("S1 ändrades")
    second.get_by_role("button", name="Spara ändringarna").click()
    alert = second.get_by_role("alert").inner_text()
    assert "ändrades under tiden" in alert and "Enkät om återvandring" in alert
    assert query(case, "SELECT title FROM sources WHERE id = 'S1'")[0][0] == "Enkät om återvandring"
    assert query(case, "SELECT count(*) FROM events WHERE command = 'source edit'")[0][0] == 1
    no_axe_violations(second, "a refused form")
    first.context.close()


def test_a_new_case_is_made_in_the_browser(browser, tmp_path):
    from verify.serve import prepare

    server = prepare(tmp_path / "nytt-arende", port=0)
    thread = server.start_thread()
    try:
        page = open_desk(browser, server)
        no_axe_violations(page, "Ärendet (no case yet)")
        page.get_by_label("Ärendemening").fill("Motion om återvandring")
        page.get_by_label("Diarienummer").fill("KS 2023/1387")
        page.get_by_label("Handläggare").fill("Andrea Grönberg")
        page.get_by_role("button", name="Skapa ärendet").click()
        assert page.get_by_role("status").inner_text() == "Ärendet skapades."
        assert query(tmp_path / "nytt-arende", "SELECT dnr, officer FROM case_info")[0][:] == (
            "KS 2023/1387", "Andrea Grönberg",
        )  # fmt: skip
        page.context.close()
    finally:
        server.stop()
        thread.join(10)


def test_cancel_stops_a_run_in_the_browser_within_two_seconds(browser, served):
    from .test_runs import hanging_server

    case = served.desk.case_path
    (case / "verify.toml").write_text("allow_private = true\nretries = 0\ndeadline = 60\n",
                                      encoding="utf-8")  # fmt: skip
    base, close = hanging_server()
    try:
        page = open_desk(browser, served)
        nav(page, name="2. Källor")
        page.get_by_label("Adress (URL)").fill(f"{base}/undersokning")
        page.get_by_label("Organisation").fill("CLDD")
        page.get_by_role("button", name="Lägg till källan").click()
        nav(page, name="3. Kontroll")
        page.get_by_role("button", name="Starta kontrollen").click()
        page.locator(".job-state", has_text="pågår").wait_for()
        page.wait_for_timeout(500)  # the request hangs: nothing comes back by itself
        assert served.desk.jobs.get("J1").state == "running"
        started = time.monotonic()
        page.get_by_role("button", name="Avbryt").click()
        page.locator(".job-state", has_text="avbruten").wait_for(timeout=2000)
        assert time.monotonic() - started < 2.0
        assert "avbruten" in page.locator(".job-status").inner_text()
        assert served.desk.jobs.get("J1").state == "cancelled"
        no_axe_violations(page, "a cancelled run")
        page.context.close()
    finally:
        close()
