"""SUR-01: no stored link between a response and a person (reference/06 section 8).

The promise is checked on the schema itself, on what the submit path logs and
audits, and on the URLs: nothing in the product can fetch one response.
"""

import logging
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from safeworkload.audit.models import AuditEntry
from safeworkload.healthcheck.models import Answer, Comment, Invitation, Response
from safeworkload.healthcheck.services.survey import invitation_create
from safeworkload.healthcheck.tests.survey_helpers import TODAY, answers_post, make_survey
from safeworkload.organisations.models import Person

ANONYMOUS = [Response, Answer, Comment]
IDENTIFYING = re.compile(r"ip|addr|agent|browser|session|user|person|token|email|name", re.I)


@pytest.mark.parametrize("model", ANONYMOUS, ids=lambda m: m.__name__)
def test_no_anonymous_table_has_a_key_to_a_user_or_a_staff_record(model):
    targets = {f.related_model for f in model._meta.fields if f.is_relation}
    assert get_user_model() not in targets
    assert Person not in targets
    assert Invitation not in targets


@pytest.mark.parametrize("model", ANONYMOUS, ids=lambda m: m.__name__)
def test_keys_are_random_uuids_not_a_counter(model):
    pk = model._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4


@pytest.mark.parametrize("model", ANONYMOUS, ids=lambda m: m.__name__)
def test_no_time_finer_than_the_day_is_kept(model):
    assert not any(
        isinstance(f, models.DateTimeField | models.TimeField) for f in model._meta.fields
    )


@pytest.mark.parametrize("model", ANONYMOUS, ids=lambda m: m.__name__)
def test_no_field_is_named_like_an_address_browser_session_or_person(model):
    names = [f.name for f in model._meta.fields]
    assert not [n for n in names if IDENTIFYING.search(n)], names


def test_a_comment_has_no_link_back_to_its_response():
    assert Response not in {f.related_model for f in Comment._meta.fields if f.is_relation}


def test_the_invitation_shares_no_field_with_the_response_but_the_survey():
    invitation = {f.name for f in Invitation._meta.fields}
    response = {f.name for f in Response._meta.fields}
    assert invitation & response == {"id", "organisation", "survey"}
    # The keys are of different kinds, so no key of one can be the key of the other.
    assert type(Invitation._meta.pk) is not type(Response._meta.pk)
    assert not any(isinstance(f, models.DateTimeField) for f in Invitation._meta.fields)


@pytest.mark.django_db
def test_the_submit_path_logs_and_audits_nothing_of_the_answers(client, world, caplog):
    survey = make_survey(world.a)
    token = invitation_create(survey=survey, person=world.practitioner_person, today=TODAY)
    comment = "Distinctive-comment-7f3a about the office"
    audit_before = AuditEntry.objects.count()
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        logging.getLogger(name).setLevel(logging.DEBUG)
    url = f"/health-check/answer/{token}/"
    client.get(url)
    response = client.post(url, answers_post(hours_worked="93.5", comments=comment))
    assert response.status_code == 302
    assert Response.objects.count() == 1
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "Distinctive-comment-7f3a" not in logged
    assert "93.5" not in logged
    assert token not in logged
    assert AuditEntry.objects.count() == audit_before


def _view_names_taking(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _view_names_taking(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            found.append(prefix + str(pattern.pattern))
    return found


def test_no_url_takes_a_response_answer_or_comment_id():
    routes = _view_names_taking(get_resolver().url_patterns)
    assert any(r.startswith("health-check/") for r in routes), "the resolver gave no routes"
    parameters = [p for r in routes for p in re.findall(r"<[^>]+>", r)]
    assert not [p for p in parameters if re.search(r"uuid|response|answer|comment", p, re.I)]
