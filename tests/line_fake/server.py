"""A fake LINE Messaging API: two local hosts (api and api-data) that validate and record.

Every request is recorded and checked: its route and host, the bearer token, and its body
against messaging-api.yml and LINE's limits. A request LINE would refuse is answered like
LINE (400 with ``details``) and kept as a violation; the ``line_api`` fixture fails the
test that caused it. Facts that are not bot bugs (a reused reply token, a push repeated with
an accepted retry key) are answered the way LINE answers them and listed separately.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from werkzeug.datastructures import Headers
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from tests.line_fake import limits, login
from tests.line_fake.handlers import HANDLERS
from tests.line_fake.openapi import Problem, messaging_api
from tests.line_fake.state import FakeState, RecordedRequest, Reply, Violation

CHANNEL_ACCESS_TOKEN = "test-channel-access-token"
ALIASES = {
    "reply": "reply_message",
    "push": "push_message",
    "loading": "show_loading_animation",
    "profile": "get_profile",
}
BODY_CHECKS: dict[str, Callable[[Any], list[Problem]]] = {
    "replyMessage": limits.send_problems,
    "pushMessage": limits.send_problems,
    "showLoadingAnimation": limits.loading_problems,
    "createRichMenu": limits.rich_menu_problems,
    "validateRichMenuObject": limits.rich_menu_problems,
}
STATUS_MESSAGES = {
    400: "The request body has 1 error(s)",
    401: "Authentication failed. Confirm that the access token in the authorization header "
    "is valid.",
    403: "Not authorized to access the resource.",
    404: "Not found",
    429: "The API rate limit has been exceeded. Try again later.",
    500: "Internal server error",
}
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
T = TypeVar("T")


@dataclass
class _Failure:
    reply: Reply
    times: int


def _routes(data_host: bool) -> Map:
    return Map(
        Rule(re.sub(r"\{(\w+)\}", r"<\1>", spec["path"]), methods=[spec["method"]], endpoint=name)
        for name, spec in messaging_api().operations().items()
        if name in HANDLERS and spec["data_host"] == data_host
    )


def _sdk_name(operation_id: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", operation_id).lower()


class FakeLineApi:
    def __init__(self, channel_access_token: str = CHANNEL_ACCESS_TOKEN) -> None:
        self.channel_access_token = channel_access_token
        self.state = FakeState()
        self._violations: list[Violation] = []
        self._requests: list[RecordedRequest] = []
        self._failures: dict[str, list[_Failure]] = {}
        # Operation → seconds to wait before answering (a slow LINE).
        self._delays: dict[str, float] = {}
        self._changed = threading.Condition(threading.RLock())
        self._routes = {"api": _routes(False), "api-data": _routes(True)}
        self._servers: dict[str, BaseWSGIServer] = {}
        self._threads: list[threading.Thread] = []
        self._crashes: list[BaseException] = []

    def start(self) -> FakeLineApi:
        for host in self._routes:
            app = Request.application(self._handler_for(host))
            server = make_server("127.0.0.1", 0, app, threaded=True)
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
            )
            thread.start()
            self._servers[host] = server
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        if self._crashes:
            raise RuntimeError("the fake LINE API crashed") from self._crashes[0]

    def __enter__(self) -> FakeLineApi:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._servers['api'].server_port}"

    @property
    def data_base_url(self) -> str:
        return f"http://127.0.0.1:{self._servers['api-data'].server_port}"

    # -- reading what the bot sent -----------------------------------------------------------
    def requests(self, path: str | None = None, method: str | None = None) -> list[RecordedRequest]:
        with self._changed:
            return [
                recorded
                for recorded in self._requests
                if (path is None or recorded.path == path)
                and (method is None or recorded.method == method.upper())
            ]

    def messages(self, user_id: str | None = None) -> list[dict[str, Any]]:
        """Messages LINE accepted (reply and push), in the order they were sent."""
        with self._changed:
            return [
                message
                for delivery in self.state.deliveries
                if user_id is None or delivery.to == user_id
                for message in delivery.messages
            ]

    def texts(self, user_id: str | None = None) -> list[str]:
        """Each accepted message's text, or its altText (flex, template, imagemap)."""
        return [
            message.get("text") or message.get("altText") or f"({message.get('type')})"
            for message in self.messages(user_id)
        ]

    @property
    def reply_token_reuse(self) -> list[str]:
        """Reply tokens used a second time (answered 400 "Invalid reply token")."""
        with self._changed:
            return list(self.state.reply_token_reuse)

    @property
    def invalid_reply_tokens(self) -> list[str]:
        """Reply tokens no webhook helper issued (answered 400 "Invalid reply token")."""
        with self._changed:
            return list(self.state.invalid_reply_tokens)

    @property
    def profiles(self) -> dict[str, dict[str, Any] | None]:
        """Set ``profiles[user_id]`` to a profile dict, or to None for a 404."""
        return self.state.profiles

    @property
    def violations(self) -> list[Violation]:
        with self._changed:
            return list(self._violations)

    def take_violations(self) -> list[Violation]:
        """Returns the violations so far and forgets them (tests of the fake itself)."""
        with self._changed:
            taken, self._violations = self._violations, []
        return taken

    def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Waits until ``predicate()`` is truthy, re-checking after every request served."""
        with self._changed:
            result = self._changed.wait_for(predicate, timeout=timeout)
            if not result:
                recent = ", ".join(str(recorded) for recorded in self._requests[-5:])
                raise AssertionError(f"condition not met within {timeout}s; last: {recent}")
        return result

    # -- LINE Login ---------------------------------------------------------------------------
    def issue_id_token(
        self, user_id: str, channel_id: str, lifetime: int = 3600, nonce: str | None = None
    ) -> str:
        """An ID token as ``liff.getIDToken()`` gives a LIFF app of ``channel_id``; the
        fake's POST /oauth2/v2.1/verify vouches for it until it expires."""
        with self._changed:
            return login.issue(self.state, user_id, channel_id, lifetime, nonce)

    # -- arranging failures ------------------------------------------------------------------
    def fail(
        self,
        operation: str,
        status: int = 500,
        times: int = 1,
        body: dict[str, Any] | None = None,
        retry_after: int | None = None,
    ) -> None:
        """The next ``times`` calls of ``operation`` answer ``status`` instead of succeeding.

        ``operation`` is an SDK method name ("reply_message", "push_message",
        "set_rich_menu_image" …) or "reply", "push", "loading", "profile". Requests are
        still validated and recorded; an injected failure consumes no reply token or
        retry key.
        """
        operation_id = self._operation_id(operation)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        reply = Reply(status, body or {"message": STATUS_MESSAGES.get(status, "Error")}, headers)
        with self._changed:
            self._failures.setdefault(operation_id, []).append(_Failure(reply, times))

    def _operation_id(self, operation: str) -> str:
        operations = {_sdk_name(operation_id): operation_id for operation_id in HANDLERS}
        name = ALIASES.get(operation, operation)
        if name not in operations:
            raise ValueError(f"unknown operation {operation!r}; one of {sorted(operations)}")
        return operations[name]

    def delay(self, operation: str, seconds: float) -> None:
        """Every later call of ``operation`` is answered only after ``seconds`` (it still
        succeeds: a slow LINE, not a failing one). ``seconds=0`` ends the delay."""
        with self._changed:
            self._delays[self._operation_id(operation)] = seconds

    def recover(self) -> None:
        """LINE is back: failures still arranged are dropped, delays end."""
        with self._changed:
            self._failures.clear()
            self._delays.clear()

    # -- serving -----------------------------------------------------------------------------
    def _handler_for(self, host: str) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            self._wait_if_slow(request, host)
            with self._changed:
                recorded = self._record(request, host)
                try:
                    reply = self._respond(recorded)
                except Exception as crash:  # reported by stop(): a bug in the fake, not the bot
                    self._crashes.append(crash)
                    reply = Reply(500, {"message": f"the fake crashed: {crash!r}"})
                recorded.status, recorded.response = reply.status, reply.body
                self._changed.notify_all()
            headers = {"X-Line-Request-Id": recorded.request_id, **reply.headers}
            return Response(json.dumps(reply.body), reply.status, headers, "application/json")

        return handle

    def _wait_if_slow(self, request: Request, host: str) -> None:
        try:
            operation, _ = self._routes[host].bind("line").match(request.path, request.method)
        except (NotFound, MethodNotAllowed):
            return
        with self._changed:
            seconds = self._delays.get(operation, 0.0)
        if seconds:
            time.sleep(seconds)  # the slowness being simulated, not a wait for a condition

    def _record(self, request: Request, host: str) -> RecordedRequest:
        raw = request.get_data()
        try:
            body = json.loads(raw) if request.mimetype == "application/json" else None
        except ValueError:
            body = None
        recorded = RecordedRequest(
            len(self._requests) + 1, str(uuid.uuid4()), request.method, request.path,
            host, Headers(request.headers), body, raw,
        )  # fmt: skip
        self._requests.append(recorded)
        return recorded

    def _violate(self, recorded: RecordedRequest, problems: list[Problem]) -> None:
        self._violations += [Violation(str(recorded), p.where, p.why) for p in problems]

    def _respond(self, recorded: RecordedRequest) -> Reply:
        if recorded.host == "api" and recorded.path == login.PATH:
            recorded.operation = login.OPERATION
            reply, problems = login.verify(self.state, recorded)
            self._violate(recorded, problems)
            return reply
        try:
            operation, arguments = (
                self._routes[recorded.host].bind("line").match(recorded.path, recorded.method)
            )
        except (NotFound, MethodNotAllowed):
            return self._unknown_endpoint(recorded)
        recorded.operation = operation
        authorization = recorded.headers.get("Authorization")
        if authorization != f"Bearer {self.channel_access_token}":
            why = f"is {authorization!r}; must be 'Bearer {self.channel_access_token}'"
            self._violate(recorded, [Problem("Authorization", why)])
            return Reply(401, {"message": STATUS_MESSAGES[401]})
        problems = self._problems(recorded, operation, arguments)
        self._violate(recorded, problems)
        failures = self._failures.get(operation)
        if failures:
            failures[0].times -= 1
            return (failures.pop(0) if failures[0].times <= 0 else failures[0]).reply
        if problems:
            details = [{"message": p.why, "property": p.where} for p in problems]
            message = f"The request body has {len(problems)} error(s)"
            return Reply(400, {"message": message, "details": details})
        return HANDLERS[operation](self.state, recorded, **arguments)

    def _unknown_endpoint(self, recorded: RecordedRequest) -> Reply:
        other = "api-data" if recorded.host == "api" else "api"
        try:
            self._routes[other].bind("line").match(recorded.path, recorded.method)
            why = f"belongs on the {other} host (LINE_API_DATA_BASE_URL vs LINE_API_BASE_URL)"
        except (NotFound, MethodNotAllowed):
            why = "no such endpoint in LINE's API, or one the fake does not provide"
        self._violate(recorded, [Problem(f"{recorded.method} {recorded.path}", why)])
        return Reply(404, {"message": "Not found"})

    def _problems(
        self, recorded: RecordedRequest, operation: str, arguments: dict[str, str]
    ) -> list[Problem]:
        problems = []
        user_id = arguments.get("userId")
        if user_id is not None and not limits.USER_ID.fullmatch(user_id):
            problems.append(Problem("userId", "must be a user ID (U + 32 hex digits)"))
        retry_key = recorded.headers.get("X-Line-Retry-Key")
        if retry_key is not None and operation != "pushMessage":
            problems.append(Problem("X-Line-Retry-Key", "is only accepted by push-type sends"))
        elif retry_key is not None and not UUID.fullmatch(retry_key):
            problems.append(Problem("X-Line-Retry-Key", "must be a hexadecimal UUID"))
        if operation == "setRichMenuImage":
            content_type = recorded.headers.get("Content-Type", "")
            return problems + limits.rich_menu_image_problems(content_type, recorded.raw)
        schema = messaging_api().operations()[operation]["request_schema"]
        if schema is None:
            return problems
        if recorded.body is None:
            return [*problems, Problem("(body)", "must be a JSON object sent as application/json")]
        problems += messaging_api().problems(schema, recorded.body)
        return problems + BODY_CHECKS.get(operation, lambda _: [])(recorded.body)
