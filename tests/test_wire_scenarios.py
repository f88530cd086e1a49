"""The wire desk's stories end to end with the shared samples: kills, embargoes, updates."""

from datetime import UTC, datetime

import lxml.html
import pytest

from articles.models import Article
from articles.wire.importer import import_file

pytestmark = [pytest.mark.django_db, pytest.mark.shared]

REUTERS_CORRECTION = "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml"
REUTERS_KILL = "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml"


def latest_headlines(client):
    doc = lxml.html.fromstring(client.get("/latest/").content)
    return [a.text_content() for a in doc.cssselect(".card-headline a")]


@pytest.mark.parametrize("order", ["as sent", "kill first"])
def test_reuters_correction_then_kill_ends_withdrawn_with_410(wire_samples, client, order):
    folder = wire_samples / "newsml-g2"
    files = [folder / REUTERS_CORRECTION, folder / REUTERS_KILL]
    if order == "kill first":
        files.reverse()
    statuses = [import_file(path, publish=True)[0].status for path in files]
    assert statuses == (["created", "updated"] if order == "as sent" else ["created", "stale"])
    article = Article.objects.get()
    assert article.status == Article.Status.WITHDRAWN
    assert article.source_version == "1542761538"
    assert client.get(article.get_absolute_url()).status_code == 410
    assert article.headline not in latest_headlines(client)
    assert client.get(f"/api/ninjs/{article.pk}/").status_code == 410


def test_reuters_correction_shows_a_correction_notice(wire_samples, client):
    [outcome] = import_file(wire_samples / "newsml-g2" / REUTERS_CORRECTION, publish=True)
    article = outcome.article
    assert not article.headline.startswith("CORRECTED")
    assert article.corrections.count() == 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert article.corrections.get().text in page


def test_iptc_embargo_example_is_hidden_until_its_time(wire_samples, client, time_machine):
    sample = wire_samples / "newsml-g2" / "LISTING_1_A_NewsML-G2_News_Item.xml"
    time_machine.move_to(datetime(2018, 10, 22, 9, 0, tzinfo=UTC), tick=False)
    [outcome] = import_file(sample, publish=True)
    article = outcome.article
    assert article.status == Article.Status.PUBLISHED
    assert article.embargo_until == datetime(2018, 10, 23, 12, 0, tzinfo=UTC)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/api/ninjs/{article.pk}/").status_code == 404
    time_machine.move_to(datetime(2018, 10, 23, 11, 59, 59, tzinfo=UTC), tick=False)
    assert client.get(article.get_absolute_url()).status_code == 404
    time_machine.move_to(datetime(2018, 10, 23, 12, 0, 1, tzinfo=UTC), tick=False)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert article.headline in latest_headlines(client)


def test_dpa_update_replaces_its_predecessor_without_a_duplicate(wire_samples, tmp_path):
    sample = wire_samples / "newsml-g2" / "urn_newsml_dpa.com_20090101_170629-99-45965.xml"
    data = sample.read_bytes()
    assert b'version="13"' in data
    newer = tmp_path / "update.xml"
    newer.write_bytes(
        data.replace(b'version="13"', b'version="14"').replace(b"Erdogan", b"Erdo\xc4\x9fan")
    )
    older = tmp_path / "older.xml"
    older.write_bytes(data.replace(b'version="13"', b'version="12"'))
    statuses = [import_file(path)[0].status for path in (sample, newer, sample, older)]
    assert statuses == ["created", "updated", "unchanged", "stale"]
    article = Article.objects.get()
    assert article.source_version == "14" and "Erdoğan" in article.headline
    assert [v.source_version for v in article.wire_versions.order_by("pk")] == ["13", "14"]
