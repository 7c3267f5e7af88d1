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
        ("[KK](https://www.kk.dk)", 'href="https://www.kk.dk"'),
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


def test_links_do_not_leak_the_opener() -> None:
    assert 'rel="noopener noreferrer nofollow"' in render("[KK](https://www.kk.dk)")
