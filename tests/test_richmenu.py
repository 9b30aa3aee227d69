"""`dgr richmenu`: the picture, the rich-menu object, and the calls to a fake LINE API."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from linebot.v3.messaging import ApiException
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bot import richmenu_image, texts
from bot.richmenu import (
    CHAT_BAR_TEXT,
    MENU_NAME,
    install_rich_menu,
    render_image,
    rich_menu_request,
    richmenu_command,
)
from storage import flask_ext
from tests.frameworks import CATALOG
from tests.line_fake.limits import rich_menu_problems
from tests.line_fake.openapi import messaging_api

REPO_ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-channel-token"
ONE_MB = 1024 * 1024


def rich_menu_body_problems(body: Any) -> list[Any]:
    """What LINE's OpenAPI schema and its documented rich-menu limits find wrong."""
    return messaging_api().problems("RichMenuRequest", body) + rich_menu_problems(body)


@pytest.fixture(scope="module")
def menu_png() -> bytes:
    return render_image()


# --- the picture ----------------------------------------------------------------------------


def test_menu_picture_is_a_large_rich_menu_png_under_one_megabyte(menu_png: bytes) -> None:
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "richmenu.png").write_bytes(menu_png)  # for people to look at

    picture = Image.open(io.BytesIO(menu_png))
    picture.verify()
    assert picture.format == "PNG"
    assert picture.size == (2500, 1686)
    assert len(menu_png) <= ONE_MB


def test_menu_picture_can_also_be_a_jpeg() -> None:
    jpeg = render_image(fmt="JPEG")
    picture = Image.open(io.BytesIO(jpeg))
    assert (picture.format, picture.size) == ("JPEG", (2500, 1686))
    assert len(jpeg) <= ONE_MB


def test_every_tap_area_shows_a_tile_with_a_label(menu_png: bytes) -> None:
    """Each area holds a card (not the background) with white label pixels below its icon."""
    picture = Image.open(io.BytesIO(menu_png)).convert("RGB")
    for area in rich_menu_request().areas:
        b = area.bounds
        card = picture.getpixel((b.x + 60, b.y + b.height // 2))
        assert sum(abs(c - n) for c, n in zip(card, richmenu_image.NAVY, strict=True)) > 40
        label_band = picture.crop(
            (b.x, b.y + b.height * 55 // 100, b.x + b.width, b.y + b.height * 75 // 100)
        )
        colours = {colour for _, colour in label_band.getcolors(maxcolors=1 << 20)}
        assert (255, 255, 255) in colours, f"no label drawn for {area.action.text}"


def test_without_thai_shaping_the_picture_is_refused_with_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(richmenu_image, "thai_shaping_available", lambda: False)
    with pytest.raises(richmenu_image.ThaiShapingUnavailable, match="libfribidi0"):
        render_image()


# --- the rich-menu object --------------------------------------------------------------------


def test_rich_menu_request_passes_the_openapi_schema_and_line_limits() -> None:
    body = rich_menu_request().to_dict()
    assert rich_menu_body_problems(body) == []
    assert {area["action"]["type"] for area in body["areas"]} == {"message"}


def test_rich_menu_is_shown_by_default_under_our_name() -> None:
    request = rich_menu_request()
    assert request.selected is True
    assert (request.name, request.chat_bar_text) == (MENU_NAME, CHAT_BAR_TEXT)
    assert all(area.action.text == area.action.label for area in request.areas)


def test_tap_areas_cover_the_picture_exactly_once() -> None:
    request = rich_menu_request()
    boxes = [(a.bounds.x, a.bounds.y, a.bounds.width, a.bounds.height) for a in request.areas]
    for i, (x, y, w, h) in enumerate(boxes):
        assert x >= 0 and y >= 0
        assert x + w <= request.size.width and y + h <= request.size.height
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "areas overlap"
    assert sum(w * h for _, _, w, h in boxes) == request.size.width * request.size.height


def test_menu_sends_the_bot_main_commands() -> None:
    sent = [area.action.text for area in rich_menu_request().areas]
    assert sent == [texts.START, texts.RESUME, texts.RESULT, texts.ASK, texts.HELP, texts.ABOUT]


# --- installing against a fake LINE API ------------------------------------------------------


@pytest.fixture
def data_server() -> Iterator[HTTPServer]:
    """A second host standing in for api-data.line.me (picture uploads)."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def _menu(rich_menu_id: str, name: str) -> dict[str, Any]:
    return {
        "richMenuId": rich_menu_id,
        "size": {"width": 2500, "height": 1686},
        "selected": True,
        "name": name,
        "chatBarText": "เมนู",
        "areas": [],
    }


class FakeLine:
    """Answers the rich-menu endpoints, checks each request and records the calls in order."""

    def __init__(self, api: HTTPServer, data: HTTPServer, upload_status: int = 200) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.uploaded: list[tuple[str, bytes]] = []
        self.api, self.data = api, data
        self.existing = [_menu("richmenu-old", MENU_NAME), _menu("richmenu-other", "campaign")]
        rich_menu_body = self._checked_rich_menu
        self._on(api, "POST", "/v2/bot/richmenu/validate", rich_menu_body)
        self._on(api, "GET", "/v2/bot/richmenu/list", lambda _: {"richmenus": self.existing})
        self._on(
            api, "POST", "/v2/bot/richmenu", lambda r: rich_menu_body(r) | {"richMenuId": "new"}
        )
        self._on(api, "POST", "/v2/bot/user/all/richmenu/new", lambda _: {})
        self._on(api, "DELETE", "/v2/bot/richmenu/new", lambda _: {})
        self._on(api, "DELETE", "/v2/bot/richmenu/richmenu-old", lambda _: {})
        self._on(data, "POST", "/v2/bot/richmenu/new/content", self._upload, upload_status)

    def check(self) -> None:
        """Raise what a handler asserted about a request (handlers run in the server thread)."""
        self.api.check_handler_errors()
        self.data.check_handler_errors()

    def _on(
        self,
        server: HTTPServer,
        method: str,
        path: str,
        answer: Callable[[Request], dict[str, Any]],
        status: int = 200,
    ) -> None:
        host = "data" if server is self.data else "api"

        def handler(request: Request) -> Response:
            self.calls.append((host, method, path))
            assert request.headers.get("Authorization") == f"Bearer {TOKEN}"
            body = answer(request)
            if status != 200:
                body = {"message": "An image has already been uploaded to the rich menu"}
            return Response(json.dumps(body), status=status, content_type="application/json")

        server.expect_request(path, method=method).respond_with_handler(handler)

    def _checked_rich_menu(self, request: Request) -> dict[str, Any]:
        assert request.content_type == "application/json"
        assert rich_menu_body_problems(request.get_json()) == []
        return {}

    def _upload(self, request: Request) -> dict[str, Any]:
        self.uploaded.append((request.content_type, request.get_data()))
        return {}


@pytest.fixture
def fake_line(httpserver: HTTPServer, data_server: HTTPServer) -> Iterator[FakeLine]:
    fake = FakeLine(httpserver, data_server)
    yield fake
    fake.check()


def base_url(server: HTTPServer) -> str:
    return f"http://{server.host}:{server.port}"


def _install(fake: FakeLine, image: bytes) -> str:
    return install_rich_menu(base_url(fake.api), base_url(fake.data), TOKEN, image)


def test_install_creates_uploads_sets_default_and_replaces_our_older_menu(
    fake_line: FakeLine, menu_png: bytes
) -> None:
    assert _install(fake_line, menu_png) == "new"

    assert fake_line.calls == [
        ("api", "POST", "/v2/bot/richmenu/validate"),
        ("api", "GET", "/v2/bot/richmenu/list"),
        ("api", "POST", "/v2/bot/richmenu"),
        ("data", "POST", "/v2/bot/richmenu/new/content"),
        ("api", "POST", "/v2/bot/user/all/richmenu/new"),
        ("api", "DELETE", "/v2/bot/richmenu/richmenu-old"),
    ]
    assert fake_line.uploaded == [("image/png", menu_png)]


def test_failed_upload_removes_the_new_menu_and_keeps_the_old_default(
    httpserver: HTTPServer, data_server: HTTPServer, menu_png: bytes
) -> None:
    fake = FakeLine(httpserver, data_server, upload_status=400)

    with pytest.raises(ApiException) as failure:
        _install(fake, menu_png)

    assert failure.value.status == 400
    assert fake.calls[-2:] == [
        ("data", "POST", "/v2/bot/richmenu/new/content"),
        ("api", "DELETE", "/v2/bot/richmenu/new"),
    ]
    assert ("api", "DELETE", "/v2/bot/richmenu/richmenu-old") not in fake.calls
    fake.check()


# --- the command -----------------------------------------------------------------------------


def _app(**config: str) -> Flask:
    app = Flask(__name__)
    app.config.update(
        LINE_CHANNEL_ACCESS_TOKEN="",
        LINE_API_BASE_URL="http://127.0.0.1:9",
        LINE_API_DATA_BASE_URL="http://127.0.0.1:9",
        DATABASE_URL="sqlite://",
    )
    app.config.update(config)
    flask_ext.init_app(app, CATALOG)
    return app


def test_command_refuses_without_an_access_token() -> None:
    result = _app().test_cli_runner().invoke(richmenu_command, [])
    assert result.exit_code != 0
    assert "LINE_CHANNEL_ACCESS_TOKEN is not set" in result.output


def test_command_image_only_writes_the_picture_and_calls_nobody(tmp_path: Path) -> None:
    target = tmp_path / "menu.png"
    result = _app().test_cli_runner().invoke(richmenu_command, ["--image-only", str(target)])
    assert result.exit_code == 0, result.output
    assert Image.open(target).size == (2500, 1686)


def test_command_installs_the_menu(fake_line: FakeLine) -> None:
    app = _app(
        LINE_CHANNEL_ACCESS_TOKEN=TOKEN,
        LINE_API_BASE_URL=base_url(fake_line.api),
        LINE_API_DATA_BASE_URL=base_url(fake_line.data),
    )
    result = app.test_cli_runner().invoke(richmenu_command, [])
    assert result.exit_code == 0, result.output
    assert "rich menu new is now the default" in result.output
    assert len(fake_line.uploaded) == 1


def test_command_explains_an_unreachable_line_api() -> None:
    app = _app(LINE_CHANNEL_ACCESS_TOKEN=TOKEN)  # points at a closed local port
    result = app.test_cli_runner().invoke(richmenu_command, [])
    assert result.exit_code != 0
    assert "cannot reach the LINE API" in result.output
