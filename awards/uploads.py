"""What a dossier file must be before it is stored: a named, non-empty PDF, DOCX, XLSX, JPG or PNG
of at most 10 MB whose type, read from the bytes (never the browser's Content-Type or the name
alone), is what its name says. Downloads go as attachments with `nosniff` besides.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# An Office file is a zip; its parts unpacked may not exceed this (guards against zip bombs).
MAX_UNZIPPED_SIZE = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000
MAX_NAME_LENGTH = 150

ALLOWED_EXTENSIONS = {
    ".pdf": ("pdf", "application/pdf"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".png": ("png", "image/png"),
}
KIND_LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "jpeg": "ảnh JPG", "png": "ảnh PNG"}
ALLOWED_LABEL = "PDF, DOCX, XLSX, JPG, PNG"

# A browser that sniffs content would render a file with one of these as a page, script and all.
MARKUP_MARKERS = (b"<html", b"<script", b"<!doctype", b"<svg", b"<body", b"<iframe")


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    extension: str
    kind: str
    content_type: str
    size: int


def check_file_name(name: str) -> str:
    """The name to keep in the database, or a refusal. Paths are refused, not silently cut."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise ValidationError("Tệp không có tên: hãy đặt tên tệp rồi tải lên lại.")
    # Without a separator ".." cannot climb, so "Báo cáo...pdf" stays allowed; "../x" does not.
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValidationError(
            f"Tên tệp “{name}” không hợp lệ: tên tệp không được chứa đường dẫn "
            "(“../”, “/”, “\\”) hoặc bắt đầu bằng dấu chấm."
        )
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationError(f"Tên tệp “{name}” chứa ký tự điều khiển: hãy đổi tên tệp.")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(f"Tên tệp dài quá {MAX_NAME_LENGTH} ký tự: hãy đặt tên ngắn hơn.")
    return name


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_SIZE + 1)
    upload.seek(0)
    return data


def _sniff(data: bytes) -> str | None:
    """The kind the bytes are, checked deeply enough that a mere signature is not enough."""
    if data.startswith(b"%PDF-"):
        # A truncated or forged file has the header but not the end-of-file marker.
        return "pdf" if b"%%EOF" in data[-2048:] else None
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                fmt = image.format
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            return None
        return {"PNG": "png", "JPEG": "jpeg"}.get(fmt)
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                return None
            if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_SIZE:
                raise ValidationError(
                    "Tệp nén bên trong quá lớn khi giải nén: không nhận tệp này."
                )
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def check_upload(upload, *, name: str | None = None) -> CheckedUpload:
    name = check_file_name(name if name is not None else getattr(upload, "name", ""))
    extension = _extension(name)
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            f"Tệp “{name}”: chỉ nhận tệp {ALLOWED_LABEL}"
            f"{f', không nhận tệp {extension}' if extension else ''}."
        )
    expected_kind, content_type = ALLOWED_EXTENSIONS[extension]
    declared = getattr(upload, "size", None)
    if declared is not None and declared > MAX_UPLOAD_SIZE:
        raise ValidationError(_too_big(name, declared))
    data = _read_all(upload)
    if len(data) > MAX_UPLOAD_SIZE:
        raise ValidationError(_too_big(name, len(data)))
    if not data:
        raise ValidationError(f"Tệp “{name}” rỗng (0 byte): hãy chọn đúng tệp hồ sơ.")
    head = data[:1024].lower()
    if any(marker in head for marker in MARKUP_MARKERS):
        raise ValidationError(
            f"Tệp “{name}” có chứa mã trang web (HTML, script): không nhận vì lý do an toàn."
        )
    kind = _sniff(data)
    if kind != expected_kind:
        actual = f"là {KIND_LABELS[kind]}" if kind else "không phải tệp PDF, DOCX, XLSX, JPG hay PNG hợp lệ"
        raise ValidationError(
            f"Tệp “{name}” có đuôi {extension} nhưng nội dung {actual}: "
            "tên tệp phải đúng với nội dung."
        )
    return CheckedUpload(name=name, extension=extension, kind=kind, content_type=content_type, size=len(data))


def _too_big(name: str, size: int) -> str:
    megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return f"Tệp “{name}” quá lớn ({megabytes} MB): mỗi tệp tối đa 10 MB."
