"""Thai first, English switchable: locale choice, Buddhist-Era dates, THB."""
