"""The layout of a pasted text: tables and their column labels, and the places whose words are people.

Staff paste CSV exports, Markdown tables, Teams chats, e-mail threads and minutes. Their layout says what
their values are, where the sentence around a value cannot:

- a table's header row names its columns (`navn,mail,mobil`, `| Navn | Tlf |`): a value's column label is
  the nearest context there is, for every kind of personal data;
- some places hold people: the value of an e-mail header (`Fra:`, `Til:`, `Cc:`, `From:`), of a minutes'
  label (`Deltagere:`, `Afbud:`, `Ref.:`) and the list under it, a chat log's speakers (`[09.05] Anne Holm:`,
  `Anne Holm 10:14`, `Anne Holm (Ekstern)`), an `@mention`, the line after a sign-off (`Mvh\nanne`), and
  the cells of a column labelled with a person word (`Navn`, `Borger`, `Kontaktperson`).

`read_layout` finds them in one pass over the lines (regex matches anchored at a line's start), so its cost
is linear in the text. It decides nothing about names; the recognizers read it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

#: Column labels (lower case, as written or without their last "s"/"er"...) whose cells are people.
PERSON_COLUMNS = frozenset(
    {
        "navn",
        "navne",
        "fulde navn",
        "fuldt navn",
        "fornavn",
        "fornavne",
        "efternavn",
        "mellemnavn",
        "kaldenavn",
        "borger",
        "borgers navn",
        "borgerens navn",
        "elev",
        "elevens navn",
        "elever",
        "barn",
        "barnets navn",
        "børn",
        "forælder",
        "forældre",
        "mor",
        "far",
        "værge",
        "kontaktperson",
        "kontakt",
        "kontaktpersoner",
        "pårørende",
        "medarbejder",
        "medarbejdere",
        "ansat",
        "ansatte",
        "sagsbehandler",
        "sagsbeh",
        "rådgiver",
        "deltager",
        "deltagere",
        "beboer",
        "patient",
        "klient",
        "lejer",
        "ansøger",
        "modtager",
        "afsender",
        "underviser",
        "lærer",
        "pædagog",
        "leder",
        "nærmeste leder",
        "ansvarlig",
        "tovholder",
        "initialer",
        "init",
        "initials",
        "underskrift",
        "navn på borger",
        "name",
        "names",
        "first name",
        "firstname",
        "last name",
        "lastname",
        "surname",
        "full name",
        "employee",
        "contact",
        "contact person",
        "participant",
        "participants",
        "parent",
        "guardian",
        "student",
        "pupil",
        "resident",
        "owner",
        "applicant",
        "tenant",
        "manager",
        "person",
        "personer",
        "who",
        "hvem",
        "responsible",
        # user names and display names of IT exports
        "samaccountname",
        "displayname",
        "display name",
        "brugernavn",
        "username",
        "user",
        "login",
        "bruger",
        "brugerid",
        "userprincipalname",
        "upn",
        "oprettet af",
        "udfyldt af",
        "created by",
        "assigned to",
        "tildelt",
        "ejer",
        "ansvarlig medarbejder",
        "låner",
        "lånernavn",
        "medlem",
        "medlemsnavn",
        "træner",
        "spiller",
        # user names and staff ids name one employee each
        "bruger id",
        "bruger-id",
        "user id",
        "userid",
        "medarb",
        "medarbejder initialer",
        # roles of school and care work a class list or a roster assigns by name or initials; not job titles
        # alone ("Socialrådgiver | Jobcenter København" opens a signature, not a table)
        "kontaktlærer",
        "klasselærer",
        "lærere",
        "kontaktpædagog",
        "primærperson",
        "primær kontakt",
        "støttekontaktperson",
        "udført af",
        "handled by",
        "jobkonsulent",
        "virksomhedskonsulent",
        "jobformidler",
    }
)

#: E-mail header fields whose value names people (not "Sendt:" or "Emne:").
_HEADER = re.compile(
    r"[ \t>]*(?:Fra|Til|Cc|Bcc|Kopi til|Sendt af|Afsender|Modtager|Modtagere|From|To|CC|BCC|Sender"
    r"|Recipient|Recipients|Reply-To|Svar til|Från|Till|Kopia|Von|An)[ \t]*:[ \t]*(?=\S)",
    re.IGNORECASE,
)
_WHO_PLAIN = r"(?P<who>[^\W\d_][^\W\d_'’.\-]*(?:[ \t][^\W\d_][^\W\d_'’.\-]*){0,2}\.?)"
#: Minutes' and forms' labels whose value, or the list under them, names people.
_PEOPLE_LABEL = re.compile(
    r"[ \t]*(?:[-*•][ \t]*)?(?:Deltagere|Deltager|(?:Ikke[ \t]+)?(?:Til stede|Tilstede)|Fremmødte|Mødedeltagere"
    r"|Afbud|Fraværende|Gæster|Gæst|Desuden deltog|Not present|Guests|Navne|Names|Frivillige|Volunteers"
    r"|Referent|Ref\.?|Ordstyrer|Mødeleder|Dirigent|Tovholder|Ansvarlig|Ansvarlige|Underskrevet af|Underskriver"
    r"|Sagsbehandlere|Sagsbehandler|Medarbejdere|Visitatorer|Rådgivere|Kontaktperson|Kontaktpersoner|Pårørende|Present|Attendees|Participants|Apologies|Absent"
    r"|Lærere|Lærer|Kontaktlærer|Klasselærer|Pædagoger|Bisidder|Bisiddere|Vikar|Vikarer|Fra kommunen"
    r"|Deltog|Signed|Signeret|Underskrevet|Sign\.?"
    r"|Minutes|Chair|Note taker|Responsible)[ \t]*:[ \t]*|[ \t]*Ref\.[ \t]+(?=[^\W\d_])"
    r"|[ \t]*[Rr]ef[ \t]+(?=[A-ZÆØÅ]{2,4}[ \t]*$)",
    re.IGNORECASE,
)
#: "Udtrukket af: cbn", "Oprettet af: Anne Holm", "Oprettet af: jdm41" anywhere on a line: who made or did
#: something.
_DONE_BY = re.compile(
    r"(?i:udtrukket|oprettet|udfyldt|sendt|godkendt|behandlet|journaliseret|skrevet|registreret"
    r"|ændret|afleveret|modtaget|underskrevet|kontrolleret|noteret|dokumenteret"
    r"|created|approved|exported|submitted|modified|changed)[ \t]+(?i:af|by)[ \t]*:?[ \t]*"
    r"(?P<who>[^\W\d_][^\W\d_'’.\-]*\d{0,3}(?:[ \t][^\W\d_][^\W\d_'’.\-]*){0,2})"
)
# Every verb above ends in "et", "dt" or "ed": the words' endings before "af"/"by" are a cheap test that
# saves the scan above (which tries its verbs at every character, 0.25 ms per KB) on most texts.
_DONE_BY_GATE = re.compile(r"(?i:[de][td])[ \t]+(?i:af|by)")
# Staff initials and nothing else after a shift's or a role's label ("Aftenvagt: SMJ / RAK", "nat: KJ og ms",
# "Mentor: BS. Leder: HØ", "Godkendt af teamleder: OBR"): the initials are people. Only initials count, so a
# shift's notes ("Nat: Rolig, sov godt") are left alone.
# ... or a first name beside them ("tir: LK, Sune", "Man: Sara/Bo"): a roster names its staff either way
_INITIALS_ITEM = r"(?:[A-ZÆØÅ][a-zæøåäöüéè]{1,14}(?![\w-])|[A-ZÆØÅ]{2,4}|[a-zæøå]{2,3})"
# Found from the colon (a fast scan), the label then checked in a bounded look back.
_INITIALS_AFTER_COLON = re.compile(
    rf":[ \t]*(?P<list>{_INITIALS_ITEM}(?:[ \t]*(?:,|/|&|og)[ \t]*{_INITIALS_ITEM}){{0,5}})"
    rf"(?=[ \t]*(?:[.;]|$)|[ \t]{{2,}}[^\W\d_]+:)",  # "Aftenvagt: JK/SØ  Nattevagt: HP"
    re.MULTILINE,
)
_SHIFT_OR_ROLE_LABEL = re.compile(
    r"(?i:(?<![^\W_])(?:aftenvagt|nattevagt|dagvagt|vagthavende|vagt|nat|dag|aften|morgen|mentor|leder"
    r"|teamleder|afdelingsleder|sagsbehandler|kontaktperson|ansvarlig|personale(?:[ \t]+(?:dag|aften|nat))?"
    r"|underskrift|signatur|sekretariat|sekretær|referent|ordstyrer|mødeleder|tovholder"  # "Underskrift: HMJ"
    # a roster's weekdays ("Man: TR, JHA, MEP")
    r"|man|mandag|tir|tirs|tirsdag|ons|onsdag|tor|tors|torsdag|fre|fredag|lør|lørdag|søn|søndag))"
    r"[ \t]*$"
)
_LABEL_LOOK_BACK = 30
_INITIALS_WORD = re.compile(_INITIALS_ITEM)


# A journal's dated entry by its author's initials or user id: "21.12.2025 – ULBO: Hjemmebesøg.",
# "08.04.2025 - TO2N: Samtale med ...", "12/3 kl. 14.10 – KBM: Opringning", opening a line or a sentence.
_DATED_ENTRY_BY = re.compile(
    r"(?:^[ \t]*|(?<=[.!?][ \t]))\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?(?:[ \t]+(?:kl\.?[ \t]*)?\d{1,2}[.:]\d{2})?[ \t]*[-–—][ \t]*"
    r"(?P<who>[A-ZÆØÅ]{2,4}|(?=[A-Z0-9]{4}\b)[A-Z]{1,3}\d[A-Z0-9]{0,2})[ \t]*:",
    re.MULTILINE,
)


# An IRC-style chat's speaker in angle brackets opening a line ("<mkh> har vi en tolk?"); two or more lines.
_BRACKETED_SPEAKER = re.compile(
    r"^(?:(?:\[[^\]\n]{1,30}\]|\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)[ \t]+)?<(?P<who>[^\W\d_][\w.\-]{1,19})>[ \t]",
    re.MULTILINE)  # "<tinne> hej", "[08:55] <tinne> hej", "[2024-05-21 15:44] <hbo> tak"


def _bracketed_speakers(text: str) -> list[PeopleSpan]:
    """The speakers of a chat copied with each speaker in angle brackets, when two or more lines have one."""
    if "<" not in text:
        return []
    found = list(_BRACKETED_SPEAKER.finditer(text))
    return [PeopleSpan(m.start("who"), m.end("who"), "speaker") for m in found] if len(found) >= 2 else []


def _initials_after_labels(text: str) -> list[PeopleSpan]:
    """Each initials after a shift's or a role's label and its colon, but answers ("Dag: OK")."""
    return [
        PeopleSpan(m.start("list") + w.start(), m.start("list") + w.end(), "list")
        for m in _INITIALS_AFTER_COLON.finditer(text)
        if _SHIFT_OR_ROLE_LABEL.search(text, max(0, m.start() - _LABEL_LOOK_BACK), m.start())
        for w in _INITIALS_WORD.finditer(m.group("list"))
        if w.group() != "og" and w.group().upper() not in NOT_ROSTER_VALUES
    ]


#: A contact list's line: a name, a colon and a phone number or an e-mail address ("Lykke: 20-48-71-36").
_CONTACT = re.compile(
    rf"[ \t]*(?:[-*•][ \t]*)?{_WHO_PLAIN}[ \t]*:[ \t]*(?=\+|\(\+|00|\d{{2}}[ \-.]?\d|[\w.\-]+@)"
)
_TIME = r"\d{1,2}[.:]\d{2}(?:[.:]\d{2})?(?:[ \t]*(?:AM|PM|am|pm))?"
_STAMP = rf"(?:\[[^\]\n]{{1,30}}\]|\(?{_TIME}\)?|\d{{1,2}}[./-]\d{{1,2}}(?:[./-]\d{{2,4}})?,?[ \t]+{_TIME})"
_WHO = r"(?P<who>[^\W\d_][^\W\d_'’.\-]*(?:[ \t.'’\-]{1,2}[^\W\d_][^\W\d_'’.\-]*){0,3}\.?)"
_GUEST = r"(?:[ \t]*\((?i:ekstern|external|gæst|guest|extern|gast)\))"
# "Agent (Taras):", "Bruger (Morten Søndergaard):": a role, and the speaker's name in parentheses
_ROLE_SPEAKER = re.compile(rf"[ \t]*(?:{_STAMP}[ \t\-–]*)?(?P<role>[^\W\d_]+)[ \t]*\({_WHO}\)[ \t]*:")
#: Speakers that are roles or systems, not people ("Agent:", "Bruger:", "Servicedesk:").
_ROLES = frozenset(
    {
        "agent",
        "bruger",
        "user",
        "borger",
        "citizen",
        "medarbejder",
        "support",
        "supporter",
        "servicedesk",
        "helpdesk",
        "kunde",
        "customer",
        "system",
        "bot",
        "assistent",
        "assistant",
        "admin",
        "moderator",
        "operator",
        "sagsbehandler",
        "mig",
        "jeg",
        "me",
        "you",
        "du",
        "vi",
        "lærer",
        "forælder",
        "elev",
        "chatbot",
        "kk-gpt",
        "gpt",
        "ai",
    }
)
#: A chat line: a time stamp, a speaker and a colon; a speaker and a time at the line's end; a speaker with
#: "(Ekstern)"; or a speaker and a colon (counted only when a speaker speaks twice, see `_chat_speakers`).
# A stamped speaker may be a user id or a handle ("[13:11] ml3v: nej den driller", "[21:04] laerer_ase: ...").
_WHO_OR_ID = _WHO.replace(
    r"(?P<who>",
    r"(?P<who>(?=[A-Za-z]{0,5}\d)[A-Za-z0-9]{4,8}(?=[ \t]*:)|[^\W\d_]+_[^\W_]{1,12}(?=[ \t]*:)|",
    1,
)
_CHAT_STAMPED = re.compile(rf"[ \t]*{_STAMP}[ \t\-–]*{_WHO_OR_ID}{_GUEST}?[ \t]*:")
# A bracketed stamp and a name alone on the line (a Teams copy); "12:00 Julefrokost" is a schedule.
_CHAT_STAMP_LINE = re.compile(rf"[ \t]*\[[^\]\n]{{1,30}}\][ \t\-–]*{_WHO}{_GUEST}?[ \t]*$")
_CHAT_TIMED = re.compile(rf"[ \t]*{_WHO}{_GUEST}?[ \t,\-–]+{_TIME}[ \t]*$")
# A dated journal entry's header: the date and time, a dash and its author's initials or full name, maybe
# with a unit in parentheses, alone on the line ("03.03.2024 07:45 – ML (SSH)"); one word there is as often a
# schedule's item ("01.04.2025 – Opstart").
_JOURNAL_ENTRY = re.compile(
    rf"[ \t]*\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}(?:[ \t]+(?:kl\.?[ \t]*)?{_TIME})?[ \t]*[-–—][ \t]*"
    r"(?P<who>[A-ZÆØÅ]{2,4}|[A-ZÆØÅ][a-zæøå]+(?:[ \t][A-ZÆØÅ][a-zæøå]+){1,2})(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*$"
)
# A speaker, the time and the message on one line, as Slack and some phones copy a chat ("rune_h 09:16 prøv
# at genstarte den", "AB7F2 08:31: hvem tager ...", "Storm [11.01]: det er vist ..."); counted only when some
# speaker speaks twice, as a schedule's lines have the same shape ("Frokost 12:00 i kantinen").
_CHAT_SPEAKER_TIME = re.compile(
    rf"[ \t]*(?P<who>[A-Za-z]{{2,4}}\d[A-Za-z0-9]{{0,4}}(?=[ \t])|[^\W\d_]+_[^\W_]{{1,12}}(?=[ \t])"
    rf"|{_WHO.removeprefix('(?P<who>').removesuffix(')')})[ \t]+(?:\d{{1,2}}[./]\d{{1,2}}[ \t]+)?(?:{_TIME}|\[{_TIME}\])"
    rf"[ \t]*:?[ \t]+(?=\S)"
)
_CHAT_GUEST = re.compile(rf"[ \t]*{_WHO}{_GUEST}[ \t]*(?::|$)")
_CHAT_PLAIN = re.compile(rf"[ \t]*{_WHO}[ \t]*:[ \t]")
_MENTION = re.compile(r"(?<![\w.@])@(?P<who>[^\W\d_][\w\-]*(?:\.[^\W\d_][\w\-]*)*(?: [A-ZÆØÅ][^\W\d_\-]+)?)")
#: A note signed after a slash at the end of its line: "Skiftet. /Ebba", "talt med søn. /Joy Santos".
_SLASH_SIGNED = re.compile(
    r"(?:(?<=[ \t])|^)/(?P<who>[A-ZÆØÅ][^\W\d_]+(?:[ \-][A-ZÆØÅ][^\W\d_]+){0,2})[ \t]*$", re.MULTILINE
)
#: A sign-off alone on its line: the next line with text is the writer's name ("Mvh\nAnne Holm").
_SIGN_OFF = re.compile(
    r"[ \t]*(?:med[ \t]+)?(?:venlig(?:e|st)?[ \t]+)?(?:mvh|vh|kh|hilsen|hilsner|venlig hilsen"
    r"|kærlig hilsen|de bedste hilsner|bedste hilsner|knus|(?:kind|best|warm)?[ \t]*regards|best"
    r"|cheers|sincerely|yours sincerely|thanks|tak|pozdrawiam|z poważaniem|saygılarımla|saludos"
    r"|cordialement|mit freundlichen grüßen|viele grüße|terveisin|med vänliga hälsningar)"
    r"[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE,
)
#: A sign-off and the writer on one line, ending it: "regards ayo", "mvh jens og mette".
_SIGN_OFF_INLINE = re.compile(
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:mvh|vh|kh|hilsen|kærlig hilsen|venlig hilsen|knus"
    r"|(?:kind |best |warm )?regards|cheers)[ \t]*[,.:]?[ \t]+(?P<who>[^\W\d_]"
    r"[^\W\d_'’\-]*(?:[ \t]+[^\W\d_][^\W\d_'’\-]*){0,2})[ \t.!]*$",
    re.IGNORECASE | re.MULTILINE,
)
#: A LinkedIn profile's address names its owner ("linkedin.com/in/sannekoch").
_PROFILE = re.compile(r"linkedin\.com/in/(?P<who>[^\W_][\w-]{2,59})")
#: Initials alone on a message's last line after a finished sentence or an empty line ("...hos Inge.\nS",
#: "\n\nKRJ"), or after a dash ending its last sentence ("jeg ringer i morgen – G"): the writer's.
_CLOSING_INITIALS = re.compile(
    r"(?:(?:\n[ \t]*\n|[.!?][ \t]*\n)[ \t]*[-–/]?|\w[ \t]+[-–])[ \t]*(?P<who>[A-ZÆØÅ]{1,4})\.?[ \t]*\Z"
)
#: How far from the end of a text the closing initials are looked for.
_CLOSING_REACH = 40
_SIGNER = re.compile(r"[ \t]*(?P<who>[^\W\d_][^\W\d_'’\-]*(?:[ \t]+[^\W\d_][^\W\d_'’\-.]*){0,3})")
_ITEM = re.compile(r"[ \t]*(?:[-*•–]|\d{1,2}[.)])?[ \t]*(?=[^\W\d_])")
#: Words that end a speaker-and-colon line's claim to be a chat line: form labels, not people.
_NOT_SPEAKERS = frozenset(
    {
        # a spreadsheet's sheet, as an upload writes it ("Ark: Udtræk")
        "ark",
        "sheet",
        "fane",
        "navn",
        "dato",
        "emne",
        "tid",
        "sted",
        "sendt",
        "fra",
        "til",
        "cc",
        # mail headers in Swedish, Norwegian and German ("Till: jobcenter@bif.kk.dk")
        "från",
        "till",
        "kopia",
        "skickat",
        "ämne",
        "kopi",
        "von",
        "an",
        "betreff",
        "gesendet",
        "bemærk",
        "note",
        "obs",
        "nb",
        "ps",
        "svar",
        "spørgsmål",
        "sag",
        "sagsnr",
        "tlf",
        "mobil",
        "mail",
        "adresse",
        "cpr",
        "subject",
        "date",
        "time",
        "re",
        "vedr",
        "kl",
        "ad",
        "punkt",
        "telefon",
        "telefonnr",
        "tlf.nr",
        "mobilnr",
        "fax",
        "e-mail",
        "email",
        "phone",
        "mobile",
        "cell",
        "kontakt",
        "contact",
        "nummer",
        "nr",
        "konto",
        "reg",
        "iban",
        "cvr",
        "ean",
        "p-nr",
        "faktura",
        "fakturanr",
        "beløb",
        "pris",
        "kode",
        "pin",
        "id",
        "ref",
        "direkte",
        "arbejde",
        "privat",
        "hjem",
        "vagt",
        "vagttelefon",
        "kontor",
        "omstilling",
        "hovednummer",
        "servicedesk",
        "support",
        "hotline",
        "direct",
        "office",
        "home",
        "work",
    }
)
_SEPARATORS = ("\t", "|", ";", ",")
#: A comma-separated row of two fields holds at most this many words; a longer line is a sentence.
_MAX_PAIR_WORDS = 12
# A label's last word: "Journalnr.", "Bilagsnummer", "Sagstype", "Kunde-id".
_LABELLIKE = re.compile(
    r"(?i)(?:nr|nummer|no|id|kode|type|dato|date|tid|time|sum|beløb|pris|status|kategori)\.?$"
)
_STAFF_INITIALS = re.compile(r"[^\W\d_a-zæøå]{2,4}")
_LOG_LEVELS = frozenset(
    {
        "ERROR",
        "ERR",
        "WARN",
        "WARNING",
        "INFO",
        "DEBUG",
        "TRACE",
        "FATAL",
        "CRITICAL",
        "NOTICE",
        "SEVERE",
        "FEJL",
        "ADVARSEL",
    }
)


@dataclass(frozen=True, slots=True)
class Cell:
    """One value of a table: its characters, its column and the column's label (None without a header)."""

    start: int
    end: int
    table: int
    column: int
    label: str | None
    #: A header row's cell (its label is its own text); values' cells have header False.
    header: bool = False


@dataclass(frozen=True, slots=True)
class PeopleSpan:
    """Characters whose name-like words are people, and why ("header", "list", "speaker", "mention",
    "signature", "column")."""

    start: int
    end: int
    why: str


@dataclass(frozen=True)
class Layout:
    """Tables with their cells, and the spans that hold people, found by `read_layout`."""

    cells: tuple[Cell, ...] = ()
    people: tuple[PeopleSpan, ...] = ()
    #: Offsets of commas between two cells whose digits touch ("21 40 67 93,2", "1404422323,+4531696194"), which
    #: patterns read as decimals or as one number.
    joints: tuple[int, ...] = ()
    _cell_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _people_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cell_starts", [cell.start for cell in self.cells])
        object.__setattr__(self, "_people_starts", [span.start for span in self.people])

    def window(self, start: int, end: int) -> Layout:
        """The part of this layout within text[start:end], in that window's offsets (a window of a long text
        keeps the column labels of a header row in an earlier window)."""
        first = bisect_left(self._cell_starts, start)
        cells = tuple(
            Cell(c.start - start, c.end - start, c.table, c.column, c.label, c.header)
            for c in self.cells[first : bisect_left(self._cell_starts, end)]
            if c.end <= end
        )
        # spans of people are disjoint and sorted: one that reaches into the window starts at most one earlier
        first = max(bisect_left(self._people_starts, start) - 1, 0)
        people = tuple(
            PeopleSpan(max(p.start, start) - start, min(p.end, end) - start, p.why)
            for p in self.people[first : bisect_left(self._people_starts, end)]
            if start < p.end
        )
        joints = tuple(
            j - start for j in self.joints[bisect_left(self.joints, start) : bisect_left(self.joints, end)]
        )
        return Layout(cells, people, joints)

    def cell_at(self, offset: int) -> Cell | None:
        """The table cell holding the character at `offset`, if any."""
        k = bisect_right(self._cell_starts, offset) - 1
        return self.cells[k] if k >= 0 and offset < self.cells[k].end else None

    def people_at(self, offset: int) -> PeopleSpan | None:
        """The span of people holding the character at `offset`, if any."""
        k = bisect_right(self._people_starts, offset) - 1
        return self.people[k] if k >= 0 and offset < self.people[k].end else None


def read_layout(text: str) -> Layout:
    """Tables, column labels and spans of people in `text` (one pass over its lines)."""
    lines = list(_lines(text))
    cells = list(_tables(text, lines))
    if spaced := _spaced_phone_cells(text, lines, cells):
        cells = sorted(cells + spaced, key=lambda c: c.start)
    people = [
        PeopleSpan(c.start, c.end, "column")
        for c in cells
        if not c.header and c.label is not None and _person_column(c.label)
    ]
    people += _roster_cells(text, cells)
    people += _user_id_columns(text, cells)
    people += _headers_and_lists(text, lines)
    people += _chat_speakers(text, lines)
    people += _signatures(text, lines)
    if _DONE_BY_GATE.search(text) is not None:
        people += [PeopleSpan(m.start("who"), m.end("who"), "list") for m in _DONE_BY.finditer(text)]
    people += _initials_after_labels(text)
    people += _bracketed_speakers(text)
    people += [PeopleSpan(m.start("who"), m.end("who"), "list") for m in _DATED_ENTRY_BY.finditer(text)
               if m.group("who") not in NOT_ROSTER_VALUES]
    if "linkedin.com/in/" in text:
        people += [PeopleSpan(m.start("who"), m.end("who"), "mention") for m in _PROFILE.finditer(text)]
    if "@" in text:  # the scan looks behind every character
        people += [PeopleSpan(m.start("who"), m.end("who"), "mention") for m in _MENTION.finditer(text)]
    joints = tuple(
        c.end
        for c in cells
        if c.end + 1 < len(text)
        and text[c.end] == ","
        and text[c.end - 1].isdigit()
        and (text[c.end + 1].isdigit() or text[c.end + 1] == "+")
    )
    return Layout(tuple(cells), tuple(_disjoint(people)), joints)


def _person_column(label: str) -> bool:
    label = " ".join(label.replace("_", " ").split())  # "first_name", "last_name" in exports
    return (
        label in PERSON_COLUMNS
        or label.rstrip(":.") in PERSON_COLUMNS
        or any(label.startswith(word + " ") for word in ("navn", "name"))
        # "Barn fornavn", "Forælder efternavn", "Child first name": whose name the column holds, then the label
        or (" " in label and label.rsplit(" ", 1)[1] in _NAME_PART_LABELS)
    )


#: The last word of a column label for a part of a person's name.
_NAME_PART_LABELS = frozenset({"fornavn", "efternavn", "mellemnavn", "navn", "fornavne", "efternavne"})


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, end
        start = end + 1


# -- tables -------------------------------------------------------------------------------------------


def _separator(line: str) -> str | None:
    for separator in _SEPARATORS:
        if separator in line:
            return separator
    return None


def _tables(text: str, lines: list[tuple[int, int]]) -> Iterator[Cell]:
    """Cells of every block of two or more lines split by the same separator (a tab, a pipe, a semicolon,
    or a comma the same number of times per line); a first row of labels names the columns."""
    table = 0
    i = 0
    while i < len(lines):
        first = text[lines[i][0] : lines[i][1]]
        separator = _separator(first)
        fields = len(_cuts(first, separator)) if separator is not None else 0
        j = i
        while (
            j < len(lines)
            and separator is not None
            and _row_fits(text[lines[j][0] : lines[j][1]], separator, fields)
        ):
            j += 1
        rows = [line for line in lines[i:j] if not _rule_row(text, line)]
        if separator is not None and len(rows) >= 2:
            yield from _block_cells(text, rows, separator, table)
            table += 1
            i = j
        else:
            i += 1


def _row_fits(line: str, separator: str, fields: int) -> bool:
    """`line` is a row of a table whose first row has `fields` separators (cuts)."""
    if separator not in line:
        return False
    if separator != ",":
        return True
    # Prose has commas too: a comma-separated block needs the same number of fields on every line, and a
    # line of two fields is a sentence with a comma when it runs long ("Vi har ... fra Anne Marie Tornsbjerg,
    # som bor på ...").
    if fields == 1 and len(line.split()) > _MAX_PAIR_WORDS:
        return False
    return len(_row_cuts(line, separator, fields)) == fields


def _row_cuts(line: str, separator: str, fields: int) -> list[int]:
    """Where a row of a table with `fields` cuts splits: an amount written with a decimal comma and not
    quoted ("Maja Holm,2191,6275098312,4.250,00"), or a field with a comma and a space in it, splits one
    field too many, and is read whole when that makes the row fit."""
    cuts = _cuts(line, separator)
    if separator == "," and len(cuts) > fields:
        whole = [k for k in cuts if not _DECIMAL_COMMA.match(line, k - 1)]
        if len(whole) == fields:
            return whole
        # A comma and a space inside a field of an export whose separators have no space after them
        # ("Dilan Aslan,Tomsgårdsvej 31, 2. th,2400,København NV").
        tight = [k for k in whole if not line.startswith(" ", k + 1)]
        if len(tight) == fields and len(tight) < len(whole):
            return tight
    return cuts


# A decimal comma: a digit, the comma and two digits that end the field ("4.250,00", "750,50").
_DECIMAL_COMMA = re.compile(r"\d,\d\d(?=,|\s*$)")


def _cuts(line: str, separator: str) -> list[int]:
    """Where `separator` splits a CSV row: outside double quotes ("Savchenko, Taras" is one field)."""
    cuts: list[int] = []
    quoted = False
    position = 0
    while (k := _next_special(line, separator, position)) >= 0:
        if line[k] == '"':
            # A quote opens a field only at its start; inside one, it closes it ("" is a quote in it).
            at_start = (
                k == 0
                or line[k - 1] == separator
                or line[k - 1] in " \t"
                and _field_start(line, k, separator)
            )
            if quoted or at_start:
                quoted = not quoted
        elif not quoted:
            cuts.append(k)
        position = k + 1
    return cuts


def _next_special(line: str, separator: str, position: int) -> int:
    quote = line.find('"', position)
    cut = line.find(separator, position)
    return cut if quote < 0 else quote if cut < 0 else min(quote, cut)


def _field_start(line: str, k: int, separator: str) -> bool:
    """Only spaces stand between the separator before position k and k."""
    j = k - 1
    while j >= 0 and line[j] in " \t":
        j -= 1
    return j < 0 or line[j] == separator


def _rule_row(text: str, line: tuple[int, int]) -> bool:
    """A Markdown table's |---|:---:| line."""
    body = text[line[0] : line[1]].strip()
    return bool(body) and set(body) <= set("|-:+ \t")


def _split(text: str, line: tuple[int, int], separator: str, width: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each field of a row, without surrounding spaces (and a Markdown row's outer pipes);
    `width` is the number of cuts of the table's first row."""
    start, end = line
    fields: list[tuple[int, int]] = []
    position = start
    row = text[start:end]
    cuts = _cuts(row, separator) if width is None else _row_cuts(row, separator, width)
    for stop in [start + k for k in cuts] + [end]:
        left, right = position, stop
        while left < right and text[left] in " \t\"'":
            left += 1
        while right > left and text[right - 1] in " \t\"'\r":
            right -= 1
        fields.append((left, right))
        position = stop + 1
    if separator == "|":
        if fields and fields[0][0] == fields[0][1]:
            fields = fields[1:]
        if fields and fields[-1][0] == fields[-1][1]:
            fields = fields[:-1]
    return fields


def _block_cells(text: str, rows: list[tuple[int, int]], separator: str, table: int) -> Iterator[Cell]:
    header = _split(text, rows[0], separator)
    width = len(_cuts(text[rows[0][0] : rows[0][1]], separator))
    if len(header) == 2 and (form := _form(text, rows, separator, width)) is not None:
        yield from _form_cells(text, form, table)
        return
    # a header may leave a column without a label ("Fornavn;Efternavn;;Reg.nr.;Kontonr."), not most of them
    named = [(a, b) for a, b in header if a < b]
    labelled = 2 * len(named) > len(header) and all(_label_like(text[a:b]) for a, b in named)
    if labelled and separator == ",":
        labelled = any(_person_column(text[a:b].lower()) or len(text[a:b].split()) == 1 for a, b in named)
    if labelled and len(rows) > 1 and header and _weekday(text, *header[0]):
        # a roster with a day on each row ("Man\tLone\tBerit" over "Tir\tHassan\tLone"): no header
        second = _split(text, rows[1], separator)
        labelled = not (second and _weekday(text, *second[0]))
    labels = [" ".join(text[a:b].lower().split()) or None for a, b in header] if labelled else []
    if labelled:
        for column, (a, b) in enumerate(header):
            if a < b:
                yield Cell(a, b, table, column, labels[column], header=True)
    for row in rows[1:] if labelled else rows:
        for column, (a, b) in enumerate(_split(text, row, separator, width)):
            if a < b:
                yield Cell(a, b, table, column, labels[column] if column < len(labels) else None)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_WEEK = re.compile(r"(?i:uge|week|wk|uke|vecka)\.?[ \t]*\d{1,2}(?:[ \t]*[-–/][ \t]*\d{1,2})?(?!\d)")
#: Days of the week, in full and abbreviated, as the first cell of a roster's row.
_WEEKDAYS = frozenset({"man", "tir", "tirs", "ons", "tor", "tors", "fre", "lør", "søn", "mandag", "tirsdag", "onsdag",
                       "torsdag", "fredag", "lørdag", "søndag", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday",
                       "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _weekday(text: str, start: int, end: int) -> bool:
    """The cell holds a day of the week, maybe with a dot ("Man", "tirsdag", "Ons.")."""
    return weekday(text[start:end])


def weekday(label: str) -> bool:
    """`label` is a day of the week, maybe with a dot ("Man", "tirsdag", "Ons.")."""
    return label.strip().rstrip(".").lower() in _WEEKDAYS


def _label_like(cell: str) -> bool:
    """A header cell: short, no e-mail, and no digits but a year after a word ("Sygedage 2025") or a week's
    number ("Uge 14" over a roster's weekdays)."""
    if len(cell) > 40 or "@" in cell:
        return False
    digits = _WEEK.sub("", _YEAR.sub("", cell)) if any(ch.isalpha() for ch in cell) else cell
    return not any(ch.isdigit() for ch in digits)


def _form(text: str, rows: list[tuple[int, int]], separator: str, width: int) -> list[list[tuple[int, int]]] | None:
    """The rows of a two-column form ("| Borger | Vũ Thị Thu Hà |", "| CPR | 270365-3619 |", "| Dato | ..."):
    every first cell a label, and either each ending in a colon or at least two and half of them labels
    KK-GPT knows with the first row already a label and its value, not a header of two labels. None for any
    other table."""
    fields = [_split(text, row, separator, width) for row in rows]
    if len(fields) < 2 or any(len(row) != 2 for row in fields):
        return None
    # a row without a label continues the value of the row above ("| Adresse | Elmegade 5 |" over "|  | 2200
    # København N |")
    labels = [_label_text(text, *row[0]) if k == 0 or row[0][0] < row[0][1] else ""
              for k, row in enumerate(fields)]
    if any(label is None for label in labels):
        return None
    labels = [label for label in labels if label]
    known = sum(_known_label(label) for label in labels if label is not None)
    colons = all(text[a:b].rstrip().endswith(":") for (a, b), _ in fields)  # "Ansøger:<TAB>Signe Hvidtfeldt"
    first_value = _label_text(text, *fields[0][1])
    if not colons and (known < 2 or known * 2 < len(labels)):
        return None
    if first_value is not None and _known_label(first_value) and not colons:
        return None
    return fields


def _form_cells(text: str, form: list[list[tuple[int, int]]], table: int) -> Iterator[Cell]:
    """A form's label cells (as header cells: words, never values) and its value cells, each labelled by the
    label on its row."""
    label = ""
    for (a, b), (c, d) in form:
        if a < b:
            label = " ".join(text[a:b].lower().split()).rstrip(":.")
            yield Cell(a, b, table, 0, label, header=True)
        if c < d:
            yield Cell(c, d, table, 1, label)


def _label_text(text: str, start: int, end: int) -> str | None:
    """The lower-cased text of a cell that could be a label (at most four words, no digits), or None."""
    value = " ".join(text[start:end].lower().split()).rstrip(":.")
    if not value or len(value) > 40 or len(value.split()) > 4 or any(ch.isdigit() or ch == "@" for ch in value):
        return None
    return value


def _known_label(label: str) -> bool:
    words = label.split()
    return bool(words) and (
        label in PERSON_COLUMNS
        or label in _NOT_SPEAKERS
        or words[-1] in _NOT_SPEAKERS
        or _LABELLIKE.search(label) is not None
        or any(word.startswith(("adresse", "cpr", "navn", "tlf", "telefon", "mail", "e-mail")) for word in words)
    )


#: Column labels of phone numbers, as a header of a table extracted from a PDF writes them.
_PHONE_LABELS = frozenset({"mobil", "tlf", "telefon", "mobilnr", "telefonnr", "phone", "mobile", "mob"})
# A Danish phone number in a row of such a table: eight digits, maybe grouped 4-4 or 2-2-2-2, maybe +45.
_PHONE_LABEL_WORD = re.compile(r"(?i)(?<!\w)(?:mobil|tlf|telefon|mobilnr|telefonnr|phone|mobile|mob)\.?(?!\w)")
_HEADER_MAX = 120  # characters of a header line of such a table
_ROW_PHONE = re.compile(r"(?<![\w+\-])(?:\+45 ?)?(?:\d{8}|\d{4} \d{4}|\d\d \d\d \d\d \d\d)(?![\w\-])")


def _spaced_phone_cells(text: str, lines: list[tuple[int, int]], cells: list[Cell]) -> list[Cell]:
    """Phone numbers in a table a PDF's extraction wrote with spaces only ("Navn Mobil CPR Hold" over
    "Rêber Hawrami 60185704 040450-1364 Hold A"): the header names the column, so each eight-digit number
    in the rows under it is labelled as that column's value. The rows end at a blank line."""
    if _PHONE_LABEL_WORD.search(text) is None:
        return []
    taken = {cell.start for cell in cells}
    found: list[Cell] = []
    label = None
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            label = None
            continue
        if end - start <= _HEADER_MAX and _PHONE_LABEL_WORD.search(line) and not any(ch.isdigit() for ch in line):
            words = [word for word in (part.strip(".:").lower() for part in line.split()) if word]
            known = sum(_known_label(word) or word in _PHONE_LABELS for word in words)
            if 2 <= len(words) <= 10 and known >= 2 and known * 3 >= len(words) * 2 \
                    and (phones := [word for word in words if word in _PHONE_LABELS]):
                label = phones[0]
                continue
        if label is not None:
            found += [Cell(m.start(), m.end(), -1, -1, label) for m in _ROW_PHONE.finditer(text, start, end)
                      if m.start() not in taken]
    return found


# -- places that hold people ------------------------------------------------------------------------------


def _headers_and_lists(text: str, lines: list[tuple[int, int]]) -> list[PeopleSpan]:
    """Values of e-mail header fields and minutes' labels, and the list under a label that ends its line."""
    spans: list[PeopleSpan] = []
    listing = False
    for start, end in lines:
        if start == end or not text[start:end].strip():
            listing = False
            continue
        if (match := _HEADER.match(text, start, end)) is not None:
            spans.append(PeopleSpan(match.end(), end, "header"))
            listing = False
        elif (match := _PEOPLE_LABEL.match(text, start, end)) is not None:
            if match.end() < end:
                spans.append(PeopleSpan(match.end(), end, "list"))
            listing = match.end() >= len(text[start:end].rstrip()) + start
        elif listing and (match := _ITEM.match(text, start, end)) is not None and ":" not in text[start:end]:
            spans.append(PeopleSpan(match.end(), end, "list"))
        elif (
            (match := _CONTACT.match(text, start, end)) is not None
            and not any(word.rstrip(".") in _NOT_SPEAKERS for word in match.group("who").lower().split())
            and not _LABELLIKE.search(match.group("who"))
        ):
            spans.append(PeopleSpan(match.start("who"), match.end("who"), "list"))
        else:
            listing = False
    return spans


#: The fewest cells of staff initials, and the share of a table's cells they must be, for a roster.
_ROSTER_MIN_CELLS = 4
_ROSTER_MIN_COLUMN = 3
#: Capitals a column of answers, statuses or shifts holds: no one's initials; with countries' and languages'
#: codes, what no column of initials holds (`NOT_ROSTER_VALUES`).
ROSTER_STATUSES = frozenset({
    "OK", "JA", "NEJ", "YES", "NO", "NA", "TBD", "TBA", "IKKE", "FRI", "SYG", "DAG", "NAT", "AFTEN", "FERIE", "ON",
    "MORGEN", "FORMIDDAG", "EFTERMIDDAG", "DAGVAGT", "AFTENVAGT", "NATTEVAGT", "WEEKEND",
    "OFF", "X", "XX", "NN", "UD", "IND", "INDE", "UDE", "INT", "EXT", "ALT", "ALLE", "AM", "PM",
})
NOT_ROSTER_VALUES = ROSTER_STATUSES | frozenset({
    # countries and languages a column of them holds ("DK", "GL", "FI")
    "DK", "SE", "FI", "IS", "FO", "GL", "DE", "PL", "UK", "GB", "US", "FR", "ES", "IT", "NL", "BE", "AT",
    "CH", "TR", "UA", "RU", "RO", "BG", "LT", "LV", "EE", "HU", "CZ", "SK", "SI", "HR", "BA", "RS", "AL", "GR",
    "PT", "IE", "SO", "IQ", "IR", "AF", "SY", "PK", "LK", "IN", "CN", "VN", "PH", "TH", "ER", "ET", "MA", "EG",
    "DA", "EN", "AR",
})
_ROSTER_SHARE = 0.8
#: Column labels of who hands a case or a shift over and who takes it.
_HANDOVER_LABELS = frozenset({"fra", "til", "from", "to", "afgiver", "modtager", "overdraget af", "overdraget til",
                              "afleveret af", "modtaget af"})


def _roster_cells(text: str, cells: list[Cell]) -> list[PeopleSpan]:
    """The cells of a roster kept by staff initials ("man;tirs;ons" over "KBM;KBM;ANLI;ANLI;KBM"): a table,
    or a column of one ("TK | mandag | dag" over "TK | tirsdag | aften"), whose value cells are nearly all
    initials, some of them more than once, and whose header, if any, is not made of labels a unit code
    would stand under ("Afdeling", "Enhed")."""
    tables: dict[int, list[Cell]] = {}
    columns: dict[tuple[int, int], list[Cell]] = {}
    for cell in cells:
        initials = _STAFF_INITIALS.fullmatch(text, cell.start, cell.end) is not None
        if not cell.header:
            tables.setdefault(cell.table, []).append(cell)
        if not cell.header or initials:  # a first row of initials read as a header ("TK | mandag | dag")
            columns.setdefault((cell.table, cell.column), []).append(cell)
    spans: list[PeopleSpan] = []
    groups = [(table, _ROSTER_MIN_CELLS) for table in tables.values()]
    groups += [(column, _ROSTER_MIN_COLUMN) for column in columns.values()]
    handovers: dict[int, list[Cell]] = {}
    for column in columns.values():
        if column[0].label in _HANDOVER_LABELS and len(column) >= 2 and all(
                _STAFF_INITIALS.fullmatch(text, cell.start, cell.end)
                and text[cell.start:cell.end] not in NOT_ROSTER_VALUES for cell in column):
            handovers.setdefault(column[0].table, []).extend(column)
    for handed in handovers.values():
        # who handed over to whom ("| Fra | Til |" over "| JHN | KBM |"): all initials, and someone is in it
        # twice, as giver and taker ("KBH" to "AAR" is a route)
        values = [text[cell.start:cell.end] for cell in handed]
        if len(set(values)) < len(values):
            spans += [PeopleSpan(cell.start, cell.end, "roster") for cell in handed]
    for table, minimum in groups:
        initials = [cell for cell in table if _STAFF_INITIALS.fullmatch(text, cell.start, cell.end)
                    and text[cell.start : cell.end] not in NOT_ROSTER_VALUES]
        values = [text[cell.start : cell.end] for cell in initials]
        # the shifts' names in a roster's first column ("Dag", "Aften", "Nat") are neither initials nor values
        slots = [cell for cell in table if text[cell.start:cell.end].upper() not in ROSTER_STATUSES]
        if (
            len(initials) >= minimum
            and len(initials) >= _ROSTER_SHARE * len(slots)
            and len(set(values)) < len(values)
            and not any(cell.label is not None and _UNIT_LABEL.search(cell.label) for cell in initials)
        ):
            spans += [PeopleSpan(cell.start, cell.end, "roster") for cell in initials]
    return spans


# A staff user id in capitals with a digit, four characters ("AS1D", "RA8K", "HE9R", "TO2N").
_STAFF_USER_ID = re.compile(r"(?=[A-ZÆØÅ0-9]{4}$)[A-ZÆØÅ]{1,3}\d[A-ZÆØÅ0-9]{0,2}")
_USER_ID_MIN_COLUMN = 3


def _user_id_columns(text: str, cells: list[Cell]) -> list[PeopleSpan]:
    """The cells of a column without a header that holds nothing but staff user ids, three or more (a case
    list's last column of "AS1D", "SS1L", "SP7M"): each names the employee the row is with."""
    columns: dict[tuple[int, int], list[Cell]] = {}
    for cell in cells:
        if not cell.header and cell.label is None and cell.end > cell.start:
            columns.setdefault((cell.table, cell.column), []).append(cell)
    return [
        PeopleSpan(cell.start, cell.end, "column")
        for column in columns.values()
        if len(column) >= _USER_ID_MIN_COLUMN
        and all(_STAFF_USER_ID.fullmatch(text, cell.start, cell.end) for cell in column)
        for cell in column
    ]


# Column labels whose cells are units, codes or statuses, not people
_UNIT_LABEL = re.compile(r"afdeling|enhed|forvaltning|center|kode|status|type|kategori|unit|department|dept|code"
                         r"|land|country|nation|sprog|language|køn|gender|retning|valuta|currency")


#: What a log line names before its time when it is not a speaker ("SMS 09:14 fra Ib: ...").
_MESSAGE_KINDS = frozenset({"sms", "mms", "opkald", "call", "besked", "notat", "samtale", "møde", "log"})
# ... with the form labels (`_NOT_SPEAKERS`), one set looked up per line
_NOT_TIMED_SPEAKERS = _NOT_SPEAKERS | _MESSAGE_KINDS
# Staff initials in lower case as a chat's speakers ("ms: lunch?" / "jk: 5 min"), two or more taking turns;
# never the short labels of mails and notes (beside `_NOT_SPEAKERS` and the roles `_speaker` refuses).
_LOWER_INITIALS_SPEAKER = re.compile(r"[a-zæøå]{2,4}")
_LOWER_LABELS = frozenset({"fw", "fwd", "sv", "vs", "adr", "att", "ang", "mvh", "ca", "evt", "bcc", "mob", "tel",
                           "web", "url", "pkt", "info", "spm", "bem",
                           # who someone is, not their name ("mor: kommer kl 15")
                           "mor", "far", "bror", "søs", "barn", "os", "dem", "leder", "chef", "læge", "mom",
                           "dad"})


def _chat_speakers(text: str, lines: list[tuple[int, int]]) -> list[PeopleSpan]:
    """Speakers of a chat log: with a time stamp, a time or "(Ekstern)", always; with just a colon, only
    when some speaker speaks more than once and is not a form's label."""
    spans: list[PeopleSpan] = []
    plain: list[tuple[int, int, str]] = []
    timed: list[tuple[int, int, str]] = []
    lower: list[tuple[int, int, str]] = []
    for start, end in lines:
        if (match := _ROLE_SPEAKER.match(text, start, end)) is not None and match.group(
            "role"
        ).lower() in _ROLES:
            spans.append(PeopleSpan(match.start("who"), match.end("who"), "speaker"))
            continue
        for pattern in (_CHAT_STAMPED, _CHAT_STAMP_LINE, _CHAT_TIMED, _CHAT_GUEST, _JOURNAL_ENTRY):
            if (match := pattern.match(text, start, end)) is not None:
                if _speaker(match.group("who")):
                    spans.append(PeopleSpan(match.start("who"), match.end("who"), "speaker"))
                break
        else:
            if (match := _CHAT_PLAIN.match(text, start, end)) is not None:
                who = match.group("who")
                if who.lower().rstrip(".") in _NOT_SPEAKERS or not _speaker(who):
                    pass
                elif not who.islower():
                    plain.append((match.start("who"), match.end("who"), who))
                elif _LOWER_INITIALS_SPEAKER.fullmatch(who) and who not in _LOWER_LABELS:
                    lower.append((match.start("who"), match.end("who"), who))  # "ms: lunch?" / "jk: 5 min"
            elif (match := _CHAT_SPEAKER_TIME.match(text, start, end)) is not None:
                who = match.group("who")
                if who.lower().rstrip(".") not in _NOT_TIMED_SPEAKERS and _speaker(who):
                    timed.append((match.start("who"), match.end("who"), who))
    lower_names = [who for _, _, who in lower]
    if len(set(lower_names)) >= 2 and len(lower_names) > len(set(lower_names)):
        spans += [PeopleSpan(start, end, "speaker") for start, end, _ in lower]
    timed_names = [who for _, _, who in timed]
    if len(timed_names) > len(set(timed_names)):
        spans += [PeopleSpan(start, end, "speaker") for start, end, _ in timed]
    names = [who for _, _, who in plain]
    if len(names) > len(set(names)):
        spans += [PeopleSpan(start, end, "speaker") for start, end, _ in plain]
    elif sum(_STAFF_INITIALS.fullmatch(who) is not None for who in names) >= 2:
        # minutes by staff initials, one line each ("KB: Sarah anbragt ...", "JS: børnesamtale ...")
        spans += [PeopleSpan(start, end, "speaker") for start, end, who in plain if _STAFF_INITIALS.fullmatch(who)]
    return spans


def _signatures(text: str, lines: list[tuple[int, int]]) -> list[PeopleSpan]:
    """The first words of the first line with text after a sign-off alone on its line."""
    spans: list[PeopleSpan] = []
    waiting = False
    for start, end in lines:
        if not text[start:end].strip():
            continue
        if waiting and (match := _SIGNER.match(text, start, end)) is not None:
            spans.append(PeopleSpan(match.start("who"), match.end("who"), "signature"))
        waiting = _SIGN_OFF.match(text, start, end) is not None
    spans += [PeopleSpan(m.start("who"), m.end("who"), "signature") for m in _SIGN_OFF_INLINE.finditer(text)]
    if "/" in text:  # the scan looks behind every character
        spans += [PeopleSpan(m.start("who"), m.end("who"), "signature") for m in _SLASH_SIGNED.finditer(text)]
    closing = _CLOSING_INITIALS.search(text, max(0, len(text.rstrip()) - _CLOSING_REACH))
    if closing is not None and closing.group("who") not in NOT_ROSTER_VALUES:
        spans.append(PeopleSpan(closing.start("who"), closing.end("who"), "signature"))
    return spans


def _speaker(who: str) -> bool:
    """A speaker is no log line's level or component ("ERROR AuthService:", "WARN proxy") and no role
    ("Agent:", "Bruger:")."""
    words = who.split()
    if len(words) == 1 and words[0].lower().rstrip(".") in _ROLES:
        return False
    return not any(
        word.upper() in _LOG_LEVELS
        or any(ch.isupper() for ch in word[1:]) and not word.isupper() and not any(ch.isdigit() for ch in word)
        for word in words
    )  # "AuthService" is a component, "u7H2QK" a user id


def _disjoint(spans: list[PeopleSpan]) -> list[PeopleSpan]:
    """Sorted spans, a span inside or overlapping an earlier one dropped."""
    kept: list[PeopleSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept
