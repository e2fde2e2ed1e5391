import pytest
from sqlalchemy import select

from storage.database import AppendOnlyError
from storage.models import ReportEvent
from tests.test_intake import submit
from tests.drafts import a_draft


def test_the_timeline_cannot_be_edited_or_deleted(database, settings):
    submit(database, settings, a_draft())
    with database.unit_of_work() as uow:
        event = uow.session.scalar(select(ReportEvent))
        event.actor = "someone else"
        with pytest.raises(AppendOnlyError):
            uow.session.flush()
    with database.unit_of_work() as uow:
        uow.session.delete(uow.session.scalar(select(ReportEvent)))
        with pytest.raises(AppendOnlyError):
            uow.session.flush()
    with database.unit_of_work() as uow:
        assert uow.session.scalar(select(ReportEvent)).actor == "reporter"
