"""All settings in one place, read from `STUDIO_*` environment variables or `.env`."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from studio.errors import InvalidInput, describe_error

LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
"""The UI's languages (components/labels.py has a table for each), by code."""
LANGUAGE_COOKIE = "studio_lang"
"""Tells the server the page's language, for the messages it composes (components/messages.py)."""


def request_language(request: Any) -> str:
    """ "zh" or "en" for a web request: the page's choice (the studio_lang cookie its head script sets), else
    Accept-Language. Takes anything with `cookies` and `headers` (Starlette's request, Gradio's gr.Request)."""
    cookies = getattr(request, "cookies", None) or {}
    chosen = cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    headers = getattr(request, "headers", None) or {}
    accepted = str(headers.get("accept-language") or "")
    first = accepted.split(",")[0].split(";")[0].strip().lower()
    return "zh" if first.startswith("zh") else "en"


CJK_FAMILY = "Studio CJK"
"""The font family the page's @font-face rules (web/page_head.py) give Chinese, and the UI theme names."""

MIN_PASSWORD_CHARS = 8
"""The shortest password an account may have (studio.accounts checks every password against it)."""
PLACEHOLDER_PASSWORDS = frozenset({"change-me-please", "change-me", "changeme", "password"})
"""Passwords that ship in examples (.env.example, the Dockerfile's comment): a studio started with one refuses."""

MIN_SIDE = 64
MAX_WIDTH = 3840
MAX_HEIGHT = 2160
MAX_FPS = 60


class Frame(BaseModel):
    """A film's frame: even sizes (H.264 in yuv420p needs them) within 64-3840 x 64-2160, at 1-60 fps.

    The one source of these limits: settings, the UI's controls, the REST API and the engines read them here.
    """

    model_config = ConfigDict(frozen=True)

    width: int = Field(ge=MIN_SIDE, le=MAX_WIDTH, multiple_of=2, description="Frame width in pixels (even).")
    height: int = Field(ge=MIN_SIDE, le=MAX_HEIGHT, multiple_of=2, description="Frame height in pixels (even).")
    fps: int = Field(ge=1, le=MAX_FPS, description="Frames per second.")

    @classmethod
    def checked(cls, width: object, height: object, fps: object) -> Frame:
        """The frame, or InvalidInput with one sentence naming the rule that was broken."""
        try:
            return cls(width=width, height=height, fps=fps)
        except ValidationError:
            raise InvalidInput(
                f"Frame sizes need even numbers, {MIN_SIDE}-{MAX_WIDTH} wide and {MIN_SIDE}-{MAX_HEIGHT} high, "
                f"at 1-{MAX_FPS} frames per second (got {width}x{height} at {fps})."
            ) from None


WHOLE_CONTROLS = ("seed", "steps", "motion_bucket_id", "frames", "fps")
"""The render controls that take whole numbers."""


class RenderControls(BaseModel):
    """What a user may tune for one scene's render: the one schema of these controls and their bounds.

    Projects store a scene's choice (studio.projects), the UI's inputs take their bounds from here
    (`bounds`), and the SVD engine checks a scene's options with it (engines/svd_pipeline.SVDControls).
    Blank means "use the engine's default" (Settings.svd_*), so a scene only stores what the user chose.
    """

    seed: int | None = Field(None, ge=0, lt=2**31, description="Fixed seed; blank draws a new one per take.")
    steps: int | None = Field(None, ge=1, le=150, description="Denoising steps.")
    motion_bucket_id: int | None = Field(None, ge=1, le=255, description="Motion amount (higher: more motion).")
    noise_aug_strength: float | None = Field(None, ge=0.0, le=1.0, description="Noise added to the keyframe.")
    frames: int | None = Field(None, ge=2, le=64, description="Frames the model generates.")
    fps: int | None = Field(None, ge=1, le=30, description="The fps the model is conditioned on.")

    @field_validator("*", mode="before")
    @classmethod
    def _a_number(cls, value: Any, info: ValidationInfo) -> Any:
        """Numbers only (25, 25.0 or "25"; never yes/no), and whole ones where the control counts something."""
        if value is None:
            return None
        kind = "a whole number" if info.field_name in WHOLE_CONTROLS else "a number"
        try:
            if isinstance(value, bool):
                raise ValueError(value)
            number = float(value)
        except (TypeError, ValueError):
            raise PydanticCustomError("number", "must be " + kind) from None
        if info.field_name not in WHOLE_CONTROLS:
            return number
        if not number.is_integer():
            raise PydanticCustomError("whole_number", "must be " + kind)
        return int(number)

    @classmethod
    def checked(cls, values: Mapping[str, Any]) -> RenderControls:
        """The controls in `values` (blank ones unset), or InvalidInput naming each control that is wrong."""
        cleaned = {k: (None if v in ("", None) else v) for k, v in values.items()}
        try:
            return cls.model_validate(cleaned)
        except ValidationError as error:
            raise InvalidInput(f"Render controls: {describe_error(error)}.") from None

    @classmethod
    def bounds(cls, name: str) -> tuple[float | None, float | None]:
        """(lowest, highest) a control accepts, for the UI's inputs; None where there is no bound."""
        return field_bounds(cls, name)

    def options(self) -> dict[str, Any]:
        """Only the controls the user set."""
        return self.model_dump(exclude_none=True)


def field_bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """(lowest, highest) a model's numeric field accepts, read from its Field(ge=, le=, lt=) rules."""
    low = high = None
    for rule in model.model_fields[name].metadata:
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", high)
        if getattr(rule, "lt", None) is not None:
            high = rule.lt - 1
    return low, high


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

    default_width: int = Field(
        1024, ge=MIN_SIDE, le=MAX_WIDTH, multiple_of=2, description="Frame width of new projects (even)."
    )
    default_height: int = Field(
        576, ge=MIN_SIDE, le=MAX_HEIGHT, multiple_of=2, description="Frame height of new projects (even)."
    )
    default_fps: int = Field(24, ge=1, le=MAX_FPS, description="Frames per second of new projects.")

    max_idea_chars: int = Field(2000, ge=10, description="Longest idea accepted.")
    max_scenes: int = Field(20, ge=1, le=100, description="Most scenes a storyboard may have.")
    max_upload_mb: int = Field(20, ge=1, description="Largest keyframe upload, in MB.")
    api_cors_origins: list[str] = Field(
        default_factory=list,
        description="Origins allowed to call the REST API from a browser, as a JSON list "
        '(e.g. ["http://lab-portal:8080"]); empty: same origin only.',
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks of reverse proxies whose X-Forwarded-For is believed, as a JSON list "
        '(e.g. ["127.0.0.1"] for nginx on this machine); empty: forwarded headers are ignored.',
    )

    # -- models: nothing here is loaded until a render or a storyboard needs it ----------------
    device: Literal["auto", "cuda", "cpu"] = Field("auto", description="Where models run; auto = CUDA if present.")
    llm_model: str | None = Field(
        None, description="Storyboard LLM: a folder (e.g. models/llm/Qwen2.5-7B-Instruct) or a Hugging Face id."
    )
    llm_trust_remote_code: bool = Field(False, description="Allow the LLM's own code to run (needed by ChatGLM3).")
    llm_quantization: Literal["none", "8bit", "4bit"] = Field("none", description="bitsandbytes quantization on CUDA.")
    llm_max_new_tokens: int = Field(1536, ge=64, le=8192, description="Most tokens the LLM may write per storyboard.")
    llm_server_url: str | None = Field(
        None, description="A local OpenAI-compatible server (vLLM, Ollama, llama.cpp), e.g. http://127.0.0.1:11434/v1."
    )
    llm_server_model: str | None = Field(None, description="The model name to ask that server for.")
    llm_server_timeout: float = Field(120.0, gt=0, description="Seconds to wait for the LLM server's answer.")
    llm_server_allow_remote: bool = Field(
        False, description="Allow an LLM server on another machine (ideas then leave this one)."
    )
    svd_model: str | None = Field(
        None, description="Stable Video Diffusion: a folder (e.g. models/svd/svd-xt) or a Hugging Face id."
    )
    t2i_model: str | None = Field(
        None, description="Text-to-image keyframes: a folder (e.g. models/t2i/sd-turbo) or a Hugging Face id."
    )
    svd_offload: bool = Field(False, description="Use enable_model_cpu_offload (less GPU memory, slower).")
    svd_decode_chunk_size: int = Field(8, ge=1, le=64, description="Frames the VAE decodes at a time (memory).")
    svd_compile: bool = Field(False, description="torch.compile the UNet (slow first render, faster after).")
    svd_steps: int = Field(25, ge=1, le=150, description="Default denoising steps per scene.")
    svd_frames: int = Field(25, ge=2, le=64, description="Frames SVD generates per scene (14 for svd, 25 for xt).")
    svd_motion_bucket_id: int = Field(127, ge=1, le=255, description="Default motion amount (higher: more motion).")
    svd_noise_aug_strength: float = Field(0.02, ge=0, le=1, description="Default noise added to the keyframe.")
    svd_fps: int = Field(7, ge=1, le=30, description="The fps SVD is conditioned on (it renders about 6-7 fps).")

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, proxies: list[str]) -> list[str]:
        """IPs or CIDR networks only: a host name or "*" would let anyone claim any address."""
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy.strip(), strict=False)
            except ValueError:
                raise ValueError(f"{proxy!r} is not an IP address or network (e.g. 10.0.0.0/8)") from None
        return [proxy.strip() for proxy in proxies]

    @field_validator("admin_password")
    @classmethod
    def _a_real_admin_password(cls, value: SecretStr | None) -> SecretStr | None:
        """A copied example (.env.example's 'change-me-please') or a too-short password must not guard the admin."""
        if value is None or not value.get_secret_value():
            return None
        secret = value.get_secret_value()
        if secret.strip().lower() in PLACEHOLDER_PASSWORDS:
            raise ValueError(
                "STUDIO_ADMIN_PASSWORD is still the example placeholder; choose your own password (in .env) "
                "or leave it unset for a random one"
            )
        if len(secret) < MIN_PASSWORD_CHARS:
            raise ValueError(f"STUDIO_ADMIN_PASSWORD needs at least {MIN_PASSWORD_CHARS} characters")
        return value

    @model_validator(mode="after")
    def _llm_server_stays_local(self) -> Settings:
        """Privacy is the point of the studio: ideas go to a server on this machine unless told otherwise."""
        if self.llm_server_url and not self.llm_server_allow_remote:
            host = (urlsplit(self.llm_server_url).hostname or "").lower()
            if not _is_loopback(host):
                raise ValueError(
                    f"STUDIO_LLM_SERVER_URL points at {host or 'an unknown host'}, not this machine; "
                    "set STUDIO_LLM_SERVER_ALLOW_REMOTE=true if ideas may leave it."
                )
        return self

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'studio.db'}"

    @property
    def projects_dir(self) -> Path:
        return self.data_dir / "projects"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
