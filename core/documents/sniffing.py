"""What an uploaded file really is, from its first bytes, never from the name
or the type the client claims. Only a few harmless types are accepted (photos
and PDFs); anything else — HTML, SVG, scripts, executables, archives — is
refused with a message a person can act on."""

from __future__ import annotations

import io
import unicodedata
import warnings

from core.errors import N_, ValidationError

JPEG, PNG, GIF, WEBP, PDF = "image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"
IMAGES = frozenset({JPEG, PNG, GIF, WEBP})
# Shown inline in the browser; everything else is downloaded as an attachment.
INLINE = IMAGES
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", GIF: ".gif", WEBP: ".webp", PDF: ".pdf"}
_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", GIF: "GIF", WEBP: "WEBP"}

_PAPER = IMAGES | {PDF}
ALLOWED_BY_KIND: dict[str, frozenset[str]] = {
    "receipt": _PAPER,
    "photo": IMAGES,
    "registration_form": _PAPER,
    "tenure": _PAPER,
    "minutes": _PAPER,
    "statement": _PAPER,
    "birth_certificate": _PAPER,
    "death_certificate": _PAPER,
    "medical_certificate": _PAPER,
    "id_card": _PAPER,
    "house_registration": _PAPER,
    "other": _PAPER,
}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class UnsupportedFile(ValidationError):
    code = "unsupported_file"
    message = N_("This kind of file cannot be uploaded. Please upload a photo (JPEG, PNG, GIF or WebP) or a PDF.")


class NotAPhoto(ValidationError):
    code = "not_a_photo"
    message = N_("Please upload a photo (JPEG, PNG, GIF or WebP).")


class EmptyFile(ValidationError):
    code = "empty_file"
    message = N_("The file is empty.")


class FileTooLarge(ValidationError):
    code = "file_too_large"
    status = 413
    message = N_("The file is too large: at most %(limit)s MB.")


class DamagedImage(ValidationError):
    code = "damaged_image"
    message = N_("The image could not be read. It may be damaged; please take or scan it again.")


def sniff(data: bytes) -> str | None:
    """The content type the bytes announce, or ``None`` when not one we accept."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def check(data: bytes, kind: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The sniffed content type of an acceptable upload for ``kind``; raises a
    :class:`ValidationError` (field ``file``) otherwise."""
    if not data:
        raise EmptyFile(field="file")
    if len(data) > max_bytes:
        raise FileTooLarge(field="file", limit=megabytes(max_bytes))
    content_type = sniff(data)
    allowed = ALLOWED_BY_KIND.get(kind, frozenset())
    if content_type not in allowed:
        if allowed == IMAGES:
            raise NotAPhoto(field="file")
        raise UnsupportedFile(field="file")
    if content_type in IMAGES:
        _verify_image(data, content_type)
    return content_type


def _verify_image(data: bytes, content_type: str) -> None:
    """The image decodes, as the format its magic bytes claim."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.format != _PILLOW_FORMATS[content_type]:
                    raise DamagedImage(field="file")
                img.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()
    except DamagedImage:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DamagedImage(field="file") from exc


def megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.2f}"


_FORBIDDEN_IN_NAMES = set('<>:"/\\|?*')


def clean_filename(name: str | None, limit: int = 200) -> str:
    """The client's filename, fit to show and to offer on download: no path,
    no control or format characters, no leading dots, at most ``limit``
    characters. It is never used on disk."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name
        if ch not in _FORBIDDEN_IN_NAMES and not unicodedata.category(ch).startswith(("C", "Z")) or ch == " "
    )
    name = " ".join(name.split()).lstrip(".").strip()
    if len(name) > limit:
        stem, dot, ext = name.rpartition(".")
        keep = ext if dot and 0 < len(ext) <= 10 else ""
        name = (name[: limit - len(keep) - 1] + "." + keep) if keep else name[:limit]
    return name or "document"


def download_name(filename: str, content_type: str) -> str:
    """``filename`` with the extension of what the file really is."""
    ext = EXTENSIONS.get(content_type, "")
    stem, dot, old = filename.rpartition(".")
    base = stem if dot and stem and len(old) <= 10 else filename
    return (base or "document") + ext
