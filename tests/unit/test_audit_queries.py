"""The audit package's queries name the event models' fields, not free-typed JSON paths."""

from __future__ import annotations

import pytest

from tellerguard.audit.queries import payload_path
from tellerguard.audit.schema import DERIVED_COLUMNS, PLAIN_PAYLOAD_PATHS
from tellerguard.domain.events import EVENT_TYPES, AssessmentShown, BusinessRefused


def _resolves(fields: tuple[str, ...]) -> bool:
    for model in EVENT_TYPES.values():
        try:
            payload_path(model, *fields)
        except KeyError:
            continue
        return True
    return False


def test_payload_path_follows_nested_models() -> None:
    assert payload_path(AssessmentShown, "subject", "cash") == "$.payload.subject.cash"
    assert payload_path(BusinessRefused, "subject", "payee_account", "h") == (
        "$.payload.subject.payee_account.h"
    )


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (BusinessRefused, ("referred_to_police_typo",)),
        (AssessmentShown, ("subject", "cash", "deeper")),
        (AssessmentShown, ("decision",)),
    ],
)
def test_payload_path_refuses_a_field_the_model_lacks(
    model: type[AssessmentShown], fields: tuple[str, ...]
) -> None:
    with pytest.raises(KeyError, match=fields[-1]):
        payload_path(model, *fields)


@pytest.mark.parametrize(
    "path", [p for _, _, p in DERIVED_COLUMNS if p.startswith("$.payload.")], ids=str
)
def test_every_derived_column_reads_a_field_some_event_has(path: str) -> None:
    """A renamed payload field would leave its generated column NULL forever."""
    assert _resolves(tuple(path.removeprefix("$.payload.").split(".")))


@pytest.mark.parametrize("fields", PLAIN_PAYLOAD_PATHS, ids=".".join)
def test_every_plain_payload_path_is_a_field_some_event_has(fields: tuple[str, ...]) -> None:
    assert _resolves(fields)
