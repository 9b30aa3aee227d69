"""The rich menu: the bot's main commands as a picture under the chat, and ``dgr richmenu``.

Each tile sends its command as a text message, exactly as if the user had typed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import urllib3
from flask import current_app
from flask.cli import with_appcontext
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessageAction,
    MessagingApi,
    MessagingApiBlob,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
)

from bot import texts
from bot.chat import menus
from bot.chat.commands import menu_words
from bot.richmenu_image import (
    IconPainter,
    ThaiShapingUnavailable,
    Tile,
    grid_cells,
    icon_about,
    icon_glossary,
    icon_help,
    icon_result,
    icon_resume,
    icon_start,
    render_tiles,
)
from knowledge.loader import shipped_catalog
from storage.flask_ext import catalog

# Rich menus this tool created carry this name; re-running replaces them instead of piling up.
MENU_NAME = "dgr-main-menu"
CHAT_BAR_TEXT = "เมนู"
WIDTH, HEIGHT = 2500, 1686  # LINE's "large" size
ROWS, COLUMNS = 2, 3


@dataclass(frozen=True)
class MenuItem:
    command: str  # the text the bot understands; also the action label (≤ 20 characters)
    tile: Tile


# How each command of the rich menu (its place in the command table) is drawn.
_TILES: dict[str, tuple[str, IconPainter, bool]] = {
    texts.START: ("ทำแบบประเมินชุดใหม่", icon_start, True),
    texts.RESUME: ("ทำต่อจากที่ค้างไว้", icon_resume, False),
    texts.RESULT: ("ดูผลครั้งล่าสุด", icon_result, False),
    texts.ASK: ("คำศัพท์และเกณฑ์", icon_glossary, False),
    texts.HELP: ("วิธีใช้งาน", icon_help, False),
    texts.ABOUT: ("กรอบการประเมินปี {year}", icon_about, False),
}


def menu_items(year: int | None = None) -> tuple[MenuItem, ...]:
    """The rich menu's commands, in the command table's order (``year``: the framework
    year on the "about" tile; the shipped current year by default)."""
    year = year or shipped_catalog().current.year
    items = []
    for word in menu_words(menus.RICH_MENU):
        subtitle, icon, highlight = _TILES[word]
        items.append(MenuItem(word, Tile(word, subtitle.format(year=year), icon, highlight)))
    return tuple(items)


def render_image(items: Sequence[MenuItem] | None = None, fmt: str = "PNG") -> bytes:
    """The menu picture (PNG by default, or JPEG), WIDTH × HEIGHT, tiles in reading order."""
    tiles = [item.tile for item in items or menu_items()]
    return render_tiles(tiles, WIDTH, HEIGHT, ROWS, COLUMNS, fmt)


def rich_menu_request(
    items: Sequence[MenuItem] | None = None,
    name: str = MENU_NAME,
    chat_bar_text: str = CHAT_BAR_TEXT,
) -> RichMenuRequest:
    """The rich-menu object; its tap areas are the picture's grid cells, in the same order."""
    items = items or menu_items()
    cells = grid_cells(WIDTH, HEIGHT, ROWS, COLUMNS)
    areas = [
        RichMenuArea(
            bounds=RichMenuBounds(x=x, y=y, width=w, height=h),
            action=MessageAction(label=item.command, text=item.command),
        )
        for item, (x, y, w, h) in zip(items, cells, strict=True)
    ]
    return RichMenuRequest(
        size=RichMenuSize(width=WIDTH, height=HEIGHT),
        selected=True,
        name=name,
        chat_bar_text=chat_bar_text,
        areas=areas,
    )


def image_content_type(image: bytes) -> str:
    if image.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if image.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    raise ValueError("the rich-menu image must be a PNG or a JPEG")


def install_rich_menu(
    api_base_url: str,
    data_base_url: str,
    access_token: str,
    image: bytes,
    items: Sequence[MenuItem] | None = None,
) -> str:
    """Validate, create, upload the picture, make it everyone's default, remove our older menus.

    Returns the new richMenuId. If a step after creation fails, the new menu is deleted again
    and the error is raised; the previous menu then stays the default.
    """
    request = rich_menu_request(items)
    content_type = image_content_type(image)
    api_config = Configuration(host=api_base_url, access_token=access_token)
    data_config = Configuration(host=data_base_url, access_token=access_token)
    with ApiClient(api_config) as api_client, ApiClient(data_config) as data_client:
        api = MessagingApi(api_client)
        api.validate_rich_menu_object(request)
        previous = [
            menu.rich_menu_id
            for menu in api.get_rich_menu_list().richmenus
            if menu.name == MENU_NAME
        ]
        rich_menu_id = api.create_rich_menu(request).rich_menu_id
        try:
            MessagingApiBlob(data_client).set_rich_menu_image(
                rich_menu_id, image, _headers={"Content-Type": content_type}
            )
            api.set_default_rich_menu(rich_menu_id)
        except ApiException:
            api.delete_rich_menu(rich_menu_id)
            raise
        for old_id in previous:
            api.delete_rich_menu(old_id)
    return rich_menu_id


@click.command("richmenu")
@click.option(
    "--image-only",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Only write the menu picture to this file (for review); nothing is sent to LINE.",
)
@with_appcontext
def richmenu_command(image_only: Path | None) -> None:
    """Create the rich menu with the main commands and make it the default for all users."""
    config = current_app.config
    token = config.get("LINE_CHANNEL_ACCESS_TOKEN")
    if image_only is None and not token:
        raise click.ClickException(
            "LINE_CHANNEL_ACCESS_TOKEN is not set: the rich menu cannot be installed without "
            "the channel access token (use --image-only PATH to just write the picture)"
        )
    items = menu_items(catalog().current.year)
    try:
        image = render_image(items)
    except ThaiShapingUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    if image_only is not None:
        image_only.write_bytes(image)
        click.echo(f"wrote {image_only} ({WIDTH}×{HEIGHT} PNG, {len(image) // 1024} KB)")
        return
    try:
        rich_menu_id = install_rich_menu(
            config["LINE_API_BASE_URL"], config["LINE_API_DATA_BASE_URL"], token, image, items
        )
    except ApiException as exc:
        body = exc.body.decode(errors="replace") if isinstance(exc.body, bytes) else exc.body
        raise click.ClickException(
            f"LINE refused the rich menu (HTTP {exc.status}): {body or exc.reason}"
        ) from exc
    except urllib3.exceptions.HTTPError as exc:
        raise click.ClickException(f"cannot reach the LINE API: {exc}") from exc
    click.echo(f"rich menu {rich_menu_id} is now the default for all users ({MENU_NAME})")
