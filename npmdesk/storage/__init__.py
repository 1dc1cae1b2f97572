"""The SQLCipher case file: keying, schema, migrations, repositories, backups, search. No Qt."""
