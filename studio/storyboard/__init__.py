"""What a film is made of, scene by scene, and who writes it: the schema every path into the database
obeys, the content filter, and the writers (the built-in planner, local LLMs)."""

from studio.storyboard.safety import SafetyFilter
from studio.storyboard.schema import (
    CAMERAS,
    COLUMNS,
    MAX_SCENE_SECONDS,
    MAX_TEXT,
    MAX_TITLE,
    MIN_SCENE_SECONDS,
    Scene,
    Storyboard,
    clean_text,
)
from studio.storyboard.writer_types import NEEDS_LLM, Draft, Writer, WriterUnavailable, Written
from studio.storyboard.writers import (
    FallbackWriter,
    PlannerWriter,
    build_writer,
    check_idea,
    check_rewrite,
    rewrite_scene,
    write_storyboard,
)

__all__ = [
    "CAMERAS",
    "COLUMNS",
    "MAX_SCENE_SECONDS",
    "MAX_TEXT",
    "MAX_TITLE",
    "MIN_SCENE_SECONDS",
    "NEEDS_LLM",
    "Draft",
    "FallbackWriter",
    "PlannerWriter",
    "SafetyFilter",
    "Scene",
    "Storyboard",
    "Writer",
    "WriterUnavailable",
    "Written",
    "build_writer",
    "check_idea",
    "check_rewrite",
    "clean_text",
    "rewrite_scene",
    "write_storyboard",
]
