"""Making the film: scenes rendered into takes, looks applied as new takes, takes compared,
the active takes exported into one film, and the thumbnails the storyboard shows."""

from studio.production.exports import Exporter, ExportView
from studio.production.looks import Looks
from studio.production.rendering import Renderer
from studio.production.thumbnails import data_uri, scene_thumbnail

__all__ = ["ExportView", "Exporter", "Looks", "Renderer", "data_uri", "scene_thumbnail"]
