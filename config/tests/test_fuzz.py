"""Bad input never makes a server error: every URL of the product (the authorization matrix's cases:
pages, PDFs, downloads, every admin screen, import, export, autocomplete), GET and POST, mostly as
a role the policy lets in (a refused request never reads its input), with Hypothesis changing the
ids in its path, its query string and its form: huge integers, non-numeric ids, overlong strings,
odd Unicode, fields left out or sent twice.

The cases, users and rolled-back requests are the matrix's own (test_authorization_matrix.py). The
inputs are derived from a fixed seed, so a run is repeatable; FUZZ_EXAMPLES sets the number of
requests per URL (default 6: about 1,250 requests in 25 s). The count of requests sent and of server
errors is printed at the end of the run ("fuzz: requests=…").
"""

import os
import re
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import record
from .policy import POLICY
from .test_authorization_matrix import (  # noqa: F401 (clients and fast_documents are fixtures)
    ROLES, URLS, cases, clients, expected, fast_documents, run_case,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
TOTALS = {"requests": 0, "server_errors": 0, "urls": set()}

# Names the product's pages and the admin read from a query string or a form.
KNOWN_NAMES = [
    "ward", "campaign", "year", "nam", "trang", "tep", "p", "o", "q", "e", "_changelist_filters", "action",
    "_selected_action", "index", "select_across", "post", "format", "resource", "import_file_name",
    "original_file_name", "next", "term", "app_label", "model_name", "field_name", "trang-thai", "dip",
    "reason", "comment", "number", "date", "kind", "loaded_version", "status__exact", "year__exact",
    "ward__id__exact", "campaign__id__exact", "ward__district__id__exact", "_popup", "_to_field",
    # The foreign keys of the product's forms, which the admin's add page also takes as ?name=<id>.
    "proposing_ward", "award_form", "district", "province", "user", "nomination", "criterion", "parent",
    "owner_district", "owner_province", "successor", "groups", "user_permissions",
]
NUMBERS = st.one_of(
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70).map(str),
    st.sampled_from(["99999999999999999999", "9223372036854775808", "-1", "0", "1e9", "1.5", " 7", "0x10"]),
)
WORDS = st.sampled_from([
    "abc", "", " ", "null", "None", "../../etc/passwd", "%00", "\x00", "١٢٣", "１２", "𝟙𝟚", "\u202e1",
    "<script>", "' OR 1=1 --", "Phường\u200bKhương Đình", "ǅ", "\ufdfa", "a/b", "\\", "\U0001f600",
])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
OVERLONG = st.builds(lambda piece, times: piece * times, st.sampled_from(["x", "ư", "9", "\U0001f600"]),
                     st.sampled_from([300, 5_000, 60_000]))
# Numbers first: ids are where a value reaches the database, and Hypothesis draws the first more often.
BAD = st.one_of(NUMBERS, WORDS, TEXT, OVERLONG)


def _with_path_changed(url: str, value: str) -> str:
    """`url` with one of its segments (an id, a code, a year) replaced by `value`."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    # The ids and years first: where there are some, a name of the path is changed only one time in four.
    numbers = [i for i, segment in enumerate(segments) if re.fullmatch(r"[0-9]+(\.xlsx)?", segment)]
    names = [i for i, segment in enumerate(segments) if re.fullmatch(r"[0-9a-z_-]{2,}", segment) and i not in numbers]
    candidates = numbers if numbers and len(value) % 4 else names or numbers
    if not candidates:
        return url
    index = candidates[len(value) % len(candidates)]
    segments[index] = quote(value, safe="")
    return urlunsplit(parts._replace(path="/".join(segments)))


@st.composite
def requests(draw, found, rule):
    """(case, role, method, url, data): one of the matrix's cases `found`, changed."""
    case = draw(st.sampled_from(found))
    # The names the case's own form sends come first: those are what its view reads.
    own = sorted(case.data) if isinstance(case.data, dict) else []
    names = st.sampled_from(own + KNOWN_NAMES) | TEXT
    methods = [m for m, allowed in (("GET", case.get), ("POST", case.post)) if allowed] or ["GET"]
    method = draw(st.sampled_from(methods))
    # Mostly a role the policy lets in: a refused request never reaches the code that reads the input.
    who = case.allowed if case.allowed is not None else (rule.get if method == "GET" else rule.post)
    admitted = [role for role in ROLES if expected(who, role, case)]
    role = draw(st.sampled_from(admitted if admitted and draw(st.integers(0, 3)) else ROLES))
    url = case.url
    if draw(st.booleans()):
        url = _with_path_changed(url, draw(BAD))
    query = draw(st.lists(st.tuples(names, BAD), max_size=4))
    if query:
        joiner = "&" if "?" in url else "?"
        url = url + joiner + urlencode(query)
    data = None
    if method == "POST":
        data = case.data
        if callable(data):
            data = (data, getattr(data, "wants_user", False))
        else:
            data = (dict(data), False)
        changes = draw(st.lists(
            st.tuples(st.sampled_from(["set", "drop", "twice", "add"]), names, BAD),
            max_size=5,
        ))
        data = (*data, changes)
    return case, role, method, url, data


def _post_data(data, user):
    source, wants_user, changes = data
    values = dict(source(user) if wants_user else source()) if callable(source) else dict(source)
    names = list(values)
    for index, (kind, name, value) in enumerate(changes):
        if names and kind in ("set", "drop", "twice"):
            name = names[index % len(names)]
        if kind == "drop":
            values.pop(name, None)
        elif kind == "twice":
            first = values.get(name, value)
            if isinstance(first, (list, tuple)):
                first = first[0] if first else value
            values[name] = [first, value]
        else:
            values[name] = value
    return values


@pytest.mark.parametrize("key", sorted(URLS))
def test_no_input_makes_a_server_error(key, world, clients):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(request=requests(cases(key, POLICY[key], world), POLICY[key]))
    def attempt(request):
        case, role, method, url, data = request
        client, cookies = clients[role]
        user = world.users[role]
        fuzzed = case.__class__(**{**case.__dict__, "url": url})
        if method == "POST":
            payload = _post_data(data, user)
            fuzzed.data = lambda: payload
        TOTALS["requests"] += 1
        try:
            response, _ = run_case(client, cookies, method, fuzzed, user=user)
        except Exception:  # the test client raises what the view raised, where a server answers 500
            TOTALS["server_errors"] += 1
            raise
        if response.status_code >= 500:
            TOTALS["server_errors"] += 1
        assert response.status_code < 500, f"{method} {url} as {role}: {response.status_code}"

    attempt()
    TOTALS["urls"].add(key)
    record("fuzz", requests=TOTALS["requests"], urls=len(TOTALS["urls"]), server_errors=TOTALS["server_errors"])


def test_fuzz_totals():
    if TOTALS["urls"] != set(URLS):
        pytest.skip("only part of the fuzz ran")
    print(f"fuzz: {TOTALS['requests']} generated requests over {len(URLS)} URL patterns, "
          f"{TOTALS['server_errors']} server errors")
    assert TOTALS["requests"] >= len(URLS) * EXAMPLES // 2
    assert TOTALS["server_errors"] == 0
