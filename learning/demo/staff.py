"""The demo partnership's wider staff: five in each agency, so evaluation figures rest on
enough people to be shown (counts under five are suppressed). Plain invented names, the
same every run; indexes into `learning.demo.AGENCIES`."""

from __future__ import annotations

from storage.database import Database
from storage.models import Agency, Person

STAFF = [
    (0, [("Nadia Brennan", "Social worker"), ("Owen Pritchard", "Team manager"),
         ("Leah Fraser", "Social worker"), ("Samir Qureshi", "Family support worker"),
         ("Ruth Ellison", "Independent reviewing officer")]),
    (1, [("Callum Reid", "Police constable"), ("Imogen Walsh", "Detective sergeant"),
         ("Dev Patel", "Police constable"), ("Bethan Morgan", "Detective constable"),
         ("Ian Forsyth", "Public protection officer")]),
    (2, [("Grace Adeyemi", "Health visitor"), ("Helen Rowe", "School nurse"),
         ("Marcus Bell", "Named nurse"), ("Zara Hussain", "Health visitor"),
         ("Fiona Kerr", "Community midwife")]),
    (3, [("Kwame Mensah", "Emergency department nurse"), ("Laura Jennings", "Paediatrician"),
         ("Rhys Evans", "Paediatric liaison nurse"), ("Sophie Dunn", "Midwife"),
         ("Aaron Clarke", "Emergency department doctor")]),
    (4, [("Megan Holt", "Class teacher"), ("Daniel Cho", "Deputy head teacher"),
         ("Erin Walsh", "Teaching assistant"), ("Yusuf Karim", "Class teacher"),
         ("Alice Turner", "Family liaison officer")]),
    (5, [("Chloe Barker", "Early years practitioner"), ("Ben Sutton", "Nursery manager"),
         ("Maya Rahman", "Childminder"), ("Lucy Hart", "Early years practitioner"),
         ("Jonah Price", "Children's centre worker")]),
    (6, [("Kirsty Doyle", "Housing officer"), ("Patrick Nolan", "Homelessness caseworker"),
         ("Sana Mirza", "Housing officer"), ("Tom Whitfield", "Tenancy support worker"),
         ("Eleanor Shaw", "Temporary accommodation officer")]),
]


def add_staff(database: Database, agency_ids: list[int]) -> None:
    with database.unit_of_work() as uow:
        uow.session.add_all(
            Person(name=name, job_title=title, agency=uow.session.get(Agency, agency_ids[index]),
                   email=name.lower().replace(" ", ".") + "@riverside-partnership.example")
            for index, people in STAFF for name, title in people)
        uow.commit()
