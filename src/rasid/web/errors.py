"""The one place errors become HTTP responses, always in the :class:`ErrorResponse` shape.

A rasid error maps to a 4xx status by its kind; a validation error to 422; anything
else to a 500 whose body says only that something went wrong (the details go to the
server log, never to the client).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasid.errors import (
    ConfigurationError,
    InputError,
    InputTooLargeError,
    PipelineError,
    UnsupportedSourceError,
)

LOG = logging.getLogger("rasid.web")


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """The JSON error body every failure returns."""
    return JSONResponse(status_code=status, content={"error": {"status": status, "code": code, "message": message}})


def status_of(error: PipelineError) -> tuple[int, str]:
    """HTTP status and error code for a rasid error."""
    if isinstance(error, InputTooLargeError):
        return 413, "too_large"
    if isinstance(error, UnsupportedSourceError):
        return 415, "unsupported"
    if isinstance(error, InputError):
        return 400, "bad_input"
    if isinstance(error, ConfigurationError):
        return 400, "bad_request"
    return 503, "unavailable"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers: rasid errors, validation errors, HTTP errors, everything else."""

    @app.exception_handler(PipelineError)
    async def pipeline_error(request: Request, error: PipelineError) -> JSONResponse:
        status, code = status_of(error)
        return error_response(status, code, error.reason)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item.get('loc', ()))}: {item.get('msg', '')}" for item in error.errors()
        )
        return error_response(422, "invalid_parameter", problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return error_response(error.status_code, code, str(error.detail))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "something went wrong on the server; it has been logged")
