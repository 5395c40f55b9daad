"""The model manager: lazy loading, and at most one large model family on the GPU at a time.

A 24 GB card cannot hold a 7B LLM and SVD-XT together, so acquiring one family
unloads the others first. Loaders run only when a model is first needed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studio.models.devices import free_memory, gpu_memory

log = logging.getLogger(__name__)


@dataclass
class Loaded:
    family: str
    name: str
    device: str
    model: Any
    loaded_at: float
    load_seconds: float


class ModelManager:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._loaded: dict[str, Loaded] = {}

    def acquire(self, family: str, name: str, device: str, loader: Callable[[], Any]) -> Any:
        """The model of `family` named `name`, loading it (and unloading other GPU families) if needed."""
        with self._lock:
            current = self._loaded.get(family)
            if current is not None and current.name == name and current.device == device:
                return current.model
            if current is not None:
                self.unload(family)
            if device == "cuda":
                for other in [f for f, m in self._loaded.items() if m.device == "cuda"]:
                    log.info("unloading %s to make room for %s on the GPU", other, family)
                    self.unload(other)
            started = time.perf_counter()
            model = loader()
            seconds = time.perf_counter() - started
            self._loaded[family] = Loaded(family, name, device, model, time.time(), seconds)
            log.info("loaded %s model %s on %s in %.1f s", family, name, device, seconds)
            return model

    def unload(self, family: str) -> None:
        with self._lock:
            if self._loaded.pop(family, None) is not None:
                free_memory()

    def loaded(self) -> list[Loaded]:
        with self._lock:
            return list(self._loaded.values())

    def status(self) -> dict[str, Any]:
        """Loaded models, device, GPU name and memory: what /api/model/status reports."""
        return {
            "loaded": [
                {"family": m.family, "name": m.name, "device": m.device, "load_seconds": round(m.load_seconds, 2)}
                for m in self.loaded()
            ],
            **gpu_memory(),
        }
