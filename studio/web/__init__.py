"""The studio on the web beside the UI: the REST API and what goes into the UI page's head."""
