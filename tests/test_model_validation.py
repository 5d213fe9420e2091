"""The published figures, reproduced from the data in ../shared/data/ (see its README)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from backchannel.errors import BackchannelError
from backchannel.model.datasets import load_bdm_case, load_deu
from backchannel.model.expected_utility import expected_utility_model
from backchannel.model.validation import score, validate_case, validate_deu
from backchannel.model.weighted_median import weighted_median

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEU = DATA / "deu" / "deu3.tsv"
BDM = DATA / "bdm" / "ec_emissions_1994.csv"


@pytest.fixture(scope="module")
def deu_table():
    if not DEU.is_file():
        pytest.skip(f"DEU data not found at {DEU} (../shared/data is not beside the repository)")
    return {row.model: row for row in validate_deu(load_deu(DEU))}


@pytest.fixture(scope="module")
def emissions():
    if not BDM.is_file():
        pytest.skip(f"1994 emissions case not found at {BDM} (../shared/data is not beside the repository)")
    return load_bdm_case(BDM)


def test_deu_has_351_scoreable_issues(deu_table):
    assert deu_table["compromise (weighted mean)"].issues == 351
    assert deu_table["weighted median"].issues == 351


def test_deu_compromise_model_error(deu_table):
    assert deu_table["compromise (weighted mean)"].mae == pytest.approx(23.6, abs=0.2)


def test_deu_weighted_median_error(deu_table):
    assert deu_table["weighted median"].mae == pytest.approx(28.3, abs=0.3)


def test_deu_reference_point_error(deu_table):
    assert deu_table["reference point"].mae == pytest.approx(51.3, abs=0.2)


def test_deu_table_reports_every_model(deu_table):
    assert set(deu_table) == {"reference point", "compromise (weighted mean)", "weighted median",
                              "Nash bargaining (status quo)", "expected utility (BDM/Scholz)"}
    for row in deu_table.values():
        assert 0 <= row.exact_hits <= 1
        assert 0 < row.se < row.mae
    # Nash needs a reference point: scored on the issues that have one, like the reference point itself
    assert deu_table["Nash bargaining (status quo)"].issues == deu_table["reference point"].issues


def test_deu_file_missing_gives_a_coded_error(tmp_path):
    with pytest.raises(BackchannelError) as err:
        load_deu(tmp_path / "nope.tsv")
    assert err.value.code == "BC031"


def test_score_by_hand():
    # errors |10-0|, |50-45|, |99-99| = 10, 5, 0 (NaN forecast skipped): mae 5, one hit of three
    s = score("m", np.array([10.0, 50.0, 99.0, np.nan]), np.array([0.0, 45.0, 99.0, 3.0]))
    assert (s.issues, s.mae, s.exact_hits) == (3, 5.0, pytest.approx(1 / 3))
    assert s.se == pytest.approx(np.std([10, 5, 0], ddof=1) / np.sqrt(3))


def test_1994_compromise_and_initial_weighted_median(emissions):
    report = validate_case(emissions)
    assert report["compromise"] == pytest.approx(7.39, abs=0.005)
    assert report["weighted_median"] == 7.0


def test_1994_expected_utility_model_reported_beside_the_published_forecast(emissions):
    report = validate_case(emissions)
    assert (report["published_bdm"], report["actual"]) == (9.05, 8.83)
    # the forecast is the weighted median of the last round's positions, within the range of stated positions
    result = expected_utility_model(emissions.position, emissions.capability, emissions.salience)
    last = result.path[-1]
    assert report["expected_utility"] == weighted_median(last.positions, emissions.capability * emissions.salience)
    assert emissions.position.min() <= report["expected_utility"] <= emissions.position.max()
    assert len(report["expected_utility_path"]) == len(result.path) >= 2


def test_1994_stop_rule_declines_the_round_that_would_lower_the_process_value(emissions):
    # with win probabilities pooled over all pairs the median climbs to 10; the next round
    # (everyone drifting back) lowers the expected utility of the process, so "improve" stops there
    args = (emissions.position, emissions.capability, emissions.salience)
    stopped = expected_utility_model(*args, pooled=True)
    full = expected_utility_model(*args, pooled=True, stop="rounds")
    assert stopped.stopped == "no improvement"
    n = len(stopped.path)
    assert [r.median for r in full.path[:n]] == [r.median for r in stopped.path]
    assert full.path[n].value <= stopped.path[-1].value
    assert validate_case(emissions)["expected_utility_pooled_stopped"] == "no improvement"
