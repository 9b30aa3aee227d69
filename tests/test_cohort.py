"""Groups and peer figures within a cohort (DECISIONS.md, "Groups and peers")."""

from __future__ import annotations

import pytest

from scoring.cohort import normalized_score, peer_figures


def test_a_cohort_under_ten_agencies_shows_no_group_or_rank():
    assert peer_figures(70.0, [70.0, 60.0, 50.0, 40.0, 30.0, 20.0, 10.0, 5.0, 1.0]) is None


def test_min_max_normalisation_gives_the_groups_at_their_thresholds():
    cohort = [0.0, 10.0, 20.0, 25.0, 40.0, 50.0, 60.0, 74.9, 75.0, 100.0]
    assert normalized_score(75.0, cohort) == 0.75
    groups = {p: peer_figures(p, cohort).group for p in (100.0, 75.0, 74.9, 50.0, 25.0, 20.0)}
    assert groups == {
        100.0: "Very High",
        75.0: "Very High",
        74.9: "High",
        50.0: "High",
        25.0: "Middle",
        20.0: "Low",
    }


def test_rank_and_average_read_like_the_report():
    cohort = [float(p) for p in range(10, 110, 10)]  # 10 … 100
    figures = peer_figures(80.0, cohort)
    assert figures.rank_text == "3/10"
    assert figures.average == pytest.approx(55.0)


def test_ties_share_the_better_rank_and_a_flat_cohort_is_not_divided_by_zero():
    figures = peer_figures(50.0, [50.0] * 12)
    assert figures.rank == 1 and figures.normalized == 1.0 and figures.group == "Very High"
