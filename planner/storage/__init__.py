"""Plans in a database: the only package with SQL."""
