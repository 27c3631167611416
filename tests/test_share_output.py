"""share's outputs: written all at once, symlinks replaced never followed, clear errors,
the options recomputed from summary --json, the PDF's pages, no freelancer text."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pytest

from cmtime.analysis.pipeline import SAMPLE_DIR
from cmtime.config import load_config
from cmtime.interfaces.cli import main
from cmtime.text.labels import LABELS
from cmtime.text.report import SHARED_KEYS, all_texts

pdfium = pytest.importorskip("pypdfium2")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("share") / "report"
    main(["share", str(SAMPLE_DIR), "--client", "Dupont", "--out", str(out)])
    return out


def _pdf_pages(path: Path) -> tuple[list[str], list[int]]:
    """Each page's text and its number of image objects."""
    doc = pdfium.PdfDocument(str(path))
    try:
        texts, images = [], []
        for page in doc:
            texts.append(page.get_textpage().get_text_range())
            images.append(sum(1 for _ in page.get_objects(max_depth=1)))
        return texts, images
    finally:
        doc.close()


def test_pdf_is_a4_at_most_three_pages_with_every_chart(shared: Path) -> None:
    doc = pdfium.PdfDocument(str(shared / "report.pdf"))
    try:
        assert 1 <= len(doc) <= 3
        for page in doc:
            w, h = page.get_size()
            assert (round(w), round(h)) == (595, 842)  # A4 in points
        # each page as pixels (what a PNG of it holds): every chart's own colour is drawn
        pixels = [doc[i].render(scale=1, rev_byteorder=True).to_numpy()[..., :3].reshape(-1, 3) for i in range(len(doc))]
    finally:
        doc.close()
    def drawn(color: str) -> int:
        rgb = np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)])
        return sum(int((np.abs(px.astype(int) - rgb).max(axis=1) <= 12).sum()) for px in pixels)

    for color in ("#16B3D9", "#15386A", "#2F6DB5", "#E8743B", "#4B3B8F"):  # iceberg, waits, off-hours
        assert drawn(color) > 200, color
    doc = pdfium.PdfDocument(str(shared / "report.pdf"))
    try:
        pass
    finally:
        doc.close()
    text = "\n".join(_pdf_pages(shared / "report.pdf")[0])
    # every chart's title is there, as vector text
    for title in ("Ce que vous voyez, et le reste", "Où part le temps", "Vos délais de réponse",
                  "Quand nous travaillons pour vous hors horaires"):  # the sample is a team of three
        assert title in text, title
    assert "Proposition de renouvellement" in text


def test_no_freelancer_text_in_any_output(shared: Path) -> None:
    """No label of the notebooks (a phrase of three words or more, outside the shared
    vocabulary and the old report.* keys) reaches the HTML, the SVGs or the PDF."""
    own = set(all_texts())
    phrases = sorted({
        value
        for key, langs in LABELS.items()
        if key not in SHARED_KEYS and not key.startswith(("report.", "page."))
        for value in langs.values()
        if len(re.sub(r"\{[^}]*\}", "", value).split()) >= 3 and value not in own
    })
    patterns = [
        re.compile(".{1,40}?".join(re.escape(part) for part in re.split(r"\{[^}]*\}", p)))
        for p in phrases
    ]
    docs = [(shared / "report.html").read_text(encoding="utf-8")]
    docs += [p.read_text(encoding="utf-8") for p in shared.glob("*.svg")]
    docs.append("\n".join(_pdf_pages(shared / "report.pdf")[0]).replace("\r", ""))
    for doc in docs:
        plain = html.unescape(doc)
        for pattern, phrase in zip(patterns, phrases, strict=True):
            assert not pattern.search(plain), phrase
    assert "(sans client)" not in docs[0]


def test_options_recomputed_from_summary_json(shared: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["summary", str(SAMPLE_DIR), "--client", "Dupont", "--json"])
    doc = json.loads(capsys.readouterr().out)
    (c,) = doc["clients"]
    cfg = load_config(SAMPLE_DIR / "cmtime.toml")
    contract = cfg.client("Dupont")
    assert contract is not None
    assert contract.monthly_fee
    fee, fair, target = contract.monthly_fee, c["suggested_fee"], cfg.target_rate
    page = (shared / "report.html").read_text(encoding="utf-8")
    from cmtime.text.labels import hours, money, percent

    def euros(x: float) -> str:
        return money(x, "EUR", "fr")

    change = round((fair / fee - 1) * 100)
    assert f"{euros(fair)} par mois (+{percent(change / 100, 'fr')})" in page
    included = fee / target
    share_visible = c["visible_h"] / (c["visible_h"] + c["hidden_h"])
    assert f"pour {hours(included, 'fr')} de travail" in page
    assert f"dont {hours(included * share_visible, 'fr')} visibles" in page
    assert f"et {hours(included * (1 - share_visible), 'fr')} en coulisses" in page
    assert f"paie {percent(fee / fair, 'fr')} du travail" in page
    steps = cfg.renewal_steps
    for k in range(1, steps + 1):
        assert f"mois {k}\u00a0: {euros(round(fee + (fair - fee) * k / steps))}" in page
    assert f"monte d'environ {euros((fair - fee) / steps)} par mois" in html.unescape(page)
    # the fair fee worked out: the typical month's hours x the rate, its off-hours premium,
    # the total rounded once, which is summary's suggested fee
    text = html.unescape(page)
    work = re.search(r"(\d+)\u00a0h\u00a0(\d\d) × 60\u00a0€/h = ([\d\u202f]+),(\d\d)\u00a0€", text)
    assert work is not None
    h = int(work.group(1)) + int(work.group(2)) / 60
    assert float(work.group(3).replace("\u202f", "") + "." + work.group(4)) == pytest.approx(h * 60, abs=0.005)
    assert f"Total = {euros(fair)} par mois" in text


def test_symlinks_in_out_are_replaced_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "input.csv"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name in ("summary.csv", "report.html", "report.pdf"):
        (out / name).symlink_to(victim)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    main(["share", str(SAMPLE_DIR), "--client", "Dupont", "--out", str(out)])
    assert victim.read_text(encoding="utf-8") == "precious"
    for name in ("summary.csv", "report.html", "report.pdf"):
        assert not (out / name).is_symlink()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"  # other files left alone
    assert not list(tmp_path.glob(".out.*"))  # no staging folder left behind
    # --out itself a symlink to a folder: replaced by the report folder, the target untouched
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    main(["share", str(SAMPLE_DIR), "--client", "Dupont", "--out", str(link)])
    assert not link.is_symlink()
    assert (link / "report.html").is_file()
    assert list(target.iterdir()) == []


def test_out_is_a_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "report"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["share", str(SAMPLE_DIR), "--client", "Dupont", "--out", str(f)])
    assert exc.value.code == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == "x"


def test_empty_period_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    with pytest.raises(SystemExit) as exc:
        main(["share", str(SAMPLE_DIR), "--client", "Dupont", "--from", "2030-01-01",
              "--to", "2030-01-31", "--out", str(out)])
    assert exc.value.code == 2
    assert "aucune heure travaillée pour Boulangerie Dupont" in capsys.readouterr().err  # the sample is French
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_failure_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cmtime.outputs import share

    def boom(*_: object, **__: object) -> bytes:
        msg = "typst failed"
        raise RuntimeError(msg)

    monkeypatch.setattr(share, "report_pdf", boom)
    out = tmp_path / "o"
    with pytest.raises(SystemExit) as exc:
        main(["share", str(SAMPLE_DIR), "--client", "Dupont", "--out", str(out)])
    assert exc.value.code == 3
    assert list(tmp_path.iterdir()) == []


def test_two_reports_written_to_one_folder_at_once_both_land(tmp_path: Path) -> None:
    """Two writers of one ``--out`` at once (the notebook run in French and in English side
    by side): the second saw no folder, but the first renamed its own into place meanwhile.
    The second moves its files into that folder instead of failing on "Directory not
    empty" (as the notebook test did, once, in CI)."""
    import tempfile

    from cmtime.outputs import share

    class SeenMissing(type(tmp_path)):  # type: ignore[misc]
        """``out`` as the second writer saw it: not there yet."""

        def exists(self, *, follow_symlinks: bool = True) -> bool:
            return False

    out = tmp_path / "share"
    out.mkdir()
    (out / "report.html").write_text("fr", encoding="utf-8")
    (out / "fr.txt").write_text("fr", encoding="utf-8")
    staging = Path(tempfile.mkdtemp(prefix=".share.", suffix=".tmp", dir=tmp_path))
    (staging / "report.html").write_text("en", encoding="utf-8")
    (staging / "en.txt").write_text("en", encoding="utf-8")
    share._publish(staging, SeenMissing(out))
    assert {p.name for p in out.iterdir()} == {"report.html", "fr.txt", "en.txt"}
    assert (out / "report.html").read_text(encoding="utf-8") == "en"
    assert not staging.exists()
