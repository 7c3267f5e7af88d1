"""The catalog of recognizers the analyzer builds; built-ins register through the call an extension uses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from presidio_analyzer import EntityRecognizer

from kkgpt.pii.recognizers.address import DkAddressRecognizer
from kkgpt.pii.recognizers.bank_account import DkBankAccountRecognizer
from kkgpt.pii.recognizers.cpr import DkCprRecognizer
from kkgpt.pii.recognizers.credit_card import DkCreditCardRecognizer
from kkgpt.pii.recognizers.email import DkEmailRecognizer
from kkgpt.pii.recognizers.iban import DkIbanRecognizer
from kkgpt.pii.recognizers.lexicon import NameLexicon
from kkgpt.pii.recognizers.license_plate import DkLicensePlateRecognizer
from kkgpt.pii.recognizers.person import DanishPersonRecognizer
from kkgpt.pii.recognizers.phone import DkPhoneRecognizer


@dataclass(frozen=True)
class RecognizerResources:
    """What a recognizer factory may use: the name lexicon and the analysis language."""

    lexicon: NameLexicon
    language: str = "da"


#: Builds one recognizer from the shared resources.
RecognizerFactory = Callable[[RecognizerResources], EntityRecognizer]

#: The built-in recognizers by name, in the order they run (read-only; use a catalog to change the set).
BUILTIN_RECOGNIZERS: Mapping[str, RecognizerFactory] = MappingProxyType({
    "DK_CPR": lambda r: DkCprRecognizer(supported_language=r.language),
    "PHONE_NUMBER": lambda r: DkPhoneRecognizer(supported_language=r.language),
    "EMAIL_ADDRESS": lambda r: DkEmailRecognizer(supported_language=r.language),
    "IBAN_CODE": lambda r: DkIbanRecognizer(supported_language=r.language),
    "CREDIT_CARD": lambda r: DkCreditCardRecognizer(supported_language=r.language),
    "DK_BANK_ACCOUNT": lambda r: DkBankAccountRecognizer(supported_language=r.language),
    "DK_LICENSE_PLATE": lambda r: DkLicensePlateRecognizer(supported_language=r.language),
    "DK_ADDRESS": lambda r: DkAddressRecognizer(supported_language=r.language),
    "PERSON": lambda r: DanishPersonRecognizer(r.lexicon, supported_language=r.language),
})


class RecognizerCatalog:
    """Named recognizer factories; `build` makes one fresh recognizer per entry, in registration order."""

    def __init__(self) -> None:
        self._factories: dict[str, RecognizerFactory] = {}

    def register(self, name: str, factory: RecognizerFactory, *, replace: bool = False) -> None:
        """Add a factory under `name`; an existing name needs `replace=True`."""
        if name in self._factories and not replace:
            raise ValueError(f"a recognizer named {name!r} is already registered")
        self._factories[name] = factory

    def unregister(self, name: str) -> None:
        """Remove the factory registered under `name`."""
        del self._factories[name]

    def names(self) -> tuple[str, ...]:
        """Registered names in order."""
        return tuple(self._factories)

    def build(self, resources: RecognizerResources) -> list[EntityRecognizer]:
        """One new recognizer per registered factory."""
        return [factory(resources) for factory in self._factories.values()]


def default_catalog() -> RecognizerCatalog:
    """A new catalog holding the built-in recognizers, registered as an extension would register its own."""
    catalog = RecognizerCatalog()
    for name, factory in BUILTIN_RECOGNIZERS.items():
        catalog.register(name, factory)
    return catalog
