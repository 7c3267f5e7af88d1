"""NATIONAL_ID: an identity number its label or its column names, whatever its check digit says.

The country recognizers (`se_personnummer`, `no_fodselsnummer`, `fi_henkilotunnus`, `pl_pesel`) find numbers
by their dates and check digits. A number a label names ("svensk personnummer 19850619-3210", "PESEL
85071203456", "HETU 020290-123A", "national identification number LG 68 85 45 D") or a column holds
("Id-nr." over "GPLX56T64") is someone's even when a digit was mistyped, and identity cards, passports and
UK National Insurance numbers have no check a text can test. A UK National Insurance number is also found
without a label: two letters, three pairs of digits and a letter A-D is written for nothing else.
"""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from kkgpt.pii.recognizers.base import DanishPatternRecognizer

# An identity number's shapes: digits in a date-like group and a serial ("19850619-3210", "010190 12345",
# "020290-123A", "85071203456"), a UK National Insurance number, or an identity card's or passport's
# letters and digits ("C7M41PP09", "M30WX44MN").
# (Any two letters: the prefixes HMRC never issues, "QQ" among them, are still typed as someone's.)
_NINO = r"[A-Z]{2}(?:[ ]?\d{2}){3}[ ]?[A-D]"
# A German tax id is eleven digits, grouped "12 345 678 903" (the Steuer-ID, the number a German resident
# is known by); a Romanian CNP thirteen ("1850423123456"), a Sri Lankan NIC twelve ("198512403768").
# An Afghan tazkira ("1399-0301-12345") and a Pakistani CNIC ("35202-1234567-1") in their dashed groups.
_DIGITS_ID = (r"\d{16,20}|\d{6,8}(?:[-+ A]\d{3}[0-9A-Y]|[-+ /]?\d{4,5})|\d{6}/\d{3}|\d{2} \d{3} \d{3} \d{3}|\d{12,13}|\d{8,11}"
              r"|\d{4}-\d{4}-\d{5}|\d{5}-\d{7}-\d"
              # ... and shorter numbers only a label names: a health card's ("2401337"), or its twelve digits
              # in fours ("0144 2875 3310")
              r"|\d{6,7}|\d{4}[ ]\d{4}[ ]\d{4}")
# ... or an identity card's three letters and six digits apart ("ABA 123456", a Polish dowód osobisty).
_CARD_ID = (r"(?=[A-Z0-9]{8,12}(?![\w-]))(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,12}"
            r"|[A-Z]{2,3}[ ]\d{6,8}(?![\w-])")
_ID_VALUE = rf"(?:{_NINO}|{_DIGITS_ID}|{_CARD_ID})"

# Labels of identity numbers in the languages of the people they belong to; not "P-nr", a workplace's
# production unit number, nor a bare "ID", which names anything.
_ID_LABEL = (
    r"(?:(?:svensk|norsk|finsk|polsk|tysk|udenlandsk|foreign|swedish|norwegian)[ \t]+)?"
    r"(?:personnummer|personnr\.?|person[ -]?nr\.?|fødselsnummer|fødselsnr\.?|f\.[ ]?nr\.?|fnr\.?|pesel"
    r"|hetu|henkilötunnus|samordningsnummer|identitetsnummer|id-nummer|id-nr\.?|id-kort(?:nummer|nr\.?)?"
    r"|id[ \t]+number|id-number|asmens[ \t]+kodas|isikukood|personas[ \t]+kods|rodné[ \t]+číslo"
    r"|(?:t\.c\.[ \t]+)?kimlik(?:[ \t]+no\.?)?|codice[ \t]+fiscale|pesel"
    r"|(?:national|norwegian|swedish|finnish|polish|german)[ \t]+(?:identification[ \t]+|identity[ \t]+|id[ \t]+)"
    r"(?:number|no\.?|card)?"
    r"|national[ \t]+insurance(?:[ \t]+number)?|ni[ \t]+number|nino"
    r"|personalausweis(?:nummer|-nr\.?)?|ausweisnummer|ausweis-nr\.?|opholdskort(?:nummer|-nr\.?)?|steuer-id|steuer-identifikationsnummer|idnr\.?"
    r"|cnp|cod[ \t]+numeric[ \t]+personal|rnokpp|nic|cnic|tazkira|tazkera|nie|dni|bsn|burgerservicenummer"
    r"|dow[oó]d(?:[ \t]+osobisty)?|закордонний[ \t]+паспорт|паспорт|рнокпп"
    r"|pasnummer|pas-?nr\.?|pas[ \t]+nr\.?|passnummer|passport(?:[ \t]+(?:number|no\.?))?"
    # a driving licence's and a European health insurance card's numbers
    r"|kørekort(?:nummer|-?nr\.?)?|driving[ \t]+licen[cs]e(?:[ \t]+(?:number|no\.?))?"
    r"|(?:eu-?)?sygesikrings(?:kort|bevis)?(?:nummer|-?nr\.?)?|sundhedskort(?:nummer|-?nr\.?)?"
    r"|ehic(?:[ \t]+(?:number|no\.?|nr\.?))?"
    r"|residence[ \t]+card(?:[ \t]+(?:number|no\.?))?|pasnumre"
    # the former Yugoslavia's citizen number (13 digits), still on Bosnian, Serbian and Macedonian papers
    r"|jmbg|emšo|emso)"
)
# "pnr" and "pn" are Swedish short forms of personnummer before a dashed number (a Danish P-number has no
# dash), and a bare "pas" or "passport" names a passport by its number of letters and digits ("pas FE123456",
# "hendes pas, nr 210483962", "passet har nr 210455873").
_SWEDISH_PNR = re.compile(
    r"(?i:(?<![\w-])pnr?\.?)[ \t]*:?[ \t]*(?P<value>\d{6}(?:\d\d)?[-+]\d{4})(?![\w-])"
    rf"|(?i:(?<![\w-])(?:pas|passet|passport|paszport|passeport|pasaporte|passaporto|reisepass|pass)"
    rf"(?:,?[ \t]+(?:har[ \t]+)?(?:nr|no|nummer|nummeret)\.?)?)(?::[ \t]*|[ \t]+)\(?(?:[A-Z]{{2}}[ ](?=[A-Z0-9]{{8}}))?"
    rf"(?P<card>{_CARD_ID}|[A-Z]{{2}} \d{{6,7}}"
    rf"|\d{{9}})(?![\w-])"
)
# ... and a further number of the same kind listed right after a labelled one ("Pas FA234817 og FA234818").
_LISTED_AFTER = re.compile(rf"[ \t]*(?:,|og|and|&|/)[ \t]*(?P<value>{_CARD_ID}|\d{{9}})(?![\w-])")
# A health insurance card's number after its label and a few words, in any grouping of its 6-12 digits
# ("sundhedskort, nr. 2174 8320 5510", "sygesikringsbevis med nr. 04 718 2265", "Sygesikringsnr 09 384 1122").
_HEALTH_CARD = re.compile(
    r"(?i:(?<![\w-])(?:sundhedskort|sygesikrings(?:kort|bevis)|sygesikring|gule?[ \t]+kort)(?:et|s?-?nr\.?|s?nummer(?:et)?)?)"
    r"(?:[ \t,(]+[^\W\d_]+\.?){0,3}?[ \t,(:]+(?P<value>\d{2,4}(?:[ ]\d{2,4}){1,3}|\d{6,12})(?![\w-]|[ ]\d)"
)
_HEALTH_CARD_DIGITS = range(6, 13)
_LABEL_THEN_VALUE = re.compile(
    rf"(?i:(?<![\w-]){_ID_LABEL})\)?(?:[ \t]+(?i:er|is|var|was|nr\.?|no\.?)){{0,2}}[ \t]*:?[ \t]*\(?"
    rf"(?P<value>{_ID_VALUE})(?![\w-])"
)
# A cheap test before the labelled search: one of the labels' stems occurs at all.
_LABEL_GATE = re.compile(
    r"(?i)person|fødsel|f\.[ ]?nr|fnr|pesel|hetu|henkilö|samordning|identi|id-|national|insurance|ni[ \t]+number"
    r"|nino|ausweis|steuer|pas|passport|\bid\b|pn|kod|číslo|kimlik|fiscale|idnr|\bcnp\b|cod numeric|opholdskort|rnokpp|\bnic\b|\bcnic\b|tazk|\bnie\b|\bdni\b|\bbsn\b|burgerservice|kørekort|driving|sygesikring|sundhedskort|gule?[ \t]+kort|\behic\b|residence|jmbg|emšo|emso|\bdow|паспорт|рнокпп"
)
_ID_COLUMN = re.compile(
    r"(?i)^(?:id-?nr\.?|id-nummer|nationalt[ ]id|national[ ]id|udl\.?[ ]id|udenlandsk[ ]id|personnummer"
    r"[ ]?\(\w+\)|pas|pas[- ]?nr\.?|pasnummer|kørekort(?:[- ]?nr\.?)?|passport|passport[ _]no\.?|passport[ _]number|id-kort"
    r"|id[ _](?:number|no\.?|nr\.?)|national[ _]id(?:[ _]number)?|id[ _]card(?:[ _]number)?"
    # a health insurance card's column, the Danish yellow card's or the blue EU card's ("Sygesikring",
    # "Sygesikringsnr", "EU-sygesikringskort", "Sundhedskort")
    r"|(?:eu-?)?sygesikring(?:s(?:kort|bevis)?(?:nummer|[- ]?nr\.?)?)?|(?:eu-?)?sundhedskort(?:nummer|[- ]?nr\.?)?|ehic)$"
)
# ... maybe after the issuing country's code ("PL AY1234567", "UA FP987654")
_COLUMN_VALUE = re.compile(rf"(?:[A-Z]{{2}}[ ])?{_ID_VALUE}")


class LabelledIdRecognizer(DanishPatternRecognizer):
    """Identity numbers named by their label or column, and UK National Insurance numbers."""

    ENTITY = "NATIONAL_ID"
    # Capitals carry the meaning of a National Insurance number; the labels are matched in any case.
    REGEX_FLAGS = re.MULTILINE
    PATTERNS = [Pattern("UK National Insurance number", rf"(?<![\w-]){_NINO}(?![\w-])", 0.5)]
    CONTEXT = ["national", "insurance", "nino"]

    #: Score of a number its label or column names.
    LABELLED_SCORE = 0.6

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        """The National Insurance pattern, then numbers after an identity label and in an identity column."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if _LABEL_GATE.search(text) is not None:
            results += [self.result(m.start(group), m.end(group), self.LABELLED_SCORE, "after an id label")
                        for pattern in (_LABEL_THEN_VALUE, _SWEDISH_PNR) for m in pattern.finditer(text)
                        for group in ("value", "card") if group in pattern.groupindex and m.group(group)]
            results += [self.result(m.start("value"), m.end("value"), self.LABELLED_SCORE, "after a health card label")
                        for m in _HEALTH_CARD.finditer(text)
                        if sum(ch.isdigit() for ch in m.group("value")) in _HEALTH_CARD_DIGITS]
            results += self._listed_after(text, results)
        results += self.column_values(text, nlp_artifacts, _ID_COLUMN, _COLUMN_VALUE, self.LABELLED_SCORE)
        return results

    def _listed_after(self, text: str, found: list[RecognizerResult]) -> list[RecognizerResult]:
        """Numbers of the same kind listed right after a labelled one, each after the one before."""
        listed: list[RecognizerResult] = []
        for result in found:
            end = result.end
            while (m := _LISTED_AFTER.match(text, end)) is not None:
                listed.append(self.result(m.start("value"), m.end("value"), self.LABELLED_SCORE,
                                          "listed after a labelled id"))
                end = m.end()
        return listed
