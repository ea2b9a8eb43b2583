"""Bank statement lines matched to payments: the matching itself, the pages, the API, the forms, duplicate reports and the nightly and import tasks."""
