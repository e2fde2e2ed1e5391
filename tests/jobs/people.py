"""People and nuggets for the nudge tests, put in through the same functions leads use."""

from __future__ import annotations

from datetime import datetime

from learning.nudges.nugget_writing import NuggetDraft, save_nugget
from storage.models import Person
from tests.people import an_account, load_account


def a_person(database, name: str = "Priya Shah", **fields) -> int:
    fields.setdefault("email", name.lower().replace(" ", ".") + "@example.org")
    fields.setdefault("slack_user_id", "U" + name.upper().replace(" ", "")[:8])
    with database.unit_of_work() as uow:
        person = Person(name=name, **fields)
        uow.session.add(person)
        uow.commit()
        return person.id


def a_nugget(database, *, send_at: datetime | None, **fields) -> int:
    lead = an_account(database, "lead@example.org", "learning_lead")
    draft = NuggetDraft(title="Bruising in babies who are not yet mobile",
                        what_happened="**Any** bruise on a non-mobile baby needs a referral.",
                        source="Rapid review, 2026", themes=["bruising"], send_at=send_at,
                        check_question="Who should see a bruised non-mobile baby?",
                        check_options=["Only the GP", "Refer to children's social care"],
                        check_answer=1, check_explanation="The protocol applies to everyone.")
    for key, value in fields.items():
        setattr(draft, key, value)
    with database.unit_of_work() as uow:
        nugget = save_nugget(uow.session, draft, by=load_account(uow.session, lead))
        uow.commit()
        return nugget.id
