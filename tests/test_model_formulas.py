"""Each forecasting formula on small cases worked out by hand in the comments."""
from __future__ import annotations

import numpy as np
import pytest

from backchannel.model.compromise import compromise
from backchannel.model.expected_utility import (accept_offers, challenge_utility, expected_utility_model, offers,
                                                perceived_utilities, process_value, risk_exponent, win_probability)
from backchannel.model.nash import BargainingProblem, nash_forecast, nash_solution
from backchannel.model.utility import issue_weights, utility
from backchannel.model.weighted_median import weighted_median


def test_compromise_is_the_capability_times_salience_weighted_mean():
    # positions 0, 100, 40; c = 1, 1, 2; s = 50, 50, 25  ->  weights 50, 50, 50
    # (0*50 + 100*50 + 40*50) / 150 = 7000 / 150 = 46.67
    c = np.array([1.0, 1.0, 2.0])
    s = np.array([50.0, 50.0, 25.0])
    assert compromise(np.array([0.0, 100.0, 40.0]), c * s) == pytest.approx(7000 / 150)


def test_compromise_ignores_absent_actors_row_by_row():
    # row 1: (10*1 + 30*3) / 4 = 25; row 2: the NaN actor drops out, leaving 80
    pos = np.array([[10.0, 30.0], [np.nan, 80.0]])
    w = np.array([[1.0, 3.0], [5.0, 2.0]])
    assert compromise(pos, w) == pytest.approx([25.0, 80.0])


def test_weighted_median_is_where_cumulative_weight_reaches_half():
    # sorted: 0 (w 1), 20 (w 1), 90 (w 3); total 5, half 2.5; cumulative 1, 2, 5 -> 90
    assert weighted_median(np.array([90.0, 0.0, 20.0]), np.array([3.0, 1.0, 1.0])) == 90.0
    # weights 1, 1, 1, 1: cumulative reaches exactly half (2) at the second -> lower median 20
    assert weighted_median(np.array([0.0, 20.0, 60.0, 100.0]), np.ones(4)) == 20.0


def test_weighted_median_skips_missing_actors():
    # the NaN actor would be the heavy one; without it: 10 (w 1), 40 (w 1) -> lower median 10
    assert weighted_median(np.array([np.nan, 10.0, 40.0]), np.array([9.0, 1.0, 1.0])) == 10.0


def test_utility_is_one_minus_salience_weighted_distance():
    # actor: positions (20, 80), saliences (30, 10) -> weights (0.75, 0.25)
    # package (60, 80): 1 - (0.75*40 + 0.25*0)/100 = 0.7
    pos = np.array([[20.0, 80.0]])
    w = issue_weights(np.array([[30.0, 10.0]]), pos)
    assert w == pytest.approx(np.array([[0.75, 0.25]]))
    assert utility(np.array([60.0, 80.0]), pos, w) == pytest.approx([0.7])


def _problem(position, weights, power, status_quo, transfer=None, capacity=None):
    position = np.asarray(position, dtype=float)
    k = position.shape[1]
    transfer = np.zeros((0, len(position))) if transfer is None else np.asarray(transfer, dtype=float)
    capacity = np.zeros(0) if capacity is None else np.asarray(capacity, dtype=float)
    return BargainingProblem(position, np.asarray(weights, dtype=float), np.asarray(power, dtype=float),
                             np.asarray(status_quo, dtype=float), np.zeros(k), np.full(k, 100.0),
                             transfer, capacity)


def test_nash_one_issue_symmetric():
    # ideals 60 and 100, status quo 0, equal power. Gains (x100):
    #   x <= 60: g1 = x, g2 = x (product rises);  60 <= x <= 100: g1 = 120 - x, g2 = x
    #   (120 - x) x is largest at x = 60  ->  solution 60
    sol = nash_solution(_problem([[60.0], [100.0]], [[1.0], [1.0]], [0.5, 0.5], [0.0]))
    assert sol.agreement
    assert sol.package[0] == pytest.approx(60.0, abs=1e-3)
    assert sol.gains == pytest.approx([0.6, 0.6], abs=1e-5)


def test_nash_one_issue_asymmetric_power():
    # ideals 40 and 100, status quo 0, powers 0.25 and 0.75. On [40, 80]: g1 = 80 - x, g2 = x
    # maximise 0.25 log(80 - x) + 0.75 log x  ->  x = 0.75 * 80 = 60
    sol = nash_solution(_problem([[40.0], [100.0]], [[1.0], [1.0]], [0.25, 0.75], [0.0]))
    assert sol.package[0] == pytest.approx(60.0, abs=1e-3)


def test_nash_is_the_status_quo_when_someone_must_lose():
    # ideals on both sides of the status quo (20 < 50 < 90): any move hurts one of them
    sol = nash_solution(_problem([[20.0], [90.0]], [[1.0], [1.0]], [0.5, 0.5], [50.0]))
    assert not sol.agreement
    assert sol.package == pytest.approx([50.0])
    assert sol.nash_product == 0.0


def test_nash_finds_the_logroll_that_no_single_issue_allows():
    # A wants (100, 0) with weights (0.8, 0.2); B wants (0, 100) with weights (0.2, 0.8); status quo (0, 0).
    # Issue by issue, one of them always loses. As a package, for x in [0, 100]^2:
    #   gain_A = (0.8 x1 - 0.2 x2)/100, gain_B = (0.8 x2 - 0.2 x1)/100
    # at (100, 100) both gain 0.6, and the product still rises towards that corner
    # (d/dx1 of log gA + log gB = 0.8/0.6 - 0.2/0.6 > 0), so the solution is (100, 100).
    sol = nash_solution(_problem([[100.0, 0.0], [0.0, 100.0]], [[0.8, 0.2], [0.2, 0.8]], [0.5, 0.5],
                                 [0.0, 0.0]))
    assert sol.agreement
    assert sol.package == pytest.approx([100.0, 100.0], abs=1e-3)
    assert sol.gains == pytest.approx([0.6, 0.6], abs=1e-5)
    alone = nash_solution(_problem([[100.0], [0.0]], [[1.0], [1.0]], [0.5, 0.5], [0.0]))
    assert not alone.agreement


def test_nash_with_a_side_payment():
    # One issue, status quo 50; A wants 100, B wants 0: every move hurts one of them.
    # A can pay B through a channel worth 2 to B per unit A gives (capacity 0.4).
    # With d = (x - 50)/100 and amount a: gain_A = d - a, gain_B = 2a - d, so 2 gain_A + gain_B = d.
    # For fixed d the product gain_A * gain_B is largest at gain_A = d/4, gain_B = d/2: d^2/8, rising in d,
    # so d = 0.5 (x = 100), gain_A = 0.125, gain_B = 0.25, a = d - gain_A = 0.375 (within 0.4).
    problem = _problem([[100.0], [0.0]], [[1.0], [1.0]], [0.5, 0.5], [50.0],
                       transfer=[[-1.0, 2.0]], capacity=[0.4])
    sol = nash_solution(problem)
    assert sol.agreement
    assert sol.package == pytest.approx([100.0], abs=1e-3)
    assert sol.transfers == pytest.approx([0.375], abs=1e-4)
    assert sol.gains == pytest.approx([0.125, 0.25], abs=1e-4)


def test_nash_forecast_over_a_data_set():
    # row 1 is the symmetric case above (60); row 2 has no status quo, so no forecast;
    # row 3: an actor with zero salience does not bargain, leaving ideal 30 alone -> 30
    pos = np.array([[60.0, 100.0], [10.0, 20.0], [30.0, 90.0]])
    sal = np.array([[50.0, 50.0], [50.0, 50.0], [50.0, 0.0]])
    out = nash_forecast(pos, sal, np.ones(2), np.array([0.0, np.nan, 0.0]))
    assert out[0] == pytest.approx(60.0, abs=1e-3)
    assert np.isnan(out[1])
    assert out[2] == pytest.approx(30.0, abs=1e-3)


def test_win_probability_is_the_share_of_votes():
    # x = (0, 50, 100), weights (1, 1, 2). Contest 0 vs 100: votes w_k(|x_k - 100| - |x_k - 0|)
    #   = 1*100, 1*0, 2*(-100): for 0: 100 of 300 -> 1/3; for 100: 200/300 -> 2/3
    # contest 50 vs 100: 1*(100 - 50), 1*(50 - 0), 2*(0 - 50) -> 100 of 200 for 50 -> 0.5
    p = win_probability(np.array([0.0, 50.0, 100.0]), np.array([1.0, 1.0, 2.0]))
    assert p[0, 2] == pytest.approx(1 / 3)
    assert p[2, 0] == pytest.approx(2 / 3)
    assert p[1, 2] == pytest.approx(0.5)
    assert p[1, 1] == 0.0


def test_challenge_utility_by_hand():
    # x = (0, 100), span 100, s = (0.5, 1), c = 1, r = 1, Q = 1. d = 1, so U_s = 2, U_f = -2, U_sq = 0.
    # P[0,1] = 0.5/1.5 = 1/3, P[1,0] = 2/3.
    # EU_01 = s_1 (P U_s + (1-P) U_f) + (1-s_1) U_s - U_sq = 1*(2/3 - 4/3) = -2/3
    # EU_10 = 0.5*(4/3 - 2/3) + 0.5*2 = 1/3 + 1 = 4/3
    x, s = np.array([0.0, 100.0]), np.array([0.5, 1.0])
    prob = win_probability(x, s)
    eu = challenge_utility(x, s, prob, 100.0, 50.0, np.ones((2, 2)))
    assert eu[0, 1] == pytest.approx(-2 / 3)
    assert eu[1, 0] == pytest.approx(4 / 3)
    # risk: exposure_0 = EU_10 = 4/3, exposure_1 = -2/3; R_0 = (8/3 - 4/3 + 2/3)/2 = 1 -> r = (2/3)/(4/3) = 0.5
    # R_1 = (-4/3 - 4/3 + 2/3)/2 = -1 -> r = (4/3)/(2/3) = 2
    assert risk_exponent(eu) == pytest.approx([0.5, 2.0])


def test_challenge_utility_with_q_below_one_counts_better_and_worse():
    # same pair, Q = 0.5, T = 1, r = 1; median at 100, so for actor 0: |x_0 - mu|/span = 1
    # U_b = 2 - 4(0.5 - 0.25*(1 + 1)) = 2; the Q term is 0.5*U_sq + 0.5*U_b = 0 + 1 = 1
    # EU_01 = -2/3 (as before, before the Q term) + 0 - 1 = -5/3
    x, s = np.array([0.0, 100.0]), np.array([0.5, 1.0])
    eu = challenge_utility(x, s, win_probability(x, s), 100.0, 100.0, np.ones((2, 2)), q=0.5, t=1.0)
    assert eu[0, 1] == pytest.approx(-2 / 3 - 1)


def test_win_probabilities_of_a_pair_sum_to_one_and_count_third_parties():
    # x = (0, 40, 100), weights (1, 3, 1). Contest 0 vs 100 is decided by the actor at 40 as well:
    #   votes for 0: 1*100 (actor at 0) + 3*(60 - 40) = 160; for 100: 1*100 -> P = 160/260
    p = win_probability(np.array([0.0, 40.0, 100.0]), np.array([1.0, 3.0, 1.0]))
    assert p[0, 2] == pytest.approx(160 / 260)
    assert p + p.T == pytest.approx(1 - np.eye(3))


def _two_actor_eu():
    # x = (0, 100), span 100, s = (0.5, 1), P[0,1] = 1/3, P[1,0] = 2/3 (see above); d = 1 so for any r
    # U_s = 2 - 4*0^r = 2, U_f = 2 - 4*1^r = -2, U_sq = 2 - 4*0.5^r:  r = 2 -> U_sq = 1;  r = 0.5 -> 2 - 4/sqrt(2)
    #   EU_01 = 1*(2/3 - 4/3) - U_sq = -2/3 - U_sq;   EU_10 = 0.5*(4/3 - 2/3) + 0.5*2 - U_sq = 4/3 - U_sq
    x, s = np.array([0.0, 100.0]), np.array([0.5, 1.0])
    prob = win_probability(x, s)
    return x, lambda exponent: challenge_utility(x, s, prob, 100.0, 50.0, exponent)


def test_the_perceiver_uses_its_own_risk_exponent_for_both_sides():
    x, eu = _two_actor_eu()
    r = np.array([0.5, 2.0])
    usq_half = 2 - 4 / np.sqrt(2)
    # receiver judges: dyad (sender 0, receiver 1) with r_1 = 2: a = EU_01 = -5/3, b = EU_10 = 1/3
    #                  dyad (sender 1, receiver 0) with r_0 = 0.5: a = EU_10 = 4/3 - usq_half, b = EU_01 = -2/3 - usq_half
    a, b = perceived_utilities(eu, r, "receiver")
    assert (a[0, 1], b[0, 1]) == (pytest.approx(-5 / 3), pytest.approx(1 / 3))
    assert (a[1, 0], b[1, 0]) == (pytest.approx(4 / 3 - usq_half), pytest.approx(-2 / 3 - usq_half))
    # sender judges: dyad (0, 1) with r_0, dyad (1, 0) with r_1
    a, b = perceived_utilities(eu, r, "sender")
    assert (a[0, 1], b[0, 1]) == (pytest.approx(-2 / 3 - usq_half), pytest.approx(4 / 3 - usq_half))
    assert (a[1, 0], b[1, 0]) == (pytest.approx(1 / 3), pytest.approx(-5 / 3))
    # receiver's view of (1, 0): a = 2.16 > b = 0.16 > 0, conflict actor 1 wins -> actor 0 asked to move to 100;
    # sender's view: a = 1/3 > 0 > b = -5/3 and |b| > a, capitulation -> also 100; actor 1 gets no offer in either
    for perceiver in ("receiver", "sender"):
        offered = offers(x, *perceived_utilities(eu, r, perceiver))
        assert offered[1, 0] == 100.0 and np.isnan(offered[0, 1])


@pytest.mark.parametrize("a, b, expected", [
    (0.6, 0.2, 0.0),  # both would challenge, i more: conflict i wins -> j asked to move to x_i = 0
    (0.2, 0.6, np.nan),  # both would challenge, j more: j expects to win, no offer to j
    (0.6, -0.2, 100 - 100 * 0.2 / 0.6),  # compromise: 100 + (0 - 100)*|-0.2/0.6| = 66.67
    (0.2, -0.6, 0.0),  # capitulation: j's loss outweighs i's gain -> j moves to x_i
    (-0.1, 0.5, np.nan),  # i does not want to challenge: no offer
])
def test_offers_follow_the_quadrants(a, b, expected):
    x = np.array([0.0, 100.0])
    result = offers(x, np.array([[0.0, a], [0.0, 0.0]]), np.array([[0.0, b], [0.0, 0.0]]))[0, 1]
    if np.isnan(expected):
        assert np.isnan(result)
    else:
        assert result == pytest.approx(expected)


def test_each_actor_accepts_the_offer_that_moves_it_least():
    # actor 2 (at 50) is offered 0 by actor 0 and 60 by actor 1: it takes 60 (a move of 10, not 50);
    # actor 0 is offered nothing and stays at 0; actor 1 is offered 50 by actor 2
    x = np.array([0.0, 100.0, 50.0])
    offered = np.full((3, 3), np.nan)
    offered[0, 2], offered[1, 2], offered[2, 1] = 0.0, 60.0, 50.0
    assert accept_offers(x, offered) == pytest.approx([0.0, 50.0, 60.0])


def test_process_value_is_the_weighted_mean_utility_of_the_forecast():
    # x = (0, 10, 100), equal weights, span 100: forecast (median) 10; utilities 0.9, 1, 0.1 -> 2/3
    assert process_value(np.array([0.0, 10.0, 100.0]), np.ones(3), 100.0) == pytest.approx(2 / 3)


def test_expected_utility_model_without_disagreement_stays_put():
    # everyone at 30: no contests, the forecast is 30 and there is no second round
    result = expected_utility_model(np.array([30.0, 30.0, 30.0]), np.ones(3), np.full(3, 0.5))
    assert result.forecast == 30.0
    assert len(result.path) == 1


def test_expected_utility_model_path_forecast_is_each_rounds_weighted_median():
    x = np.array([0.0, 20.0, 60.0, 100.0])
    c, s = np.array([1.0, 2.0, 1.0, 1.0]), np.array([0.9, 0.5, 0.3, 0.8])
    result = expected_utility_model(x, c, s, rounds=5)
    assert 2 <= len(result.path) <= 6
    for r in result.path:
        assert r.median == weighted_median(r.positions, c * s)
        assert r.mean == pytest.approx(compromise(r.positions, c * s))
        assert np.all((r.positions >= 0) & (r.positions <= 100))  # moves stay between the positions
    assert result.forecast == result.path[-1].median


def test_expected_utility_model_takes_only_rounds_that_raise_the_process_value():
    x = np.array([0.0, 20.0, 60.0, 100.0])
    c, s = np.array([1.0, 2.0, 1.0, 1.0]), np.array([0.9, 0.5, 0.3, 0.8])
    result = expected_utility_model(x, c, s, rounds=10)
    values = [r.value for r in result.path]
    assert len(values) >= 3
    assert all(later > earlier for earlier, later in zip(values, values[1:]))
    assert result.stopped in {"no moves", "no improvement", "round limit"}
