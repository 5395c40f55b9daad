"""The studio's domain and services. Never imports gradio (see DESIGN.md)."""
