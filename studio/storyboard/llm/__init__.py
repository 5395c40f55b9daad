"""Storyboards written by real local LLMs: a transformers model in-process, or an OpenAI-compatible server.

Nothing in this package imports torch, transformers or llguidance at import time;
`studio.storyboard.writers.build_writer` can pick a writer while the UI starts in seconds.
"""
