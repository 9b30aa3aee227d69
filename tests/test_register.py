"""The agency register's matching: typed names of agencies, ministries and provinces."""

from __future__ import annotations

from knowledge.register import closest, load_register

AGENCIES = {
    "1": "กรมบังคับคดี",
    "2": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1",
    "3": "กรมการปกครอง",
}


def test_a_typo_or_spacing_finds_the_registered_agency():
    assert [m.name for m in closest("กรมบังคับ คดี", AGENCIES)][:1] == ["กรมบังคับคดี"]
    assert closest("กรมบังคับคดี", AGENCIES)[0].score == 100
    assert [m.name for m in closest("กรมบังคบคดี", AGENCIES)][:1] == ["กรมบังคับคดี"]


def test_names_that_differ_in_a_number_are_different_agencies():
    assert closest("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 2", AGENCIES) == []
    # Thai digits are the same numbers.
    same = closest("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๑", AGENCIES)
    assert [m.id for m in same] == ["2"]


def test_an_unrelated_name_is_not_offered():
    assert closest("สำนักงานสถิติแห่งชาติ", AGENCIES) == []


def test_ministries_and_provinces_by_name_alias_or_typo():
    register = load_register()
    assert len(register.provinces) == 77
    assert register.find("service", "ยุติธรรม")[0].name == "กระทรวงยุติธรรม"
    assert register.find("provincial", "จ.เชียงใหม่")[0].name == "เชียงใหม่"
    assert register.find("provincial", "เชียงไหม่")[0].name == "เชียงใหม่"
