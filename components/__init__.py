"""The Gradio UI: one module per tab, each with render() and listen()."""
