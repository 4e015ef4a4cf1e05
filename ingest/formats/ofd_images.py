"""The pictures on an OFD page, for pages that are scans: each ImageObject's MultiMedia file and where it sits.

ofdkit reads text only, so this follows the references itself: OFD.xml → Document.xml → its PublicRes and
DocumentRes files (and a page's own PageRes) → MultiMedia ID → MediaFile under the Res file's BaseLoc.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ofdkit.package import Package


@dataclass
class Picture:
    """An image file's bytes and its box (x, y, width, height, in mm) on the page."""

    data: bytes
    box: tuple[float, float, float, float]


class PagePictures:
    """Finds the pictures of any page of one OFD package; resources are read once."""

    def __init__(self, raw: bytes) -> None:
        self._package = Package(raw)
        self._media = self._document_media()

    def on_page(self, location: str) -> list[Picture]:
        """The page's pictures in reading order (top to bottom, then left to right)."""
        root = self._package.read_xml(location)
        media = dict(self._media)
        for reference in _children(root, "PageRes"):
            media.update(self._res_media(self._package.resolve(location, reference.text)))
        pictures = []
        for element in root.iter():
            if _local(element.tag) == "ImageObject":
                entry = media.get((element.get("ResourceID") or "").strip())
                if entry is not None:
                    pictures.append(Picture(self._package.read(entry), _box(element.get("Boundary"))))
        return sorted(pictures, key=lambda picture: (picture.box[1], picture.box[0]))

    def close(self) -> None:
        self._package.close()

    def _document_media(self) -> dict[str, str]:
        media: dict[str, str] = {}
        entry = self._package.find("OFD.xml")
        for body in _children(self._package.read_xml(entry), "DocBody"):
            document = self._package.resolve(entry, _child_text(body, "DocRoot"))
            if document is None:
                continue
            for common in _children(self._package.read_xml(document), "CommonData"):
                for element in common:
                    if _local(element.tag) in ("PublicRes", "DocumentRes"):
                        media.update(self._res_media(self._package.resolve(document, element.text)))
        return media

    def _res_media(self, res: str | None) -> dict[str, str]:
        """MultiMedia ID → package entry of its file, for one resource file."""
        if res is None:
            return {}
        root = self._package.read_xml(res)
        base = (root.get("BaseLoc") or "").strip()
        found = {}
        for holder in _children(root, "MultiMedias"):
            for media in _children(holder, "MultiMedia"):
                file = _child_text(media, "MediaFile")
                entry = self._package.resolve(res, posixpath.join(base, file)) if file else None
                entry = entry or self._package.resolve(res, file)
                if entry is not None:
                    found[(media.get("ID") or "").strip()] = entry
        return found


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child_text(element: ET.Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def _box(value: str | None) -> tuple[float, float, float, float]:
    try:
        x, y, width, height = (float(part) for part in (value or "").replace(",", " ").split()[:4])
    except ValueError:
        return (0.0, 0.0, 0.0, 0.0)
    return (x, y, width, height)
