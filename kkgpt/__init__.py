"""KK-GPT: Copenhagen Municipality's own chat assistant, with a Danish PII shield."""

__version__ = "0.1.0"
