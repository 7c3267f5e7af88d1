"""The design system in Chromium: example prompts fill the composer (by mouse and keyboard, in both languages),
each button role looks the same on every page, icon buttons carry a name and a tooltip, and no page scrolls
sideways on a phone."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from playwright.sync_api import expect

from kkgpt.web.examples import EXAMPLES
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

ACCEPT = "Jeg har læst og accepterer retningslinjerne"


def sign_in(page) -> None:
    page.goto("/login")
    page.get_by_label("Navn").fill("Ada Admin")
    page.get_by_label("Administrator").check()
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("button", name=ACCEPT).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    page.wait_for_load_state("load")


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_an_example_prompt_fills_the_composer_by_mouse_and_by_keyboard(page, viewport) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    examples = page.locator(".js-example")
    expect(examples).to_have_count(len(EXAMPLES))
    expect(page.get_by_role("heading", name="Prøv et eksempel")).to_be_visible()

    page.get_by_role("button", name=re.compile("^Lærer")).click()
    expect(composer).to_have_value(EXAMPLES[2].text_da)
    expect(composer).to_be_focused()  # ready to adapt and send
    assert page.locator(".message").count() == 0  # nothing was sent
    page.get_by_role("button", name=re.compile("^HR")).click()  # an unchanged example is swapped
    expect(composer).to_have_value(EXAMPLES[3].text_da)

    composer.fill("Mødet er på torsdag.")  # the employee's own words are kept, the example follows
    page.get_by_role("button", name=re.compile("^IT")).click()
    expect(composer).to_have_value("Mødet er på torsdag.\n\n" + EXAMPLES[4].text_da)

    composer.fill("")
    page.locator("#chat-title").click()  # from the page's heading, the examples are the next stops
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('js-example')"):
            break
    focused = page.locator(".js-example:focus")
    expect(focused).to_have_attribute("data-prompt", EXAMPLES[0].text_da)
    page.keyboard.press("Enter")
    expect(composer).to_have_value(EXAMPLES[0].text_da)
    examples.nth(1).focus()
    page.keyboard.press("Space")
    expect(composer).to_have_value(EXAMPLES[1].text_da)
    composer.press("Enter")  # sending it starts the conversation; the examples make way for it
    expect(page.locator(".message--user")).to_contain_text(EXAMPLES[1].text_da[:40])
    expect(examples).to_have_count(0)

    page.request.post("/language", form={"language": "en", "next": "/chat"})
    page.goto("/chat")
    page.get_by_role("button", name=re.compile("^Case worker")).click()
    expect(page.get_by_label("Write your message")).to_have_value(EXAMPLES[0].text_en)


#: What a button looks like at rest; a role and size must give one answer on every page.
STYLE = """() => Array.from(document.querySelectorAll('.button, .icon-button, .example-card, .assistant-card'))
  .filter((b) => b.getClientRects().length && getComputedStyle(b).visibility === 'visible' && !b.disabled
                 && !b.matches('.is-selected, .is-done, .is-pinned, .has-reminder, [aria-pressed=true]'))
  .map((b) => {
    const c = b.classList, s = getComputedStyle(b);
    const role = c.contains('code-block__copy') ? 'on-code' : c.contains('icon-button')
      ? (c.contains('icon-button--primary') ? 'icon-primary' : 'icon')
      : c.contains('example-card') || c.contains('assistant-card') ? 'card'
      : ['primary', 'danger', 'quiet'].find((r) => c.contains('button--' + r)) || 'secondary';
    const size = ['small', 'large'].find((z) => c.contains('button--' + z) || c.contains('icon-button--' + z)) || 'normal';
    const text = role.startsWith('icon') ? [s.width, s.height] : [s.fontSize, s.minHeight, s.paddingTop, s.paddingLeft];
    return {role, size, where: location.pathname + ' ' + (b.getAttribute('aria-label') || b.textContent.trim()).slice(0, 40),
            style: [s.color, s.backgroundColor, s.borderTopColor, s.borderTopWidth, s.borderTopLeftRadius,
                    s.fontWeight, s.fontFamily, ...text].join(' | '),
            named: !role.startsWith('icon') || Boolean(b.getAttribute('aria-label') && b.title)};
  })"""


def _tour(page, look) -> None:
    """Every page kind with its buttons showing: `look(page)` is called at each stop."""
    page.goto("/login")
    look(page)
    sign_in(page)
    look(page)  # a new conversation: examples, assistants, the composer
    composer = page.get_by_label("Skriv din besked")
    composer.fill("[[mock:markdown]]")  # lists, a table and code
    composer.press("Enter")
    answer = page.locator(".message--assistant").last
    expect(answer.locator("table")).to_be_visible(timeout=15_000)
    expect(answer).not_to_have_class(re.compile("is-streaming"))
    answer.get_by_role("button", name="Dårligt svar").click()
    expect(page.locator(".feedback__form")).to_be_visible()
    look(page)  # an answer: copy, thumbs, "Nyt svar", copy code, edit, the feedback form's "Send feedback"
    menu = page.get_by_role("button", name="Vis samtaler")
    if menu.is_visible():  # on a phone the conversations are in a drawer
        page.emulate_media(reduced_motion="reduce")  # looked at where it stops, not sliding in
        menu.click()
        look(page)
    page.get_by_role("button", name=re.compile("Slet samtalen")).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    look(page)  # the delete dialog: danger and secondary
    page.keyboard.press("Escape")
    page.goto("/tips")
    page.get_by_label("Dit tip").fill("Jeg beder altid om punktform og en kort opsummering til sidst.")
    page.get_by_role("button", name="Se, hvordan det bliver gemt").click()
    expect(page.locator(".tip--preview")).to_be_visible()
    look(page)
    page.get_by_role("button", name="Gem tippet").click()
    expect(page.get_by_role("status")).to_contain_text("Tak! Dit tip er gemt")  # waiting on /admin/tips
    for path in (
        "/guidelines",
        "/account",
        "/admin",
        "/admin/tips",
        "/admin/users?q=Ada",
        "/admin/stats",
        "/admin/scenarios",
        "/c/" + "0" * 32,
    ):
        page.goto(path)
        look(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_button_role_looks_the_same_on_every_page(page, viewport, console_problems) -> None:
    seen: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    unnamed: list[str] = []

    def look(page) -> None:
        page.wait_for_load_state("load")
        page.mouse.move(0, 0)  # nothing hovered
        for button in page.evaluate(STYLE):
            seen[button["role"], button["size"]][button["style"]].append(button["where"])
            if not button["named"]:
                unnamed.append(button["where"])

    _tour(page, look)
    console_problems.remove(
        "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    assert {"primary", "secondary", "danger", "quiet", "icon", "icon-primary", "card"} <= {
        role for role, _ in seen
    }
    assert {
        where.split()[0] for styles in seen.values() for places in styles.values() for where in places
    } >= {"/login", "/chat", "/tips/preview", "/account", "/admin/tips", "/admin/users", "/admin/stats"}
    differing = {key: dict(styles) for key, styles in seen.items() if len(styles) > 1}
    assert differing == {}
    assert unnamed == []  # an icon alone says too little: a name for screen readers and a tooltip for the eye


@pytest.mark.parametrize("viewport", [PHONE])
def test_no_page_scrolls_sideways_on_a_phone(page, viewport, console_problems) -> None:
    wide: list[tuple[str, list[str]]] = []

    def look(page) -> None:
        page.wait_for_load_state("load")
        sticking_out = page.evaluate("""() => {
          const width = document.documentElement.clientWidth;
          const clipped = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX) && p !== document.body
                && p !== document.documentElement) return true; } return false; };
          const out = Array.from(document.querySelectorAll('body *')).filter((el) => {
            const box = el.getBoundingClientRect();
            return box.width && getComputedStyle(el).visibility === 'visible' && (box.right > width + 1 || box.left < -1)
                   && !clipped(el);
          }).map((el) => el.tagName.toLowerCase() + '.' + el.className);
          if (document.documentElement.scrollWidth > width) out.push('document ' + document.documentElement.scrollWidth);
          return out.slice(0, 5);
        }""")
        if sticking_out:
            wide.append((page.url, sticking_out))

    _tour(page, look)
    console_problems.remove(
        "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    assert wide == []
