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


# ------------------------------------------------------------------------------------------------
# The hostile corpus (issue #12): one folder, run as one batch
# ------------------------------------------------------------------------------------------------

WRITTEN, FAILED, EITHER = "written", "failed", "either"  # EITHER: read or refused, but accounted for

# A title or subject an attacker would write: stored script, event handlers, non-http links.
HOSTILE_TITLE = ('<script>alert(1)</script><img src=x onerror=alert(2)> [klik](javascript:alert(3)) '
                 '<a href="data:text/html,x">d</a> | cel | \x1b')
PATHOLOGICAL_OPENING = ("Den Haag, 12 maart 2024\n\nHierbij informeer ik uw Kamer over de stand van zaken "
                        "van het programma voor de bescherming van de infrastructuur.\n\n")


def _letter_with(subject: str) -> str:
    """GOOD_LETTER with a `Betreft` line: the subject line of an official letter, read as its title."""
    head, rest = GOOD_LETTER.split("\n\nHierbij", 1)
    return f"{head}\n\nBetreft: {subject}\n\nHierbij{rest}"


def _html_letter(title: str, extra_head: str = "", body_prefix: str = "") -> bytes:
    paragraphs = "".join(f"<p>{p.replace(chr(10), ' ')}</p>" for p in GOOD_LETTER.split("\n\n")[3:])
    return (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>{extra_head}'
            f"</head><body>{body_prefix}<h1>{title}</h1><p>Den Haag, 12 maart 2024</p>{paragraphs}</body></html>"
            ).encode("utf-8")


def _xml_letter(prolog: str = "", inner: str = "") -> bytes:
    paragraphs = "".join(f"<al>{p.replace(chr(10), ' ')}</al>" for p in GOOD_LETTER.split("\n\n")[3:])
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<officiele-publicatie><brief><titel>Kritieke '
            f"infrastructuur{inner}</titel>{paragraphs}</brief></officiele-publicatie>").encode("utf-8")


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                          for i in range(1, 10)]
    return "<!DOCTYPE lolz [" + "".join(entities) + "]>"


def _text_pdf(pages: list[str], title: str | None = None) -> bytes:
    """A PDF with a real text layer (fpdf2, a test dependency), optionally a hostile /Title."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    if title is not None:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
    return bytes(pdf.output())


def _pages_pdf(count: int) -> bytes:
    """`count` pages sharing one small content stream (a few hundred KB for 2,000 pages)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
               b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (Pagina tekst.) Tj ET\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * count
    return _pdf_from_objects(objects)


def _corrupt_xref(pdf: bytes) -> bytes:
    """The cross-reference table's offsets overwritten with nonsense (readers must rebuild or refuse)."""
    start = pdf.rfind(b"xref")
    table = pdf[start:].replace(b" 00000 n", b" 99999 n").replace(b"0000000", b"9999999")
    return pdf[:start] + table


def hostile_corpus(folder: Path, outside: Path) -> dict[str, str]:
    """Write the hostile corpus into `folder` (a symlink target goes to `outside`): every class of
    issue #12 and #6. Returns each entry's name (as os.listdir gives it) → WRITTEN (a letter that
    must become a note, however odd its name or markup), FAILED (must be named in errors.json with
    its stage and a fix) or EITHER (a damaged file a reader may recover or refuse)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | str, outcome: str) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = outcome

    # the committed small corpus
    for name, data in small_corpus().items():
        if not name.startswith("configs/"):
            outcome = WRITTEN if name in {"utf16-bom.txt", "invalid-utf8.txt",
                                          "scripts-and-tables.html"} else FAILED
            put(name, data, outcome)
    # encodings
    put("cp1252.txt", GOOD_LETTER.replace("Hierbij", "Hierbij – “zoals toegezegd” –").encode("cp1252"), WRITTEN)
    put("latin1.txt", GOOD_LETTER.encode("latin-1"), WRITTEN)
    put("utf8-bom.txt", GOOD_LETTER.encode("utf-8-sig"), WRITTEN)
    put("mixed-encoding.txt", GOOD_LETTER[:600].encode("utf-8") + GOOD_LETTER[600:].encode("cp1252"), EITHER)
    put("overlong-utf8.txt", GOOD_LETTER.encode().replace(b"<", b"").replace(b"Kamer", b"Kamer\xc0\xbc", 2), EITHER)
    put("lone-surrogate.txt", GOOD_LETTER.encode().replace(b"Samenwerking", b"Samen\xed\xa0\x80werking"), EITHER)
    put("utf32.txt", GOOD_LETTER.encode("utf-32"), EITHER)
    put("nul-bytes.txt", GOOD_LETTER.encode().replace(b" ", b" \x00", 20), EITHER)
    put("control-chars.txt", GOOD_LETTER.replace("Samenwerking", "Samen\x1b[2Jwerking\x07"), WRITTEN)
    # names (good letters under awkward names)
    for name in [*ODD_NAMES, "brief\nmet\nregels.txt", "brief\x1b[31m-esc.txt", "brief\x07-bel.txt",
                 "x" * 240 + ".txt", "errors.txt", "con.txt", "<img src=x onerror=alert(1)>.txt",
                 "[x](javascript:alert(1)).txt", "| a | b |.txt", "# kop.txt", "\u202egnp.txt.txt",
                 "brief`code`.txt"]:
        put(name, GOOD_LETTER, WRITTEN)
    put(os.fsdecode(b"brief-\xff.txt"), GOOD_LETTER, FAILED)  # not valid UTF-8: collect names it
    # markup and hostile text in the fields a note shows
    put("betreft-script.txt", _letter_with(HOSTILE_TITLE), WRITTEN)
    put("betreft-markdown.txt", _letter_with("[x](javascript:alert(1)) ![i](data:image/png;base64,AA) # kop"), WRITTEN)
    put("body-markdown.txt", GOOD_LETTER.replace("Samenwerking", "# Samenwerking <script>x</script>")
        .replace("Vervolg", "> Vervolg | a | b |"), WRITTEN)
    put("title-script.html", _html_letter(HOSTILE_TITLE.replace("<", "&lt;") + " <script>alert(4)</script>"), WRITTEN)
    put("meta-script.html", _html_letter("Kritieke infrastructuur", (
        '<meta name="DC.title" content="<script>alert(1)</script>">'
        '<meta name="DCTERMS.subject" content="<img src=x onerror=alert(1)>">'
        '<meta name="OVERHEIDop.indiener" content="[x](javascript:alert(1))">'
        '<meta name="DCTERMS.issued" content="<svg onload=alert(1)>">')), WRITTEN)
    put("links.html", _html_letter("Kritieke infrastructuur", body_prefix=(
        '<p><a href="javascript:alert(1)">klik</a> <a href="data:text/html,x">data</a> '
        '<img src=x onerror=alert(1)><iframe src="https://example.org"></iframe></p>')), WRITTEN)
    put("entities.html", _html_letter("&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;"), WRITTEN)
    put("nested-deep.html", _html_letter("Diep", body_prefix="<div>" * 5000 + "tekst" + "</div>" * 5000), EITHER)
    put("svg-onload.htm", _html_letter("Kritieke infrastructuur", body_prefix="<svg onload=alert(1)><script>x</script></svg>"),
        WRITTEN)
    put("xxe.xml", _xml_letter('<!DOCTYPE brief [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', " &xxe;"), EITHER)
    put("xxe-remote.xml", _xml_letter('<!DOCTYPE brief SYSTEM "http://127.0.0.1:9/evil.dtd">\n'), EITHER)
    put("billion-laughs.xml", _xml_letter(_billion_laughs() + "\n", " &lol9;"), EITHER)
    put("xinclude.xml", _xml_letter("", '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                        'href="file:///etc/passwd" parse="text"/>'), EITHER)
    put("not-xml.xml", b"<brief><titel>open", FAILED)
    put("script-title.xml", _xml_letter("", " <script>alert(1)</script>".replace("<", "&lt;")), WRITTEN)
    # PDFs
    put("bomb.pdf", bomb_pdf(64), FAILED)
    put("zero-pages.pdf", _pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        FAILED)
    put("2000-pages.pdf", _pages_pdf(2000), FAILED)
    put("corrupt-xref.pdf", _corrupt_xref(_text_pdf([GOOD_LETTER])), EITHER)
    put("title-script.pdf", _text_pdf([GOOD_LETTER], title=HOSTILE_TITLE), WRITTEN)
    put("javascript-action.pdf", _page_pdf(b"BT /F1 12 Tf 72 720 Td (Tekst) Tj ET").replace(
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
        EITHER)  # the action is never run: its one word of text is read or refused as too little
    put("good-letter.pdf", _text_pdf([GOOD_LETTER]), WRITTEN)
    # sizes
    one_line_letter(folder / "one-line.txt")  # 200,000 characters: read, or stopped at the time limit
    expected["one-line.txt"] = EITHER
    put("over-max-chars.txt", (GOOD_LETTER * (2_000_001 // len(GOOD_LETTER) + 1)).encode(), FAILED)
    oversized_file(folder / "oversized.txt")
    expected["oversized.txt"] = FAILED
    put("only-newlines.txt", b"\n" * 100_000, FAILED)
    # pathological text (issue #12, finding 2): stopped by the time limit or read, never a hang
    put("numbered-words.txt", PATHOLOGICAL_OPENING + " ".join(f"woord{i}." for i in range(1, 20_001)), EITHER)
    put("dots.txt", PATHOLOGICAL_OPENING + "." * 200_000, EITHER)
    put("hyphen-chain.txt", PATHOLOGICAL_OPENING + "\n".join(f"beleids{i}-" for i in range(20_000)) + "\nstuk.", EITHER)
    put("footnote-lines.txt", PATHOLOGICAL_OPENING + " ".join(f"Zie brief{i}." for i in range(1, 5001)) + "\n\n"
        + "\n".join(f"{i} Kamerstuk 36 410, nr. {i}" for i in range(1, 5001)), EITHER)
    put("long-line.txt", PATHOLOGICAL_OPENING + "De minister heeft het plan goedgekeurd. " * 5_000, EITHER)
    # links
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "broken.txt").symlink_to("does-not-exist.txt")
    (folder / "device.txt").symlink_to("/dev/zero")
    expected.update({n: FAILED for n in ["loop-a.txt", "loop-b.txt", "self.txt", "broken.txt", "device.txt"]})
    expected[escaping_symlink(folder, outside).name] = FAILED
    (folder / "inside-link.txt").symlink_to("cp1252.txt")  # a link within the folder: a letter like any
    expected["inside-link.txt"] = WRITTEN
    # special files
    os.mkfifo(folder / "fifo.txt")
    (folder / "folder.txt").mkdir()
    expected.update({"fifo.txt": FAILED, "folder.txt": FAILED})
    put(".hidden.txt", GOOD_LETTER, FAILED)
    put("letter.docx", b"PK\x03\x04", FAILED)
    put("README", b"geen brief", FAILED)
    put("letter.TXT.exe", b"MZ", FAILED)
    return expected


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
