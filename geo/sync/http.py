"""The HTTP client every sync source uses: timeouts, retries with backoff, 429 and its
Retry-After honoured, and every failure turned into a :class:`SyncFailure` whose message a
person can act on and which never holds a credential.

Why requests + urllib3's ``Retry``: both are already installed with Streamlit, are among the
most used and best kept Python HTTP libraries, and ``Retry`` implements exactly the policy
wanted here (exponential backoff, a status list, ``Retry-After`` on 429 and 503) without
code of ours. httpx has no built-in retry of statuses, only of connection errors.

Credentials travel only in request bodies and headers, never in a URL (URLs end up in logs,
proxies and browser histories). A :class:`Secret` prints as ``***``: an exception or a log
line that formats one shows nothing of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

#: Seconds to connect, and to wait for each read from the server.
TIMEOUT = (10.0, 120.0)
#: Retries of one request after a connection error, a 429 or a 5xx (then a clear message).
RETRIES = 4
#: Backoff: 0.5 s, 1 s, 2 s, 4 s between attempts (urllib3 doubles it each time).
BACKOFF = 0.5
#: A server that asks to wait longer than this (Retry-After) is not waited for: the sync stops
#: with a message saying when to try again, rather than hanging the app for an hour.
MAX_RETRY_AFTER = 120.0
RETRY_STATUSES = (429, 500, 502, 503, 504)


class SyncFailure(RuntimeError):
    """A sync could not be done; the message says why, for a person, and holds no credential."""


class Secret:
    """A credential: printed, logged or put in an exception, it shows as ``***``."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself, only where a request is built."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("a credential is never pickled (it would reach a file)")


class _CappedRetry(Retry):
    """urllib3's Retry, but a Retry-After longer than MAX_RETRY_AFTER ends the retries."""

    def get_retry_after(self, response):
        wait = super().get_retry_after(response)
        if wait is not None and wait > MAX_RETRY_AFTER:
            raise _TooLong(wait)
        return wait


class _TooLong(Exception):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


@dataclass
class Response:
    """What a request returned: its status and its parsed JSON (None when the body is not JSON)."""

    status: int
    body: object
    text: str
    retry_after: str | None = None


class Http:
    """One session per sync: keeps connections open across pages, retries with backoff."""

    def __init__(self, *, retries: int = RETRIES, backoff: float = BACKOFF, timeout=TIMEOUT) -> None:
        self.timeout = timeout
        self.session = requests.Session()
        retry = _CappedRetry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=backoff,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=None,  # the token POST is safe to repeat too
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def request(
        self,
        method: str,
        url: str,
        what: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> Response:
        """Send one request (retried as above) and return its status and JSON body.

        ``what`` names the request for people ("ACLED's event list, page 3"). Connection
        failures, timeouts and a retry budget spent on 429/5xx become SyncFailure."""
        try:
            answer = self.session.request(method, url, params=params, headers=headers, data=data, timeout=self.timeout)
        except _TooLong as wait:
            raise SyncFailure(
                f"{what}: the server asks to wait {wait.seconds:.0f} seconds before the next request; "
                "try again later (nothing was changed)"
            ) from None
        except requests.exceptions.RetryError as err:
            raise SyncFailure(f"{what}: {_retry_reason(err)}; try again later (nothing was changed)") from None
        except requests.exceptions.Timeout:
            raise SyncFailure(
                f"{what}: the server did not answer within {self.timeout[1]:.0f} seconds, {RETRIES + 1} times; "
                "try again later (nothing was changed)"
            ) from None
        except requests.exceptions.ConnectionError:
            raise SyncFailure(
                f"{what}: cannot reach {_host(url)} (no network, or the server is down); "
                "check the connection and try again (nothing was changed)"
            ) from None
        except requests.exceptions.RequestException as err:
            raise SyncFailure(f"{what}: the request failed ({type(err).__name__})") from None
        if answer.status_code in RETRY_STATUSES:
            raise SyncFailure(
                f"{what}: the server answered {answer.status_code} {answer.reason} {RETRIES + 1} times"
                f"{' (too many requests)' if answer.status_code == 429 else ''}; try again later (nothing was changed)"
            )
        text = answer.text
        try:
            body = json.loads(text) if text else None
        except ValueError:
            body = None
        return Response(answer.status_code, body, text, answer.headers.get("Retry-After"))


def _host(url: str) -> str:
    return requests.utils.urlparse(url).netloc or url


def _retry_reason(err: Exception) -> str:
    reason = getattr(getattr(err.args[0], "reason", None), "args", [""])[0] if err.args else ""
    return "the server kept failing (" + (str(reason).split(" for url")[0] or "too many retries") + ")"


def expect_json_object(response: Response, what: str) -> dict:
    """The body as a JSON object, or a SyncFailure saying what came instead."""
    if not isinstance(response.body, dict):
        start = response.text[:80].replace("\n", " ")
        raise SyncFailure(f"{what}: the answer is not the JSON object the API documents (it starts {start!r})")
    return response.body
