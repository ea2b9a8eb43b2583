"""Reading what people type: one kit of parsers (:mod:`core.forms.parse`)
every form, import and filter of every domain uses."""
