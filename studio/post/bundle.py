"""The export bundle: everything a result in a paper needs to be reproduced, in one zip beside the film.

    <film>.mp4, <film>.srt           the film and its subtitles
    manifest.json                    format, when, software versions (studio commit, Python, torch,
                                     diffusers, ...), the models with their revisions, each member's sha256
    storyboard.json                  title, idea, frame, and every scene (text, duration, camera, controls,
                                     continuity, and its uploaded keyframe's member name)
    takes.json                       each scene's chosen take and its recipe (engine, model, seed, ...)
    export_settings.json             how the film was finished (music as its member name)
    keyframes/scene-NN.png           the keyframes the user uploaded
    narration/scene-NN.wav           the spoken narration, per scene
    music/<name>                     the background music

No member holds a path of the server: files are named by their member name, models by their id.
Reading a bundle back (read_bundle, for replaying it) trusts nothing in it: only the members above,
no links, sizes capped before anything is read, JSON parsed from capped bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.errors import InvalidInput
from studio.files import atomic_output
from studio.post import provenance
from studio.records import utcnow

FORMAT = "studio-bundle"
VERSION = 1
MAX_JSON_BYTES = 5_000_000
MAX_MEMBERS = 500
MAX_RATIO = 100
"""A member inflating to more than 100x its compressed size (and past 1 MB) is taken for a zip bomb."""
_MEMBER = re.compile(
    r"(?:manifest|storyboard|takes|export_settings)\.json"
    r"|[\w\-]+\.(?:mp4|srt)"
    r"|keyframes/scene-[0-9]{2,3}\.png"
    r"|narration/scene-[0-9]{2,3}\.wav"
    r"|music/[\w\-]+\.(?:m4a|mp3|wav|ogg|flac|aac)"
)
_FILM = re.compile(r"[\w\-]+\.(?:mp4|srt)")


def bundle_path(film: Path) -> Path:
    return film.with_suffix(".zip")


def keyframe_member(scene: int) -> str:
    return f"keyframes/scene-{scene:02d}.png"


def narration_member(scene: int) -> str:
    return f"narration/scene-{scene:02d}.wav"


@dataclass(frozen=True)
class BundleContents:
    """What an export puts in its bundle besides the film and its subtitles."""

    storyboard: dict[str, Any]
    recipes: list[dict[str, Any]]
    finish: dict[str, Any]
    keyframes: dict[int, Path] = field(default_factory=dict)
    """Each scene's uploaded keyframe, by scene number."""
    narration: dict[int, Path] = field(default_factory=dict)
    """Each scene's spoken narration, by scene number."""
    music: Path | None = None


def write_bundle(film: Path, srt: Path | None, contents: BundleContents) -> Path:
    """Write <film>.zip next to the film, atomically."""
    files: dict[str, Path] = {film.name: film}
    if srt is not None and srt.is_file():
        files[srt.name] = srt
    storyboard = json.loads(json.dumps(contents.storyboard, default=str))
    for number, path in sorted(contents.keyframes.items()):
        files[keyframe_member(number)] = path
        storyboard["scenes"][number - 1]["keyframe"] = keyframe_member(number)
    for number, path in sorted(contents.narration.items()):
        files[narration_member(number)] = path
    finish = dict(contents.finish)
    finish["music_path"] = None
    if contents.music is not None:
        finish["music_path"] = files_key = f"music/{contents.music.name}"
        files[files_key] = contents.music
    documents = {
        "storyboard.json": _scrubbed(storyboard),
        "takes.json": _scrubbed(contents.recipes),
        "export_settings.json": _scrubbed(finish),
    }
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": utcnow().isoformat(),
        "film": film.name,
        "software": provenance.software(),
        "models": provenance.models(contents.recipes),
        "members": {name: _sha256(path) for name, path in files.items()},
    }
    out = bundle_path(film)
    with atomic_output(out) as partial, zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, path in files.items():
            archive.write(path, name)
        for name, value in documents.items():
            archive.writestr(name, _json(value))
        archive.writestr("manifest.json", _json(manifest))
    return out


def _scrubbed(value: Any) -> Any:
    """The value with every absolute path of the server replaced by the file or folder's name."""
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    if isinstance(value, str) and (os.path.isabs(value) or value.startswith("~")):
        return Path(value).name
    return value


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


# --- reading a bundle back ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundle:
    """A bundle read back: its documents, and the media a replay needs, extracted into a scratch folder."""

    manifest: dict[str, Any]
    storyboard: dict[str, Any]
    takes: list[dict[str, Any]]
    finish: dict[str, Any]
    keyframes: dict[int, Path]
    music: Path | None


def read_bundle(path: Path, scratch: Path, *, max_media_bytes: int, max_bytes: int = 8 << 30) -> Bundle:
    """Check a bundle and extract what a replay needs into `scratch`; InvalidInput says what is wrong with it."""
    path = Path(path)
    name = path.name or "The bundle"
    if not path.is_file():
        raise InvalidInput(f"{name} does not exist.")
    if path.stat().st_size > max_bytes:
        raise InvalidInput(f"{name} is larger than {max_bytes >> 20} MB, more than a studio bundle can be.")
    try:
        with zipfile.ZipFile(path) as archive:
            members = _checked_members(archive, name, max_media_bytes)
            documents = {key: _document(archive, members, key, name) for key in ("storyboard", "takes", "manifest")}
            finish = _document(archive, members, "export_settings", name)
            keyframes = {}
            for member in members:
                if member.startswith("keyframes/"):
                    keyframes[int(member[len("keyframes/scene-") : -len(".png")])] = _extract(archive, member, scratch)
            music_members = [m for m in members if m.startswith("music/")]
            music = _extract(archive, music_members[0], scratch) if music_members else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise InvalidInput(f"{name} is not a readable zip file ({exc}).") from None
    manifest = documents["manifest"] or {}
    if manifest and (manifest.get("format") != FORMAT or not isinstance(manifest.get("version"), int)):
        raise InvalidInput(f"{name} is not a studio bundle (its manifest.json says something else).")
    if not isinstance(documents["storyboard"], dict) or not isinstance(documents["takes"], list):
        raise InvalidInput(f"{name} has no storyboard.json and takes.json the studio wrote.")
    if not isinstance(finish, dict):
        raise InvalidInput(f"{name}: export_settings.json is not a set of export settings.")
    return Bundle(manifest, documents["storyboard"], documents["takes"], finish, keyframes, music)


def _checked_members(archive: zipfile.ZipFile, name: str, max_media_bytes: int) -> set[str]:
    """The members' names, once every member is known, plain (no link, no folder) and of a sane size."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InvalidInput(f"{name} has {len(infos)} members; a studio bundle has far fewer.")
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        if not _MEMBER.fullmatch(member):
            raise InvalidInput(f"{name} holds {member[:80]!r}, which is not part of a studio bundle: refused.")
        if member in seen:
            raise InvalidInput(f"{name} holds {member!r} twice: refused.")
        seen.add(member)
        if (info.external_attr >> 16) & 0o170000 not in (0, 0o100000):
            raise InvalidInput(f"{name}: {member} is a link or a special file, not a plain file: refused.")
        limit = MAX_JSON_BYTES if member.endswith(".json") else max_media_bytes
        if not _FILM.fullmatch(member) and info.file_size > limit:
            raise InvalidInput(f"{name}: {member} is larger than {limit >> 20} MB: refused.")
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InvalidInput(f"{name}: {member} inflates {info.file_size // max(info.compress_size, 1)}x: refused.")
    if sum(1 for m in seen if m.startswith("music/")) > 1:
        raise InvalidInput(f"{name} holds more than one music file: refused.")
    return seen


def _document(archive: zipfile.ZipFile, members: set[str], key: str, name: str) -> Any:
    member = f"{key}.json"
    if member not in members:
        if key == "manifest":
            return None  # bundles written before the manifest existed
        raise InvalidInput(f"{name} has no {member}: it is not a complete studio bundle.")
    with archive.open(member) as handle:
        data = handle.read(MAX_JSON_BYTES + 1)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{name}: {member} is not valid JSON ({exc}).") from None


def _extract(archive: zipfile.ZipFile, member: str, scratch: Path) -> Path:
    """Copy one member to a file of our own naming in `scratch` (never a path taken from the zip)."""
    target = Path(scratch) / member.replace("/", "-")
    with archive.open(member) as source, open(target, "wb") as out:
        for block in iter(lambda: source.read(1 << 20), b""):
            out.write(block)
    return target
