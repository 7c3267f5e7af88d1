"""Anonymised usage logging: what staff use KK-GPT for, never what they wrote."""
