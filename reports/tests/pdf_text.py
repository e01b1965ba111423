"""Reading back the PDFs the tests render: text, page sizes, fonts, text in the top margin."""

import io

import pypdf


def reader(content: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(bytes(content)))


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in reader(content).pages]


def _fonts_in(resources, seen: set) -> set[str]:
    names = set()
    if resources is None:
        return names
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        names.add(str(font.get("/BaseFont")))
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", None)
        if ref in seen:
            continue
        seen.add(ref)
        names |= _fonts_in(xobject.get_object().get("/Resources"), seen)
    for pattern in (resources.get("/Pattern") or {}).values():
        names |= _fonts_in(pattern.get_object().get("/Resources"), seen)
    return names


def font_names(content: bytes) -> set[str]:
    """Base font names without the subset prefix, e.g. {"Liberation-Serif-Bold", …}."""
    seen: set = set()
    names = set()
    for page in reader(content).pages:
        names |= _fonts_in(page.get("/Resources"), seen)
    return {name.split("+", 1)[-1] for name in names}


def top_margin_text(page, margin_pt: float = 56) -> str:
    """The text drawn in the page's top margin (page numbers live there)."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[5] * cm[3] + cm[5] if cm else tm[5]
        if text.strip() and y > height - margin_pt:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def has_attachments(content: bytes) -> bool:
    pdf = reader(content)
    names = pdf.trailer["/Root"].get("/Names")
    if names and "/EmbeddedFiles" in names.get_object():
        return True
    return any(
        annotation.get_object().get("/Subtype") == "/FileAttachment"
        for page in pdf.pages for annotation in (page.get("/Annots") or [])
    )
