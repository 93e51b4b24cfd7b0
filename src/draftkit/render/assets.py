"""What a rendered letter may refer to: files in its letterhead folder and the signature
image (links: `document.safe_href`). Every back end asks here, so the rules are the same in
all formats.
"""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from ..document import Document
from ..errors import InputError, Problem

#: Image types a signature may have: both WeasyPrint and Word take them.
SIGNATURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def letterhead_file(document: Document, name: str) -> Path | None:
    """`name` inside the document's letterhead folder, if it is there and really inside it."""
    folder = document.letterhead.folder.resolve()
    path = (folder / name).resolve()
    return path if path.is_file() and path.is_relative_to(folder) else None


def is_allowed_file(document: Document, path: Path) -> bool:
    """May a renderer read `path`? Only inside the letterhead folder, or the signature image."""
    path = path.resolve()
    signature = signature_image(document)
    return path.is_relative_to(document.letterhead.folder.resolve()) or path == signature


def signature_image(document: Document) -> Path | None:
    """The minister's signature image, checked to be a PNG or JPEG file that exists."""
    image = document.signature.image
    if image is None:
        return None
    image = image.resolve()
    if image.suffix.lower() not in SIGNATURE_TYPES:
        raise InputError([Problem(image, None, "signature", "a signature must be a PNG or JPEG")])
    if not image.is_file():
        raise InputError([Problem(image, None, "signature", "signature image not found")])
    return image


def data_uri(path: Path) -> str:
    """The file as a `data:` URI, so an HTML page carries it inside itself."""
    mime = SIGNATURE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{mime or 'application/octet-stream'};base64,{encoded}"
