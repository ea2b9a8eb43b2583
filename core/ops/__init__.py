"""Running a deployment: the checks a production start and ``pansuk check``
make, the database set-up the owner runs, backups and restores."""
