"""The handbook's seed guidance: Markdown files in fixtures/guidance/, one per procedure.

Each file starts with TOML front matter between ``+++`` lines (``procedure`` = national code, or
``procedure_name`` = exact name; ``change_note``), then one ``## Heading`` per handbook section,
with the headings of ``handbook.models.SECTIONS`` in that order.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from handbook.models import SECTIONS
from procedures.text import canonical, nfc

HEADINGS = {canonical(heading): name for name, heading in SECTIONS}


class GuidanceFileError(ValueError):
    pass


@dataclass
class GuidanceFile:
    path: Path
    code: str
    name: str
    change_note: str
    sections: dict[str, str]


def parse_guidance_file(path: Path) -> GuidanceFile:
    """Parse one guidance file; GuidanceFileError says what is wrong and on which line."""
    text = nfc(path.read_text(encoding="utf-8"))
    lines = text.splitlines()
    if not lines or lines[0].strip() != "+++":
        raise GuidanceFileError(f"{path.name}: line 1: expected '+++' (TOML front matter)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise GuidanceFileError(f"{path.name}: front matter is not closed by '+++'") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise GuidanceFileError(f"{path.name}: front matter: {exc}") from exc
    code, name = meta.get("procedure", ""), meta.get("procedure_name", "")
    if bool(code) == bool(name):
        raise GuidanceFileError(f"{path.name}: give exactly one of 'procedure' or 'procedure_name'")

    sections: dict[str, list[str]] = {}
    current = None
    for number, line in enumerate(lines[end + 1 :], start=end + 2):
        if line.startswith("## "):
            key = HEADINGS.get(canonical(line[3:]))
            if key is None:
                raise GuidanceFileError(f"{path.name}: line {number}: unknown section {line[3:]!r}")
            if key in sections:
                raise GuidanceFileError(f"{path.name}: line {number}: section {line[3:]!r} twice")
            current = key
            sections[key] = []
        elif current is not None:
            sections[current].append(line)
        elif line.strip():
            raise GuidanceFileError(f"{path.name}: line {number}: text before the first section")
    return GuidanceFile(
        path=path,
        code=code,
        name=name,
        change_note=meta.get("change_note", ""),
        sections={k: "\n".join(v).strip() for k, v in sections.items()},
    )
