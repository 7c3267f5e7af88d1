"""A new employee in a real browser: sign in, chat with streamed answers, come back later; keyboard and phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def sign_in(page, name: str = "Sofie Holm", department: str = "Socialforvaltningen", accept: bool = True) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("Navn").fill(name)
    page.get_by_label("Forvaltning eller afdeling").fill(department)
    page.get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    if accept:
        page.get_by_role("button", name="Jeg har læst og accepterer retningslinjerne").click()
        expect(page).to_have_url(re.compile(r"/chat$"))
    page.wait_for_load_state("load")  # the page's scripts are running


def test_sign_in_chat_stream_reload(page, network) -> None:
    page.goto("/login")
    assert axe_violations(page) == []
    sign_in(page)
    assert axe_violations(page) == []

    composer = page.get_by_label("Skriv din besked")
    composer.fill("Skriv et kort svar til Jens Hansen om hans ansøgning.")
    composer.press("Enter")

    answer = page.locator(".message--assistant").last
    expect(page.locator(".message--assistant.is-streaming")).to_have_count(1)  # seen while it streams
    expect(answer).not_to_have_class(re.compile("is-streaming"), timeout=15_000)
    expect(answer.locator(".message__body")).to_contain_text("Testmodellen modtog denne tekst")
    expect(answer.locator(".message__body")).to_contain_text("Jens Hansen")  # restored for the employee
    user_message = page.locator(".message--user").last
    expect(user_message.locator("mark.pii")).to_have_text("Jens Hansen")
    user_message.get_by_text("Det så modellen").click()
    expect(user_message.locator(".model-view__text")).to_contain_text("<PERSON_1>")
    expect(composer).to_have_value("")
    expect(page).to_have_url(re.compile(r"/c/[0-9a-f]{32}$"))
    assert axe_violations(page) == []
    expect(page.locator("#chat-title")).to_have_text("Skriv et kort svar til Jens Hansen")  # named by the model

    page.reload()
    expect(page.locator(".conversation__link")).to_have_count(1)
    # After the first answer the model named the conversation (the mock: the first sentence, six words).
    expect(page.locator(".conversation__link")).to_have_text("Skriv et kort svar til Jens Hansen")
    expect(page.locator(".message--assistant .message__body")).to_contain_text("Jens Hansen")
    assert network.blocked == []
    assert any("htmx.org@" in url for url in network.cdn), "htmx came through the (routed) CDN"


def test_keyboard_only(page) -> None:
    page.goto("/login")
    expect(page.get_by_label("Navn")).to_be_focused()  # the one thing to do here
    page.evaluate("() => { document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex'); }")
    page.keyboard.press("Tab")  # from the top of the page
    expect(page.get_by_role("link", name="Spring til indholdet")).to_be_focused()
    page.get_by_label("Navn").focus()
    page.keyboard.type("Karl Tastatur")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Forvaltning eller afdeling")).to_be_focused()
    page.keyboard.type("Koncern IT")
    page.keyboard.press("Enter")  # submits the form
    expect(page).to_have_url(re.compile(r"/chat$"))
    accept = page.get_by_role("button", name="Jeg har læst og accepterer retningslinjerne")
    for _ in range(60):  # Tab to the accept button
        if accept.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")

    composer = page.get_by_label("Skriv din besked")
    expect(composer).to_be_focused()  # ready to type, as in any chat app
    page.keyboard.type("Første linje")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("anden linje")
    expect(composer).to_have_value("Første linje\nanden linje")
    page.keyboard.press("Enter")
    expect(page.locator(".message--user .message__bubble")).to_have_text("Første linje\nanden linje")
    copy = page.get_by_role("button", name="Kopiér svar")
    expect(copy).to_be_visible(timeout=15_000)
    for _ in range(40):  # Tab through the page until the copy button has focus
        if copy.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(copy).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Kopieret")).to_be_focused()
    assert "Første linje" in page.evaluate("navigator.clipboard.readText()")


def test_stop_keeps_the_partial_answer(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("[[mock:long]] Skriv en lang tekst")
    composer.press("Enter")
    expect(page.locator(".message--assistant.is-streaming .message__body")).to_contain_text("Afsnit 2")
    page.get_by_role("button", name="Stop").click()
    expect(page.locator(".message--assistant .message__note")).to_have_text("Svaret blev stoppet.")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    page.reload()
    expect(page.locator(".message--assistant .message__body")).to_contain_text("Afsnit 1")
    expect(page.locator(".message--assistant .message__note")).to_have_text("Svaret blev stoppet.")


# Clicks Stop the moment the employee's message shows (a microtask, before the page reads its next event) and
# keeps every "Nyt svar" button added to the page after that.
_STOP_WHEN_ASKED = """() => {
  window.addedAfterStop = [];
  const messages = document.getElementById("messages");
  const asked = messages.querySelectorAll(".message--user").length;
  new MutationObserver(() => {
    if (!window.stopped && messages.querySelectorAll(".message--user").length > asked) {
      window.stopped = true;
      document.querySelector(".composer__stop").click();
    }
    if (!window.stopped) return;
    for (const button of messages.querySelectorAll(".js-regenerate")) {
      if (/Nyt svar/.test(button.textContent)) window.addedAfterStop.push(button.textContent.trim());
    }
  }).observe(messages, { childList: true, subtree: true });
}"""


def test_events_read_before_a_stop_do_not_bring_nyt_svar_back(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Første spørgsmål")
    composer.press("Enter")
    expect(page.get_by_role("button", name="Nyt svar")).to_be_visible(timeout=15_000)

    # The whole answer reaches the page in one piece, and the employee stops it as their message shows.
    held = []
    page.route("**/messages", lambda route: held.append(route))
    composer.fill("Andet spørgsmål")
    with page.expect_request("**/messages"):
        composer.press("Enter")
    page.evaluate(_STOP_WHEN_ASKED)
    held[0].fulfill(response=held[0].fetch())
    expect(page.locator(".message--assistant .message__note")).to_have_text("Svaret blev stoppet.")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    assert page.evaluate("window.addedAfterStop") == []
    expect(page.get_by_role("button", name="Nyt svar")).to_have_count(0)
    expect(page.get_by_role("button", name="Prøv igen")).to_be_visible()


def _send_first_message_held(page) -> tuple:
    """Sign in and send a first message whose request the test holds: (the composer, [the held route])."""
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    held = []
    page.route("**/chat/messages", lambda route: held.append(route))
    composer.fill("Skriv et brev om skolestart")
    with page.expect_request("**/chat/messages"):
        composer.press("Enter")
    return composer, held


def test_a_new_conversation_stopped_before_it_is_known_keeps_the_text_once(page) -> None:
    composer, held = _send_first_message_held(page)
    answered = held[0].fetch()  # the server has made the conversation and stored the message
    page.get_by_role("button", name="Stop").click()
    held[0].fulfill(response=answered)

    # The text is in the conversation, which the page now shows, and not in the composer as well.
    expect(page).to_have_url(re.compile(r"/c/[0-9a-f]{32}$"))
    expect(page.locator(".message--user .message__bubble")).to_have_text(["Skriv et brev om skolestart"])
    expect(composer).to_have_value("")
    expect(page.locator(".conversation__link")).to_have_count(1)
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    page.reload()
    expect(page.locator(".message--user .message__bubble")).to_have_text(["Skriv et brev om skolestart"])
    expect(page.get_by_label("Skriv din besked")).to_have_value("")


def test_a_new_conversation_refused_after_a_stop_says_why_and_keeps_the_text(page, console_problems) -> None:
    composer, held = _send_first_message_held(page)
    page.get_by_role("button", name="Stop").click()
    held[0].fulfill(status=409, json={"error": {"code": "conversation_busy", "message": "Vent på svaret."}})
    expect(page.locator("#composer-error")).to_have_text("Vent på svaret.")
    expect(composer).to_have_value("Skriv et brev om skolestart")
    expect(page).to_have_url(re.compile(r"/chat$"))
    expect(page.locator(".message--user")).to_have_count(0)
    console_problems[:] = [p for p in console_problems if "409 (Conflict)" not in p]  # the browser logs the status


def test_copy_answer_and_rename_and_delete(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("[[mock:markdown]]")
    composer.press("Enter")
    answer = page.locator(".message--assistant").last
    expect(answer.locator("table")).to_be_visible(timeout=15_000)
    expect(answer.get_by_role("button", name="Kopiér kode")).to_be_visible()
    answer.get_by_role("button", name="Kopiér svar").click()
    expect(answer.get_by_role("button", name="Kopieret")).to_be_visible()
    assert "Første punkt" in page.evaluate("navigator.clipboard.readText()")

    page.get_by_role("button", name=re.compile("Omdøb samtalen")).click()
    title = page.get_by_label("Ny titel til samtalen")
    title.fill("Formatering")
    title.press("Enter")
    expect(page.locator(".conversation__link")).to_have_text("Formatering")
    page.get_by_role("button", name=re.compile("Slet samtalen")).click()
    page.get_by_role("dialog").get_by_role("button", name="Slet", exact=True).click()
    expect(page).to_have_url(re.compile(r"/chat$"))
    expect(page.locator(".conversation__link")).to_have_count(0)


def test_phone_layout(browser, live_server) -> None:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    context.route(re.compile(r"^https://cdn\.jsdelivr\.net/.*"), lambda route: route.abort())
    page = context.new_page()
    try:
        sign_in(page)
        sidebar = page.locator("#sidebar")
        expect(sidebar).not_to_be_visible()
        menu = page.get_by_role("button", name="Vis samtaler")
        menu.click()
        expect(sidebar).to_be_visible()
        expect(menu).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Escape")
        expect(sidebar).not_to_be_visible()
        composer = page.get_by_label("Skriv din besked")
        box = composer.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()


def test_draft_survives_a_reload(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Et udkast jeg ikke vil miste")
    page.reload()
    page.wait_for_load_state("load")
    expect(page.get_by_label("Skriv din besked")).to_have_value("Et udkast jeg ikke vil miste")


def test_english_interface(page) -> None:
    sign_in(page)
    page.get_by_role("button", name="In English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Write your message")).to_be_visible()
    assert axe_violations(page) == []


def test_composer_shows_what_will_be_masked_while_typing(page) -> None:
    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Skriv til Jens Hansen, cpr 010170-1234, om hans depression")
    preview = page.locator("#pii-preview")
    expect(preview).to_contain_text("Jens Hansen")
    expect(preview).to_contain_text("<PERSON_1>")
    expect(preview).to_contain_text("CPR-nummer")
    expect(preview).to_contain_text("helbredsoplysninger")
    assert axe_violations(page) == []
    composer.press("Enter")
    expect(page.locator(".message--user mark.pii")).to_have_count(2)
    expect(preview).to_be_empty()


def test_an_unsent_draft_never_reaches_the_next_employee_on_the_same_pc(page) -> None:
    sign_in(page, name="Alice Andersen")
    page.get_by_label("Skriv din besked").fill("Borger Jens Hansen, cpr 010170-1234, har fået afslag")
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login"))
    sign_in(page, name="Bo Bertelsen")
    expect(page.get_by_label("Skriv din besked")).to_have_value("")
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('kkgpt:')).length") == 0
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_typing_while_a_message_is_on_its_way_is_kept(page) -> None:
    sign_in(page)
    held = []
    # Hold the request until the employee has typed on.
    page.route("**/chat/messages", lambda route: held.append(route))
    composer = page.get_by_label("Skriv din besked")
    composer.fill("Første besked")
    with page.expect_request("**/chat/messages"):
        composer.press("Enter")
    composer.fill("Næste besked, mens den første er på vej")
    held[0].continue_()
    expect(page.locator(".message--user")).to_have_count(1)
    expect(page.locator(".message--assistant .js-copy")).to_be_visible(timeout=15_000)
    expect(composer).to_have_value("Næste besked, mens den første er på vej")


def test_the_api_page_loads_pinned_swagger_ui(page, network) -> None:
    page.goto("/api/docs")
    expect(page.get_by_text("/api/v1/conversations/{conversation_id}/messages").first).to_be_visible(timeout=15_000)
    assert any("swagger-ui-dist@" in url for url in network.cdn) and network.blocked == []


def test_a_failed_action_says_why(page, live_server, console_problems) -> None:
    import httpx

    sign_in(page)
    composer = page.get_by_label("Skriv din besked")
    composer.fill("En samtale, der snart forsvinder")
    composer.press("Enter")
    expect(page.locator(".message--assistant .js-copy")).to_be_visible(timeout=15_000)
    cid = page.url.rsplit("/", 1)[1]
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    with httpx.Client(base_url=live_server.url, cookies=cookies) as other_tab:
        assert other_tab.delete(f"/api/v1/conversations/{cid}").status_code == 204
    page.get_by_role("button", name=re.compile("Omdøb samtalen")).click()
    expect(page.locator("#toast")).to_have_text("Det findes ikke, eller du har ikke adgang til det.")
    # The browser and htmx log the 404 themselves; that is the one thing expected here.
    console_problems[:] = [p for p in console_problems if "404" not in p]
