"""Looking at everything the database holds, for tests that prove something is not there."""

from storage.models import Base


def every_stored_value(database) -> list[str]:
    """Every value in every column of every row of every table, as text."""
    values = []
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                values.extend(str(value) for value in row)
    return values
