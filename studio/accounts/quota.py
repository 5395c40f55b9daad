"""Daily render quotas: how many render jobs a user queued since midnight UTC."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlmodel import Session, col, func, select

from studio.records import JobRow


def start_of_day(moment: datetime) -> datetime:
    """Midnight UTC of `moment`'s day: quotas reset then."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def renders_since(
    session: Session, since: datetime, kinds: Collection[str], owner_id: int | None = None
) -> dict[int, int]:
    """Jobs of `kinds` created since `since`, counted per owner."""
    query = select(JobRow.owner_id, func.count()).where(col(JobRow.kind).in_(list(kinds)), JobRow.created_at >= since)
    if owner_id is not None:
        query = query.where(JobRow.owner_id == owner_id)
    return dict(session.exec(query.group_by(JobRow.owner_id)).all())
