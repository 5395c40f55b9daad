"""Which device and dtype models run on. torch is imported only when asked."""

from __future__ import annotations

from typing import Any


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def select_device(preference: str = "auto") -> str:
    """'cuda' when asked for or available (auto), else 'cpu'."""
    if preference == "cpu" or not torch_available():
        return "cpu"
    import torch

    if preference == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("STUDIO_DEVICE=cuda, but PyTorch sees no CUDA GPU.")
    return "cuda" if torch.cuda.is_available() else "cpu"


def half_dtype(device: str) -> Any:
    """fp16 on CUDA (bf16 where the model prefers it is the caller's choice), fp32 on CPU."""
    import torch

    return torch.float16 if device == "cuda" else torch.float32


def gpu_memory() -> dict[str, Any]:
    """The thesis' /api/model/status fields: GPU name, memory allocated and total (GiB)."""
    if not torch_available():
        return {"cuda": False, "gpu": None, "allocated_gb": 0.0, "reserved_gb": 0.0, "total_gb": 0.0}
    import torch

    if not torch.cuda.is_available():
        return {"cuda": False, "gpu": None, "allocated_gb": 0.0, "reserved_gb": 0.0, "total_gb": 0.0}
    gib = 1024**3
    props = torch.cuda.get_device_properties(0)
    return {
        "cuda": True,
        "gpu": props.name,
        "allocated_gb": round(torch.cuda.memory_allocated(0) / gib, 2),
        "reserved_gb": round(torch.cuda.memory_reserved(0) / gib, 2),
        "total_gb": round(props.total_memory / gib, 2),
    }


def free_memory() -> None:
    """Give cached GPU memory back after unloading or an out-of-memory error."""
    import gc

    gc.collect()
    if torch_available():
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
