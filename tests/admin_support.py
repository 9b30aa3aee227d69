"""Helpers of the admin-web tests: apps, accounts, sign-in, CSRF tokens, and assessments
stored as the bot stores them (result = scoring.score(...).to_dict())."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from dgr import create_app
from scoring import score
from scoring.answers import AnswerValue
from storage.agencies import agency_for
from storage.assessments import Status, complete, encode_answer
from storage.db import Database
from storage.models import Agency, Answer, Assessment, AssessmentMember, Respondent, utcnow
from tests.frameworks import FRAMEWORK

PASSWORD = "correct-horse-battery"
USERS = {"admin": "boss", "editor": "edith", "viewer": "vera"}


def make_app(database_url: str, **config: Any) -> Flask:
    settings = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "LINE_CHANNEL_SECRET": "",
        "LINE_CHANNEL_ACCESS_TOKEN": "",
    }
    settings.update(config)
    return create_app(settings)


def db_of(app: Flask) -> Database:
    return app.extensions["dgr.db"]


def create_user(app: Flask, username: str, role: str, password: str = PASSWORD) -> None:
    result = app.test_cli_runner().invoke(
        args=["create-admin", username, "--role", role, "--password-stdin"],
        input=password + "\n",
    )
    assert result.exit_code == 0, result.output


def log_in(
    client: FlaskClient, username: str, password: str = PASSWORD, address: str = "127.0.0.1"
) -> Any:
    return client.post(
        "/admin/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def page(response: Any) -> str:
    return response.get_data(as_text=True)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def add_assessment(
    app: Flask,
    answers: Mapping[str, AnswerValue],
    *,
    agency_type: str = "service",
    agency_name: str | None = "กรมตัวอย่าง",
    line_user_id: str | None = None,
    status: str = "completed",
    scope: list[str] | None = None,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
) -> int:
    """An assessment stored as the bot stores it (``storage.assessments``)."""
    started = started_at or utcnow() - timedelta(hours=1)
    with db_of(app).session() as session:
        respondent = None
        if line_user_id:
            respondent = session.query(Respondent).filter_by(line_user_id=line_user_id).first()
        if respondent is None:
            respondent = Respondent(
                line_user_id=line_user_id or f"U{uuid.uuid4().hex}",
                agency_name=agency_name,
                agency_type=agency_type,
            )
        agency = agency_for(session, agency_name, agency_type)
        assessment = Assessment(
            respondent=respondent,
            agency_id=agency.id if agency else None,
            framework_year=FRAMEWORK.year,
            agency_type=agency_type,
            agency_name=agency_name,
            scope=scope,
            status=status,
            started_at=started,
        )
        session.add(assessment)
        session.flush()
        session.add(AssessmentMember(
            assessment_id=assessment.id, respondent_id=respondent.id, role="coordinator"
        ))  # fmt: skip
        for question_id, value in answers.items():
            stored = encode_answer(value)
            session.add(Answer(
                assessment_id=assessment.id, question_id=question_id, value=stored,
                answered_by=respondent.id,
            ))  # fmt: skip
        if status == Status.COMPLETED:
            result = score(FRAMEWORK, agency_type, answers, scope)  # type: ignore[arg-type]
            complete(assessment, result)
            assessment.finished_at = finished_at or started + timedelta(minutes=30)
        return assessment.id


def place_agency_of(app: Flask, assessment_id: int, place_id: str) -> int:
    """Put the assessment's agency in a ministry or province (whichever its type belongs
    to); the agency's id."""
    with db_of(app).session() as session:
        agency = session.get_one(Agency, session.get_one(Assessment, assessment_id).agency_id)
        if agency.agency_type == "provincial":
            agency.province_id = place_id
        else:
            agency.ministry_id = place_id
        return agency.id
