"""Reading projects in a session, with the owner checks every service relies on."""

from __future__ import annotations

from sqlmodel import Session, func, select

from studio.errors import NotFound
from studio.projects.views import ProjectSummary
from studio.records import ExportRow, ProjectRow, ProjectShareRow, SceneRow, TakeRow


def owned_project(session: Session, owner_id: int, project_id: int) -> ProjectRow:
    project = session.get(ProjectRow, project_id)
    if project is None or project.owner_id != owner_id:
        raise NotFound("That project does not exist or is not yours.")
    return project


def owned_scene(session: Session, owner_id: int, scene_id: int) -> tuple[SceneRow, ProjectRow]:
    scene = session.get(SceneRow, scene_id)
    if scene is None:
        raise NotFound("That scene does not exist or is not yours.")
    project = owned_project(session, owner_id, scene.project_id)
    return scene, project


def readable_project(session: Session, user_id: int, project_id: int) -> ProjectRow:
    """The project if this user owns it or it is shared with them (read-only); NotFound otherwise."""
    project = session.get(ProjectRow, project_id)
    if project is not None and project.owner_id != user_id:
        shared = session.exec(
            select(ProjectShareRow.id).where(
                ProjectShareRow.project_id == project_id, ProjectShareRow.user_id == user_id
            )
        ).first()
        if shared is None:
            project = None
    if project is None:
        raise NotFound("That project does not exist or is not shared with you.")
    return project


def ordered_scenes(session: Session, project_id: int) -> list[SceneRow]:
    query = select(SceneRow).where(SceneRow.project_id == project_id).order_by(SceneRow.position)
    return list(session.exec(query).all())


def previous_active_take(session: Session, scene: SceneRow) -> tuple[SceneRow | None, TakeRow | None]:
    """The scene before this one and its active take (for continuity and colour matching)."""
    previous = session.exec(
        select(SceneRow).where(SceneRow.project_id == scene.project_id, SceneRow.position == scene.position - 1)
    ).first()
    take = session.get(TakeRow, previous.active_take_id) if previous and previous.active_take_id else None
    return previous, take


def summary_of(session: Session, project: ProjectRow) -> ProjectSummary:
    scenes = ordered_scenes(session, project.id)
    exports = session.exec(select(func.count()).where(ExportRow.project_id == project.id)).one()
    return ProjectSummary.of(
        project,
        scene_count=len(scenes),
        rendered_count=sum(1 for s in scenes if s.active_take_id is not None),
        total_duration=round(sum(s.duration for s in scenes), 3),
        export_count=exports,
    )
