"""Agency types in their proper words (issue 14 item 20)."""

import html

from storage.vocabulary import AgencyType
from tests.people import an_agency


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_childrens_social_care_has_its_apostrophe(app, database, signed_in):
    an_agency(database, "Riverside Children's Services", AgencyType.CHILDRENS_SOCIAL_CARE)
    page = text(signed_in("admin").get("/dashboard/agencies"))
    assert "Childrens social care" not in page and "Children's social care" in page
