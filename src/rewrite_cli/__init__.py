"""rewrite-cli: rewrite and summarize news articles locally, with honest attribution."""

__version__ = "0.1.0"
