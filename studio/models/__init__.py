"""Local model weights: where they are, loading them lazily, keeping one large family on the GPU.

Nothing here imports torch at import time; the UI starts without it.
"""
