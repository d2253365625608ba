"""What staff write reaches readers safely: feeds escape plain-text notes, and the API gives
the sanitised HTML beside the Markdown."""

from xml.etree import ElementTree

import pytest

from handbook import services
from procedures.models import Procedure

ATOM = "{http://www.w3.org/2005/Atom}"
RADIATION = "1.014666"
NOTE = '<script>alert("x")</script> & <b>đậm</b>'


@pytest.fixture
def radiation():
    return Procedure.objects.get(code=RADIATION)


def summaries(client, url="/cap-nhat/atom/"):
    response = client.get(url)
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}summary").get("type"), entry.find(f"{ATOM}summary").text)
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_a_change_note_with_markup_is_text_in_the_feed(client, radiation, publish_guidance):
    revision = publish_guidance(radiation, receiving_deciding="Sở tiếp nhận.")
    revision.change_note = NOTE
    revision.save(update_fields=["change_note"])
    found = [(kind, text) for kind, text in summaries(client) if text and "alert" in text]
    assert found, summaries(client)
    kind, text = found[0]
    # type="html": the summary is HTML whose text is the note, so the markup is escaped once.
    assert kind == "html"
    assert text == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;"
    assert "<script" not in text


def test_a_withdrawal_reason_with_markup_is_text_in_the_feed(
    client, radiation, publish_guidance, users
):
    revision = publish_guidance(radiation, receiving_deciding="Sở tiếp nhận.")
    services.revision_withdraw(revision=revision, user=users["publisher"], reason=NOTE)
    texts = [text for _kind, text in summaries(client) if text and "alert" in text]
    assert texts and all("<script" not in t and "&lt;script&gt;" in t for t in texts)


def test_the_api_gives_sanitised_html_beside_the_markdown(client, radiation, publish_guidance):
    publish_guidance(
        radiation,
        receiving_deciding='**Sở** tiếp nhận. <script>x()</script><input type="text">\n\n- [ ] Đơn',
    )
    data = client.get(f"/api/procedures/{RADIATION}").json()["guidance"]
    assert data["sections"]["receiving_deciding"].startswith("**Sở** tiếp nhận.")
    html = data["sections_html"]["receiving_deciding"]
    assert "<strong>Sở</strong> tiếp nhận." in html
    assert "<script" not in html and 'type="text"' not in html
    assert '<input type="checkbox" disabled>' in html
