"""The DfE files read as they really are: suppressed codes are missing, never
0; the workforce file's 151 rows join the other files through old_la_code and
the alias table. Figures are from the 2025 release (dfe.VINTAGE): DfE revises
back years in each release, so a new release may change them."""

import csv

import pytest

from safeworkload.staffing import dfe


@pytest.fixture(scope="module")
def data() -> dfe.DfeData:
    return dfe.load()


def _raw(name: str, year: int, code: str, field: str, **match: str) -> str:
    for row in dfe.local_authority_rows(name):
        if (
            row["time_period"] == str(year)
            and row["old_la_code"] == code
            and all(row[k] == v for k, v in match.items())
        ):
            return row[field]
    raise LookupError((name, year, code))


def test_the_files_are_from_the_2025_release():
    assert dfe.VINTAGE == "2025 release"


@pytest.mark.parametrize("code", ["c", "x", "z", "u", "low", "LOW", " x ", ""])
def test_a_suppressed_or_empty_cell_is_missing_not_zero(code):
    assert dfe.figure(code) is None


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [("21105.4", 21105.4, float), ("491", 491, int), ("0", 0, int), ("15.0", 15.0, float)],
)
def test_a_published_number_keeps_the_form_it_was_published_in(text, expected, kind):
    value = dfe.figure(text)
    assert value == expected
    assert type(value) is kind


@pytest.mark.parametrize("text", ["n/a", "12,000", "[c]"])
def test_a_cell_that_is_neither_a_number_nor_a_known_code_is_an_error(text):
    with pytest.raises(dfe.DataError, match="neither a number nor a suppression code"):
        dfe.figure(text)


def test_the_workforce_file_has_151_authorities_in_2025(data):
    rows = data.workforce_rows(2025)
    assert len(rows) == 151
    assert len({row.la_code for row in rows}) == 151


def test_every_2025_authority_has_its_need_published(data):
    missing = [
        row.la_name
        for row in data.workforce_rows(2025)
        if None in (data.need(row.la_code, 2025).population, data.need(row.la_code, 2025).cin_open)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("la_code", "la_name", "case_holders_fte", "cases", "caseload_fte", "inpost_fte"),
    [
        ("840", "County Durham", 264.4, 4378, 16.6, 403.7),
        ("886", "Kent", 491, 8359, 17, 765.3),
        ("370", "Barnsley", 98.1, 1495, 15.2, 208.2),
        ("207", "Kensington and Chelsea", None, None, None, None),
        ("213", "Westminster", None, None, None, None),
    ],
)
def test_named_authorities_workforce_figures_are_exactly_as_published(
    data, la_code, la_name, case_holders_fte, cases, caseload_fte, inpost_fte
):
    row = next(row for row in data.workforce_rows(2025) if row.la_code == la_code)
    assert row.la_name == la_name
    assert row.case_holders_fte == case_holders_fte
    assert row.cases == cases
    assert row.caseload_fte == caseload_fte
    assert row.inpost_fte == inpost_fte


def test_kensington_and_chelseas_suppressed_caseload_is_missing_in_2025(data):
    row = next(row for row in data.workforce_rows(2025) if row.la_code == "207")
    assert _raw(dfe.WORKFORCE_FILE, 2025, "207", "cases") == "x"
    assert row.cases is None
    assert row.caseload_fte is None


def test_kingston_and_richmond_share_a_row_whose_need_is_the_sum_of_both(data):
    need = data.need("314 / 318", 2025)
    for field, name, column, year in (
        ("cin_open", dfe.CHILDREN_IN_NEED_FILE, "At31_episodes", 2025),
        ("referrals", dfe.REFERRALS_FILE, "referral_count", 2025),
        ("population", dfe.POPULATION_FILE, "population_estimate", 2024),
    ):
        parts = [int(_raw(name, year, code, column)) for code in ("314", "318")]
        assert getattr(need, field) == sum(parts)


def test_north_and_west_northamptonshire_are_summed_after_the_split(data):
    merged = data.need("940 / 941", 2025)
    parts = [
        int(_raw(dfe.CHILDREN_IN_NEED_FILE, 2025, code, "At31_episodes")) for code in ("940", "941")
    ]
    assert merged.cin_open == sum(parts)


def test_northamptonshire_before_the_split_continues_the_merged_rows_series(data):
    assert dfe.components("940 / 941", 2020, data.children_in_need) == ("928",)
    assert data.need("940 / 941", 2020).cin_open == int(
        _raw(dfe.CHILDREN_IN_NEED_FILE, 2020, "928", "At31_episodes")
    )


@pytest.mark.parametrize(
    ("la_code", "new_code", "old_new_code"),
    [("370", "E08000038", "E08000016"), ("373", "E08000039", "E08000019")],
)
def test_barnsley_and_sheffield_join_on_old_code_despite_new_gss_codes(
    data, la_code, new_code, old_new_code
):
    row = next(row for row in data.workforce_rows(2025) if row.la_code == la_code)
    assert row.new_la_code == new_code
    assert _raw(dfe.CHILDREN_IN_NEED_FILE, 2025, la_code, "new_la_code") == old_new_code
    assert data.need(la_code, 2025).cin_open == int(
        _raw(dfe.CHILDREN_IN_NEED_FILE, 2025, la_code, "At31_episodes")
    )


def test_cumberland_has_no_need_in_2023_because_cumbrias_cannot_be_split(data):
    need = data.need("942", 2023)
    assert need.cin_open is None
    assert need.population is None
    assert data.need("942", 2025).cin_open == int(
        _raw(dfe.CHILDREN_IN_NEED_FILE, 2025, "942", "At31_episodes")
    )


def test_a_merged_row_with_one_part_suppressed_is_missing_not_the_other_part():
    table: dfe.Table = {
        (2025, "314"): {"At31_episodes": 900},
        (2025, "318"): {"At31_episodes": None},
    }
    assert dfe.lookup(table, "314 / 318", 2025, "At31_episodes") is None


def test_a_merged_row_with_a_part_absent_from_a_file_is_missing():
    table: dfe.Table = {(2025, "314"): {"At31_episodes": 900}}
    assert dfe.lookup(table, "314 / 318", 2025, "At31_episodes") is None


def _workforce(la_code: str, new_la_code: str) -> dfe.Workforce:
    return dfe.Workforce(2025, la_code, new_la_code, "Somewhere", "Region", *[None] * 7)


def test_a_new_code_difference_the_alias_table_does_not_expect_stops_loading():
    with pytest.raises(dfe.DataError, match="add it to RECODED"):
        dfe.check_codes([_workforce("999", "E06000999")], {(2025, "999"): "E06000111"}, "file")


def test_a_new_code_difference_the_alias_table_expects_is_accepted():
    dfe.check_codes([_workforce("370", "E08000038")], {(2025, "370"): "E08000016"}, "file")


def test_the_data_readme_carries_the_attribution_source_and_vintage():
    readme = (dfe.DATA / "README.md").read_text()
    assert (
        "Contains public sector information licensed under the Open Government Licence v3.0"
        in readme
    )
    assert "dfe-analytical-services/CSC_outcomes_and_enablers" in readme
    assert "2f5d11a" in readme
    assert "2025 release" in readme


def test_every_shipped_file_is_a_csv_with_a_header():
    for name in (
        dfe.WORKFORCE_FILE,
        dfe.CHILDREN_IN_NEED_FILE,
        dfe.REFERRALS_FILE,
        dfe.LOOKED_AFTER_FILE,
        dfe.PROTECTION_PLANS_FILE,
        dfe.POPULATION_FILE,
    ):
        with (dfe.DATA / name).open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle))
        assert header[:3] == ["time_period", "time_identifier", "geographic_level"]
