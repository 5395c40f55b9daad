"""Making the film: scenes rendered into takes, looks applied as new takes, takes compared, uploads kept,
the film's finishing chosen, the active takes exported into one film (and replayed from its bundle), and the
thumbnails the storyboard shows. `python -m studio.production replay --user NAME film.zip` replays a bundle."""

from studio.production.comparing import Comparisons, TakeLabel
from studio.production.exports import Exporter, ExportView
from studio.production.finishing import Finishing, Fitted
from studio.production.looks import Looks
from studio.production.rendering import Renderer
from studio.production.replay import Replays
from studio.production.thumbnails import Thumbnails, data_uri, scene_thumbnail
from studio.production.uploads import StoredMusic, Uploads

__all__ = [
    "Comparisons",
    "ExportView",
    "Exporter",
    "Finishing",
    "Fitted",
    "Looks",
    "Renderer",
    "Replays",
    "StoredMusic",
    "TakeLabel",
    "Thumbnails",
    "Uploads",
    "data_uri",
    "scene_thumbnail",
]
