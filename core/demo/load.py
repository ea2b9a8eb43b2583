"""Demo data (filled in by the demo work)."""


def load() -> str:
    return "nothing to load yet"
