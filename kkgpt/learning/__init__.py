"""The learning loop: feedback on answers and tips shared between colleagues, both scrubbed before storage."""
