"""Files on disk: where a project's files live, and writing a file so it appears only when complete.

Everything the studio writes goes through `atomic_output`: a `*.partial*` file beside the
target, renamed into place when the writing succeeded and removed when it did not. Nothing
else writes `*.partial*` names, so the lane's start-up sweep may remove any it finds.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PARTIAL_MARK = ".partial"


def partial_name(path: Path, *, hidden: bool = False) -> Path:
    """A unique scratch name beside `path` with the same suffix: `<stem>.<random>.partial<suffix>`."""
    path = Path(path)
    dot = "." if hidden else ""
    return path.with_name(f"{dot}{path.stem}.{secrets.token_hex(4)}{PARTIAL_MARK}{path.suffix}")


@contextmanager
def atomic_output(path: Path, *, hidden: bool = False) -> Iterator[Path]:
    """Yield a scratch path to write; on success it becomes `path` (one `os.replace`), on any error it is removed.

    The folder is created when missing. Two writers of the same target never share a scratch
    file; the last to finish wins.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(path, hidden=hidden)
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


@dataclass(frozen=True)
class ProjectFolder:
    """The folders of one project: projects/<owner id>/<project id>/..."""

    root: Path

    @property
    def takes(self) -> Path:
        """Every take's clip (renders and looks)."""
        return self.root / "takes"

    @property
    def keyframes(self) -> Path:
        """Uploaded keyframes and the stills scenes continue from."""
        return self.root / "keyframes"

    @property
    def music(self) -> Path:
        return self.root / "music"

    @property
    def exports(self) -> Path:
        """Films, their subtitles and reproducibility bundles."""
        return self.root / "exports"

    @property
    def narration(self) -> Path:
        """Spoken narration, cached per scene text."""
        return self.root / "narration"

    @property
    def compare(self) -> Path:
        """Two takes side by side, the newest few kept."""
        return self.root / "compare"

    @property
    def thumbs(self) -> Path:
        """The storyboard's thumbnails, one per scene."""
        return self.root / "thumbs"


def user_folder(projects_dir: Path, owner_id: int) -> Path:
    """Everything one user's projects keep on disk."""
    return Path(projects_dir) / str(int(owner_id))


def project_folder(projects_dir: Path, owner_id: int, project_id: int) -> ProjectFolder:
    return ProjectFolder(user_folder(projects_dir, owner_id) / str(int(project_id)))
