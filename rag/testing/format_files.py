"""Real files of every format we read, each holding one fact in a known place, made with the
real libraries: the end-to-end format tests ask for each fact and check the citation names the
right file and location; bench/indexing/formats.py times loading and indexing them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Fact:
    file: str  # the document id the citation must name (a path relative to the folder)
    sentence: str  # the fact, verbatim in the document's text
    location: str  # what the citation's location must read ('' when the format has none)
    question: str
    answer: str  # a word the cited span must hold
    needs_ocr: bool = False


FACTS = (
    Fact("budget.docx", "The Osprey project budget is 4.2 million euros.", "table 1 row 2",
         "What is the Osprey project budget?", "4.2 million"),
    Fact("launch.pptx", "The Kestrel launch is scheduled for 14 March.", "slide 2 notes",
         "When is the Kestrel launch scheduled?", "14 March"),
    Fact("staff.xlsx", "The harbour master is Harriet Vane.", "Staff row 3",
         "Who is the harbour master?", "Harriet Vane"),
    Fact("ferries.csv", "The ferry to Lindholm leaves from pier 7.", "row 3",
         "Which pier does the ferry to Lindholm leave from?", "pier 7"),
    Fact("tales.epub", "The lighthouse keeper's cat is called Barnacle.", "chapter 2: The Lighthouse",
         "What is the lighthouse keeper's cat called?", "Barnacle"),
    Fact("memo.eml", "The quarterly review meeting moved to room 214.", "body",
         "Which room did the quarterly review meeting move to?", "214"),
    Fact("memo.eml/bridge.docx", "The Heron bridge is 312 metres long.", 'section "Bridge"',
         "How long is the Heron bridge?", "312 metres"),
    Fact("scan.pdf", "The tide gauge was installed in 1998.", "page 2",
         "When was the tide gauge installed?", "1998", needs_ocr=True),
    Fact("notice.png", "The museum opens at nine on Sundays.", "",
         "When does the museum open on Sundays?", "nine", needs_ocr=True),
)


def _fact(name: str) -> str:
    return next(f.sentence for f in FACTS if f.file == name)


def docx_bytes(heading: str, paragraph: str, rows: list[tuple[str, str]], path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    document.add_paragraph(paragraph)
    if rows:
        table = document.add_table(rows=len(rows), cols=2)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                table.cell(r, c).text = value
    document.save(str(path))
    return path


def write_docx(path: Path, n: int = 0) -> Path:
    return docx_bytes("Projects", f"Budgets for the coming year, revision {n}.",
                      [("Project", "Budget"), ("Osprey", _fact("budget.docx"))], path)


def write_pptx(path: Path, n: int = 0) -> Path:
    from pptx import Presentation

    deck = Presentation()
    for title, body, notes in [("Roadmap", f"Plans for the coming season, revision {n}.", ""),
                               ("Kestrel", "Launch preparations are on track.", _fact("launch.pptx"))]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    deck.save(str(path))
    return path


def write_xlsx(path: Path, n: int = 0) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Staff"
    for row in [("Name", "Duty"), (f"Ole Berg {n}", "The ferry clerk sells tickets."),
                ("Harriet Vane", _fact("staff.xlsx"))]:
        sheet.append(row)
    book.save(str(path))
    return path


def write_csv(path: Path, n: int = 0) -> Path:
    path.write_text(f'route,note\nNorthby,"Ferries to Northby run hourly, revision {n}."\n'
                    f'Lindholm,{_fact("ferries.csv")}\n', encoding="utf-8")
    return path


def write_epub(path: Path, n: int = 0) -> Path:
    from rag.ingest.loaders.epub import write_epub as epub

    return epub(path, "Coastal tales", [("The Harbour", f"<p>Boats came and went, tale {n}.</p>"),
                                        ("The Lighthouse", f"<p>{_fact('tales.epub')}</p>")])


def write_eml(path: Path, n: int = 0) -> Path:
    from rag.ingest.loaders.mail import mail_bytes

    with_attachment = docx_bytes("Bridge", _fact("memo.eml/bridge.docx"), [], path.with_suffix(".tmp.docx"))
    data = with_attachment.read_bytes()
    with_attachment.unlink()
    path.write_bytes(mail_bytes(f"Review meeting {n}", "office@example.org", _fact("memo.eml"),
                                [("bridge.docx", data)]))
    return path


def write_scan_pdf(path: Path, n: int = 0) -> Path:
    """An image-only PDF of two pages (no text layer: what a scanner makes)."""
    from rag.ingest.loaders.ocr import text_image

    first = text_image([f"Harbour report {n}"]).convert("RGB")
    second = text_image([_fact("scan.pdf")]).convert("RGB")
    first.save(path, save_all=True, append_images=[second], resolution=150)
    return path


def write_png(path: Path, n: int = 0) -> Path:
    from rag.ingest.loaders.ocr import text_image

    text_image([_fact("notice.png")]).save(path)
    return path


WRITERS = {".docx": write_docx, ".pptx": write_pptx, ".xlsx": write_xlsx, ".csv": write_csv,
           ".epub": write_epub, ".eml": write_eml, ".pdf": write_scan_pdf, ".png": write_png}


def write_folder(folder: Path, ocr: bool = True) -> Path:
    """One file of each format, each holding its fact (FACTS); without ``ocr`` the scans are left out."""
    folder.mkdir(parents=True, exist_ok=True)
    for fact in FACTS:
        if "/" in fact.file or (fact.needs_ocr and not ocr):
            continue
        WRITERS[Path(fact.file).suffix](folder / fact.file)
    return folder
