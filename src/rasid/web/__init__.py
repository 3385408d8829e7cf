"""The HTTP API and web page (FastAPI): a thin shell over the library and the store."""
