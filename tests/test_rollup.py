"""The province roll-up arithmetic (scoring.rollup): the weakest issues across agencies."""

from __future__ import annotations

from scoring.rollup import level_counts, weakest_issues
from tests.frameworks import FRAMEWORK

ISSUES = [(p.id, i.id) for p, _, i in FRAMEWORK.issues()]


def test_the_weakest_issues_are_the_lowest_mean_levels_ties_in_framework_order():
    everything_at_four = {issue_id: 4 for _, issue_id in ISSUES}
    first, second, third = (issue_id for _, issue_id in ISSUES[:3])
    last = ISSUES[-1][1]
    one = {**everything_at_four, last: 1, third: 2}
    other = {**everything_at_four, last: 2, second: 2, third: 3}
    weakest = weakest_issues(FRAMEWORK, [one, other])
    assert [w.issue_id for w in weakest][:3] == [last, third, second]
    assert weakest[0].mean_level == 1.5 and weakest[0].agencies == 2
    assert weakest[0].pillar_id == ISSUES[-1][0]
    # The rest tie at 4: the framework's first issues come first.
    assert [w.issue_id for w in weakest][3:] == [first, ISSUES[3][1]]
    assert len(weakest) == 5


def test_an_issue_without_a_level_is_left_out_of_its_mean():
    first = ISSUES[0][1]
    weakest = weakest_issues(FRAMEWORK, [{first: None}, {first: 3}], shown=1)
    assert weakest[0].issue_id == first and weakest[0].mean_level == 3 and weakest[0].agencies == 1
    assert weakest_issues(FRAMEWORK, []) == []


def test_levels_are_counted_one_to_five():
    assert level_counts([1, 1, 5, None, 7]) == {1: 2, 2: 0, 3: 0, 4: 0, 5: 1}
