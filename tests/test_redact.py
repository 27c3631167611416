"""`redact`: what a client must never read in a shared description is masked; the rest stays."""

from __future__ import annotations

import pytest

from cmtime.analysis.redact import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Relance marie.dupont+cm@boulangerie-dupont.fr", "Relance [e-mail]"),
        ("cc LEA@Example.ORG, merci", "cc [e-mail], merci"),
        ("Maquette https://lea:s3cret@drive.example.com/m", "Maquette https://[credentials]@drive.example.com/m"),
        ("ftp://user@files.example.com/x", "ftp://[credentials]@files.example.com/x"),
        ("Lien https://x.example.com/f?id=3&token=abc ok", "Lien https://x.example.com/f?[link with a secret] ok"),
        ("Export /home/lea/Clients/Dupont/devis.pdf envoyé", "Export [path] envoyé"),
        ("Notes ~/Documents/cm/dupont.md", "Notes [path]"),
        ("Visuel /Users/lea/Desktop/post.png, validé", "Visuel [path], validé"),
        (r"Fichier C:\Users\Lea\Desktop\post.png; ok", "Fichier [path]; ok"),
        (r"Partage \\nas\clients\dupont.docx", "Partage [path]"),
    ],
)
def test_secrets_are_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Stratégie éditoriale T2",
        "Post 2/3 sur fb/ig",
        "Réunion 10/03 à 14h, 50/50, 24/7",
        "A/B test du carrousel",
        "Voir https://www.instagram.com/p/abc/ et https://example.com/a/b?page=2",
        "dossier /tmp",
        "@dupont_officiel a répondu",
        "",
    ],
)
def test_ordinary_text_is_kept(text: str) -> None:
    assert redact(text) == text


def test_a_url_path_is_not_a_file_path() -> None:
    assert redact("https://example.com/home/lea/page") == "https://example.com/home/lea/page"
