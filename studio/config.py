"""All settings in one place, read from `STUDIO_*` environment variables or `.env`."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STUDIO_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("outputs"), description="Where the database, projects, takes and exports live.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default sqlite:///<data_dir>/studio.db.")
    host: str = Field("127.0.0.1", description="Address the web server binds to.")
    port: int = Field(7860, ge=1, le=65535, description="Port the web server listens on.")
    admin_password: SecretStr | None = Field(
        None, description="Password of the `admin` account created on first start (random if unset)."
    )
    models_dir: Path = Field(Path("models"), description="Folder holding local model weights.")
    font_path: Path | None = Field(None, description="A TrueType/OpenType font with CJK glyphs for cards.")
    ffmpeg_path: str | None = Field(None, description="ffmpeg binary; default: the one bundled by imageio-ffmpeg.")

    default_width: int = Field(1024, ge=64, le=3840, multiple_of=2, description="Frame width of new projects (even).")
    default_height: int = Field(576, ge=64, le=2160, multiple_of=2, description="Frame height of new projects (even).")
    default_fps: int = Field(24, ge=1, le=60, description="Frames per second of new projects.")

    max_idea_chars: int = Field(2000, ge=10, description="Longest idea accepted.")
    max_scenes: int = Field(20, ge=1, le=100, description="Most scenes a storyboard may have.")
    max_upload_mb: int = Field(20, ge=1, description="Largest keyframe upload, in MB.")

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'studio.db'}"

    @property
    def projects_dir(self) -> Path:
        return self.data_dir / "projects"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"
