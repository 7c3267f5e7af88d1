"""Danish recognizers for Presidio, one per file; `registry` lists the built-ins the analyzer builds."""
