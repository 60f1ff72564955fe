"""The translator's preview, served on 127.0.0.1: a saved msgstr shows up in the served
page; a broken catalogue shows its problems instead of an old page."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import polib
import pytest

from embassy_docs.preview import Preview
from embassy_docs.project import Project

from .conftest import copy_project

pytestmark = pytest.mark.slow


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode("utf-8")


def wait_for_new_build(preview: Preview, version: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while int(fetch(preview.url + "__preview__/version")) == version:
        assert time.monotonic() < deadline, "the preview did not rebuild"
        time.sleep(0.2)


@pytest.fixture
def preview(tmp_path):
    project = Project(copy_project(tmp_path / "book"))
    served = Preview(project, "ja", port=0, interval=0.2)
    served.start()
    yield served
    served.stop()


def test_saved_translation_reaches_the_served_page(preview):
    page = fetch(preview.url + "rescue.html")
    assert "救出作戦" in page
    assert '<script src="/__preview__/reload.js"></script>' in page
    assert "location.reload()" in fetch(preview.url + "__preview__/reload.js")

    po = preview.project.locales / "ja" / "LC_MESSAGES" / "rescue.po"
    catalogue = polib.pofile(str(po))
    catalogue.find("The rescue raid").msgstr = "救出作戦（プレビュー確認）"
    version = int(fetch(preview.url + "__preview__/version"))
    catalogue.save()
    wait_for_new_build(preview, version)
    assert "救出作戦（プレビュー確認）" in fetch(preview.url + "rescue.html")


def test_broken_catalogue_shows_its_problems_not_a_stale_page(preview):
    po = preview.project.locales / "ja" / "LC_MESSAGES" / "rescue.po"
    version = int(fetch(preview.url + "__preview__/version"))
    po.write_text(po.read_text("utf-8") + '\nmsgid "Oops"\nmsgstr "壊れた\n', "utf-8")
    wait_for_new_build(preview, version)
    page = fetch(preview.url + "rescue.html")
    assert "Problems to fix" in page and "救出作戦" not in page
    assert f"{po}:" in page and "E101 msgfmt: end-of-line within string" in page


def test_only_its_own_address_is_answered(preview):
    """A page elsewhere that resolves its own name to 127.0.0.1 cannot read the preview."""
    port = preview.server.server_address[1]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}", ""):
        request = urllib.request.Request(preview.url, headers={"Host": host})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 421, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        request = urllib.request.Request(
            preview.url + "__preview__/version", headers={"Host": host}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200, host
