from app import create_app
from learning.settings import load_settings


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_says_503_when_the_database_is_unreachable(tmp_path):
    # Nothing listens on port 9 (discard) here: the connection is refused at once.
    settings = load_settings({"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/learnloop",
                              "SECRET_KEY": "x"}, instance_path=tmp_path)
    response = create_app(settings).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
