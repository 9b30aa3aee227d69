"""The framework data's commands: ``dgr check-knowledge`` and ``dgr score`` (plain click
commands: they need no app and no database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from knowledge.loader import DATA_DIR, KnowledgeError, load_catalog


@click.command("check-knowledge")
@click.option("--data-dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_knowledge_command(data_dir: Path | None) -> None:
    """Validate the framework data files and print a summary."""
    from knowledge.summary import summary_lines

    try:
        catalog = load_catalog((data_dir or DATA_DIR,))
    except KnowledgeError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from exc
    for knowledge in catalog.years.values():
        for line in summary_lines(knowledge):
            click.echo(line)


@click.command("score")
@click.argument("answers_file", type=click.File("r", encoding="utf-8"))
def score_command(answers_file: Any) -> None:
    """Score an answers file (JSON, see README) and print the result as JSON."""
    from knowledge.catalog import UnknownYear
    from scoring import parse_answers_document, score
    from scoring.answers import AnswerError

    catalog = load_catalog()
    try:
        document = json.load(answers_file)
        if not isinstance(document, dict):
            raise AnswerError("(document)", "expected a JSON object")
        year = document.get("framework_year", catalog.current.year)
        framework = catalog.framework(year)
        parsed = parse_answers_document(framework, document)
    except UnknownYear as exc:
        known = ", ".join(map(str, catalog.years))
        message = f"{answers_file.name}: no framework year {exc.args[0]} (known: {known})"
        raise click.ClickException(message) from exc
    except (json.JSONDecodeError, AnswerError) as exc:
        raise click.ClickException(f"{answers_file.name}: {exc}") from exc
    result = score(framework, parsed.agency_type, parsed.answers, parsed.scope)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


COMMANDS = (check_knowledge_command, score_command)
