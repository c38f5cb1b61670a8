"""Acceptance: Schemathesis calls every operation of the generated OpenAPI document with
generated data, logged in through an auth hook that mints a fresh token: no server error,
and every answer's status, content type, headers and body match what the document says."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from portal.citizens import api_tokens
from portal.extensions import db
from portal.models import ApiToken

MAX_EXAMPLES = 6  # per operation: the whole run stays around a minute on a shared machine
# The forms' own rules (an Indonesian mobile number, a kelurahan id, a service's fields) are
# richer than a JSON schema says: data the schema allows may still get a 422 with messages.
NOT_CHECKED = [positive_data_acceptance]


@pytest.fixture
def api_schema(app, citizen_account, make_application):
    """The served document, with an auth hook that mints a token for an active citizen."""
    account = citizen_account()
    make_application("sku")  # the account has an application to read
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    @schema.auth()
    class MintedToken:
        """A new bearer token of the active test account."""

        def get(self, case, context):
            return api_tokens.issue(account)[0]

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return schema


def _check_operation(schema, operation) -> list[int]:
    statuses = []

    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(auth_storage=schema.auth))
    def call(case):
        response = case.call_and_validate(excluded_checks=NOT_CHECKED)
        statuses.append(response.status_code)

    call()
    return statuses


def test_every_operation_answers_as_documented(api_schema):
    answered = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        answered[operation.label] = _check_operation(api_schema, operation)
    assert len(answered) == 18 and all(answered.values())
    assert 200 in answered["GET /permohonan"]  # the minted tokens were accepted
    assert db.session.query(ApiToken).count() > 0
