"""Example prompts on a new conversation: a good first question for each kind of municipal work.

Each one shows the habits the guidelines ask for (say who it is for, what to produce and in what form) and
holds no personal data, so copying the example never teaches pasting a citizen's details. A click puts the
text in the composer (app.js); nothing is sent until the employee sends it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kkgpt.web.i18n import Language


@dataclass(frozen=True)
class ExamplePrompt:
    """One example: the role it suits and the prompt, in Danish and English."""

    key: str
    role_da: str
    role_en: str
    text_da: str
    text_en: str

    def role_in(self, language: Language) -> str:
        """The role's name in `language`."""
        return self.role_en if language == "en" else self.role_da

    def text_in(self, language: Language) -> str:
        """The prompt in `language`."""
        return self.text_en if language == "en" else self.text_da


EXAMPLES: tuple[ExamplePrompt, ...] = (
    ExamplePrompt(
        key="case-worker",
        role_da="Sagsbehandler",
        role_en="Case worker",
        text_da="Forklar i klart sprog, hvad en borger skal gøre for at søge om boligstøtte, og hvilke papirer der "
        "typisk skal bruges. Skriv det som en kort punktliste, jeg kan sætte ind i et svar til borgeren.",
        text_en="Explain in plain language what a citizen must do to apply for housing benefit and which papers "
        "are usually needed. Write it as a short bullet list I can put into a reply to the citizen.",
    ),
    ExamplePrompt(
        key="carer",
        role_da="Hjemmepleje",
        role_en="Home care",
        text_da="Lav en tjekliste til et første besøg hos en ny borger i hjemmeplejen: hvad skal jeg spørge om, og "
        "hvad skal jeg være opmærksom på i hjemmet? Højst ti punkter.",
        text_en="Make a checklist for a first visit to a new home-care client: what should I ask about, and what "
        "should I look out for in the home? At most ten points.",
    ),
    ExamplePrompt(
        key="teacher",
        role_da="Lærer",
        role_en="Teacher",
        text_da="Planlæg tre lektioner om kildekritik for en 8. klasse, med et mål, en aktivitet og en lille "
        "opgave til hver lektion.",
        text_en="Plan three lessons on judging sources for a year 8 class, with an aim, an activity and a short "
        "task for each lesson.",
    ),
    ExamplePrompt(
        key="hr",
        role_da="HR",
        role_en="HR",
        text_da="Skriv et udkast til et stillingsopslag for en administrativ medarbejder i en forvaltning. Tonen "
        "skal være venlig og konkret, og opslaget må højst fylde en halv side.",
        text_en="Draft a job advertisement for an administrative officer in a municipal department. Keep the "
        "tone friendly and concrete, and the advert no longer than half a page.",
    ),
    ExamplePrompt(
        key="it",
        role_da="IT",
        role_en="IT",
        text_da="Forklar kolleger uden IT-baggrund, hvordan de kender en phishing-mail. Giv fem konkrete tegn og "
        "skriv, hvad de skal gøre, hvis de har klikket på et link.",
        text_en="Explain to colleagues without an IT background how to recognise a phishing email. Give five "
        "concrete signs and say what to do if they have clicked a link.",
    ),
)
