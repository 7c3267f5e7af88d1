"""One router per area: auth, chat pages, the JSON API, health."""
