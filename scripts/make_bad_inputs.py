"""Generate the hostile-input corpus for the batch robustness tests (issue #6).

Small files are written to tests/data/bad/ (committed; all together well under 100 KB); big or
awkward ones (a 50 MB text, a decompression-bomb PDF, a 200,000-character line, odd file names,
a symlink pointing outside its folder) are made on the fly by the tests with the functions below,
never committed.

    .venv/bin/python scripts/make_bad_inputs.py               # tests/data/bad/ (small files)
    .venv/bin/python scripts/make_bad_inputs.py --all DIR     # everything, big files included, into DIR

Every file is deterministic except encrypted.pdf (pypdf draws a random file ID for encryption).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "bad"
SAMPLE_PDF = ROOT / "data" / "kamerbrieven" / "001_sample_letter.pdf"

# A short letter in the official style, written for these tests: Dutch enough for the language check.
GOOD_LETTER = """\
Tweede Kamer der Staten-Generaal

Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 12 maart 2024

Hierbij informeer ik uw Kamer over de voortgang van het programma voor de bescherming van de
kritieke infrastructuur in de Noordzee. De afgelopen maanden is het toezicht op zee versterkt en
is de samenwerking met de buurlanden verder uitgebreid.

Samenwerking

Nederland heeft met België, Duitsland en Denemarken afgesproken dat de kustwachten informatie
over verdachte schepen direct met elkaar delen. Het kabinet is van mening dat deze afspraken een
belangrijke stap zijn, maar dat er meer nodig is om de kabels en leidingen op de zeebodem te
beschermen.

Vervolg

Ik zal uw Kamer voor de zomer opnieuw informeren over de stand van zaken en over de kosten van
de maatregelen die nog worden voorbereid.

De Minister van Infrastructuur en Waterstaat,
M. de Vries
"""

CONFIGS = {
    "unknown-key.yaml": "translate:\n  num_beams: 2\n  beam_size: 4\ningest:\n  max_page: 10\n",
    "wrong-type.yaml": "translate:\n  num_beams: four\ningest:\n  max_pages: '500'\n  max_chars: [1, 2]\n",
    # Harmless payloads: safe_load refuses the tags before anything could be constructed.
    "python-tag.yaml": ("translate: !!python/object/apply:os.getcwd []\n"
                        "summarize: !!python/object:pipeline.config.Config {}\n"),
}


def _scripts_and_tables_html() -> bytes:
    body = GOOD_LETTER.split("\n\n")
    inner = "".join(f"<p>{p.replace(chr(10), ' ')}</p>" for p in body[3:])
    nested = inner
    for depth in range(8):  # tables in tables, the way old CMS pages lay out a letter
        nested = f"<table class='layout-{depth}'><tr><td>{nested}</td><td>&nbsp;</td></tr></table>"
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Bescherming kritieke infrastructuur</title>
<script>document.write("<p>SCRIPTTEKST mag nooit in de notitie staan</p>"); var x = "</table>";</script>
<style>p {{ color: red }}</style></head>
<body onload="alert('x')">
<script type="text/javascript">for (var i = 0; i < 1e9; i++) {{ window.location = 'https://example.org'; }}</script>
<h1>Bescherming kritieke infrastructuur Noordzee</h1>
<p>Den Haag, 12 maart 2024</p>
{nested}
<noscript><p>NOSCRIPTTEKST</p></noscript>
</body></html>
""".encode()


def _pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF file with these objects (1 0 obj, 2 0 obj, ...) and a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _page_pdf(content: bytes, filters: bytes = b"", fonts: bool = True) -> bytes:
    resources = b"<< /Font << /F1 5 0 R >> >>" if fonts else b"<< >>"
    return _pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources " + resources + b" >>",
        b"<< /Length %d%s >>\nstream\n" % (len(content), filters) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def no_text_layer_pdf() -> bytes:
    """A page of drawn grey 'scan' blocks and no fonts: what a scanned letter looks like to pypdf."""
    rng = random.Random(6)
    ops = [b"0.5 g"]
    for _ in range(60):
        ops.append(b"%d %d %d 6 re f" % (rng.randint(60, 120), rng.randint(80, 760), rng.randint(200, 420)))
    return _page_pdf(b"\n".join(ops), fonts=False)


def bomb_pdf(decompressed_mb: int = 256) -> bytes:
    """A one-page PDF whose content stream inflates to `decompressed_mb` MiB (a few hundred KB on disk)."""
    squeezer = zlib.compressobj(9)
    chunk = b"BT /F1 12 Tf 72 720 Td (boem) Tj ET\n" * (1 << 15)  # ~1.1 MiB of valid page operators
    parts = []
    total = 0
    while total < decompressed_mb << 20:
        parts.append(squeezer.compress(chunk))
        total += len(chunk)
    parts.append(squeezer.flush())
    return _page_pdf(b"".join(parts), b" /Filter /FlateDecode")


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(SAMPLE_PDF))
    writer.encrypt(user_password="geheim", owner_password="nog-geheimer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def small_corpus() -> dict[str, bytes]:
    """name → bytes of every committed hostile input."""
    letter = GOOD_LETTER.encode("utf-8")
    sample = SAMPLE_PDF.read_bytes()
    rng = random.Random(6)
    damaged = letter.replace("Denemarken".encode(), b"Denem\xe4rken").replace(b"verdachte", b"verd\xc3\x28chte")
    utf16_invalid = "\ufeff".encode("utf-16-le") + GOOD_LETTER[:200].encode("utf-16-le") + b"\x00\xd8A\x00" + b"\x00"
    return {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\n\t \r\n",
        "zero-bytes.pdf": b"",
        "truncated.pdf": sample[: len(sample) // 3],
        "not-a-pdf.pdf": b"%PDF-1.4\n" + letter,
        "encrypted.pdf": encrypted_pdf(),
        "no-text-layer.pdf": no_text_layer_pdf(),
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2048)),
        "invalid-utf8.txt": damaged,  # UTF-8 with two damaged bytes: read, with a warning
        "undecodable.txt": b"Tekst \x81\x8d\x8f\x90\x9d\x81\x8d\x8f\x90\x9d zonder geldige codering.\n" * 3,
        "utf16-bom.txt": GOOD_LETTER.encode("utf-16"),  # BOM + UTF-16: reads like UTF-8
        "utf16-invalid.txt": utf16_invalid,  # BOM, then an unpaired surrogate and an odd byte count
        "utf16-no-bom.txt": GOOD_LETTER.encode("utf-16-le"),
        "scripts-and-tables.html": _scripts_and_tables_html(),
        "english.txt": (b"The Council discussed the support for Ukraine and the enlargement of the Union. "
                        b"The Netherlands stressed that the process has to remain based on merit. ") * 5,
        "configs/unknown-key.yaml": CONFIGS["unknown-key.yaml"].encode(),
        "configs/wrong-type.yaml": CONFIGS["wrong-type.yaml"].encode(),
        "configs/python-tag.yaml": CONFIGS["python-tag.yaml"].encode(),
    }


def write_small(out: Path = OUT) -> list[Path]:
    written = []
    for name, data in small_corpus().items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


# ------------------------------------------------------------------------------------------------
# Made on the fly (tests use these into tmp_path)
# ------------------------------------------------------------------------------------------------


def big_text(path: Path, mb: int = 50) -> Path:
    """A text file of exactly `mb` MiB of Dutch sentences (at the file-size limit, over max_chars)."""
    size = mb << 20
    block = (GOOD_LETTER.split("\n\n", 3)[3].replace("\n", " ") + "\n\n").encode()
    with path.open("wb") as handle:
        full, rest = divmod(size, len(block))
        chunk = block * 1024
        for _ in range(full // 1024):
            handle.write(chunk)
        handle.write(block * (full % 1024) + block[:rest])
    return path


def oversized_file(path: Path, mb: int = 60) -> Path:
    """A sparse file of `mb` MiB (no disk used): over max_file_mb, refused before it is read."""
    with path.open("wb") as handle:
        handle.truncate(mb << 20)
    return path


def one_line_letter(path: Path, chars: int = 200_000) -> Path:
    """A letter saved as one line of `chars` characters (no line breaks at all)."""
    sentences = " ".join(GOOD_LETTER.split("\n\n")[3:6]).replace("\n", " ") + " "
    path.write_text((sentences * (chars // len(sentences) + 1))[:chars], encoding="utf-8")
    return path


ODD_NAMES = ["brief met spaties.txt", "brief-ëïü-中文-ελληνικά.txt", "brief..met..punten.txt",
             "-rf --help.txt", "index.txt", "a b.txt", "a_b.txt"]


def odd_names(folder: Path) -> list[Path]:
    """Good letters under awkward names: spaces, unicode, `..`, leading dashes, a reserved stem,
    and two names that sanitise to the same stem. (A name starting with a dot is a hidden file:
    folders skip those.)"""
    paths = []
    for name in ODD_NAMES:
        path = folder / name
        path.write_text(GOOD_LETTER, encoding="utf-8")
        paths.append(path)
    return paths


def escaping_symlink(folder: Path, outside: Path) -> Path:
    """`folder/link.txt` → a letter in `outside` (a folder that is not inside `folder`)."""
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "geheim.txt"
    target.write_text(GOOD_LETTER, encoding="utf-8")
    link = folder / "link-naar-buiten.txt"
    link.symlink_to(target)
    return link


def write_all(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = write_small(out)
    bomb = out / "bomb.pdf"
    bomb.write_bytes(bomb_pdf())
    written += [bomb, big_text(out / "big-50mb.txt"), oversized_file(out / "oversized.txt"),
                one_line_letter(out / "one-line.txt"), *odd_names(out)]
    if hasattr(os, "symlink"):
        written.append(escaping_symlink(out, out.parent / (out.name + "-outside")))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", type=Path, metavar="DIR", help="write every input, big ones too, into DIR")
    args = parser.parse_args(argv)
    written = write_all(args.all) if args.all else write_small()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
