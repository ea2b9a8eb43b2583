"""The JSON API's shared machinery: the error envelope the server sends, the
OpenAPI conventions every operation follows, paging of collections and field
messages in the caller's language. Each area's ``api*.py`` uses these."""
