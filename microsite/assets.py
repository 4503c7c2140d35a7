"""Collect the files under assets/ and give each a content-hashed name, so browsers can cache them for good."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .model import SiteConfig

THEMED = ("site.css", "embed.css")  # the stylesheets that receive the campaign's accent colour


@dataclass(frozen=True)
class AssetFile:
    name: str  # path under assets/, e.g. "site.css" or "img/card.png"
    hashed_name: str  # e.g. "site.3f2a9c1b.css"
    data: bytes


def hashed(name: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{digest}.{extension}" if dot and stem else f"{name}.{digest}"


def theme_rule(config: SiteConfig) -> bytes:
    # The accent is a site.yml setting; appending it keeps inline styles out, so the CSP can forbid them.
    return f"\n:root{{--accent:{config.accent}}}\n".encode()


def collect_assets(folder: Path, config: SiteConfig) -> list[AssetFile]:
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        if name in THEMED:
            data += theme_rule(config)
        files.append(AssetFile(name, hashed(name, data), data))
    return files
