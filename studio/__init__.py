"""The studio's domain and services. Never imports gradio (see DESIGN.md)."""

__version__ = "0.1.0"
