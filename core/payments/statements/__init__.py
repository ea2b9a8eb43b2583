"""Bank statements: the mapping of a bank's CSV file, reading a file into statement lines, and the statements with their lines."""
