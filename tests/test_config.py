"""cmtime.toml: defaults, the DESIGN example, and errors that name file, line and key."""

from __future__ import annotations

import datetime as dt

import pytest

from cmtime.config import Config, ConfigError, load_config, normalize_name

DESIGN_EXAMPLE = '''\
timezone = "Europe/Paris"
language = "fr"
currency = "EUR"
target_rate = 60.0

[hours]
mon = ["09:00-12:30", "13:30-18:00"]
tue = ["09:00-12:30", "13:30-18:00"]
wed = ["09:00-12:30", "13:30-18:00"]
thu = ["09:00-12:30", "13:30-18:00"]
fri = ["09:00-12:30", "13:30-17:00"]

[holidays]
country = "FR"
subdivision = ""
days_off = ["2026-08-10"]

[[rules]]
match = "(?i)stratégie|strategy"
kind = "hidden"
activity = "strategy"

[clients."Boulangerie Dupont"]
aliases = ["Dupont", "boulangerie dupont"]
monthly_fee = 800.0
included_hours = 12.0
offhours_premium = 0.25
'''


def test_defaults_need_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = load_config()
    assert cfg == Config()
    assert cfg.timezone == "Europe/Paris"
    assert [len(d) for d in cfg.hours] == [2, 2, 2, 2, 2, 0, 0]


def test_design_example_loads(tmp_path):
    path = tmp_path / "cmtime.toml"
    path.write_text(DESIGN_EXAMPLE, encoding="utf-8")
    cfg = load_config(path)
    assert cfg.days_off == (dt.date(2026, 8, 10),)
    assert cfg.rules[0].activity == "strategy"
    dupont = cfg.client("DUPONT")
    assert dupont is not None
    assert dupont.monthly_fee == 800.0
    assert dupont.offhours_premium == 0.25
    assert cfg.client("Boulangérie  dupont") is dupont
    assert cfg.alias_map()["dupont"] == "Boulangerie Dupont"
    assert str(cfg.hours[4][1]) == "13:30-17:00"


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('colour = "blue"\n', r"cmtime.toml:1: colour: unknown key"),
        ('timezone = "Europe/Pariss"\n', r"cmtime.toml:1: timezone: 'Europe/Pariss' is not an IANA"),
        ('language = "de"\n', r"language: 'de' is not supported"),
        ('\n[hours]\nmon = ["9h-12:30"]\n', r"cmtime.toml:3: hours.mon: '9h' is not a time of day"),
        ('[hours]\nmon = ["12:00-09:00"]\n', r"cmtime.toml:2: hours.mon: '12:00-09:00' ends before it starts"),
        ('[hours]\nmon = ["09:00-12:00", "11:00-13:00"]\n', r"overlap"),
        ('[hours]\nmonday = ["09:00-12:00"]\n', r"hours.monday: unknown weekday"),
        ('[holidays]\ncountry = "XX"\n', r"cmtime.toml:2: holidays.country: 'XX' is not a country"),
        ('[holidays]\ncountry = "CA"\nsubdivision = "ZZ"\n', r"cmtime.toml:3: holidays.subdivision: 'ZZ' is not a subdivision of CA"),
        ('[holidays]\ndays_off = ["10/08/2026"]\n', r"holidays.days_off: '10/08/2026' is not a date"),
        ('[[rules]]\nmatch = "x"\nkind = "invisible"\n', r"rules.kind: 'invisible' is not one of"),
        ('[[rules]]\nmatch = "(?<=a)b"\nkind = "hidden"\n', r"rules.match: .* is not a valid regex"),
        ('[clients."A"]\nmonthly_fee = "800"\n', r"cmtime.toml:2: clients.A.monthly_fee: '800' is not a number"),
        ('[clients."A"]\nprice = 1\n', r"clients.A.price: unknown key"),
        ('[clients."A"]\naliases = ["X"]\n[clients."B"]\naliases = ["x"]\n', r"'x' also names 'A'"),
        ("target_rate = = 3\n", r"not valid TOML"),
        ('as_of = "31/12/2026"\n', r"cmtime.toml:1: as_of: '31/12/2026' is not a date; write YYYY-MM-DD"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, snippet, expected):
    path = tmp_path / "cmtime.toml"
    path.write_text(snippet, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_config(path)


def test_quebec_subdivision_and_night(tmp_path):
    path = tmp_path / "cmtime.toml"
    path.write_text('timezone = "America/Toronto"\nnight = "23:00-05:30"\n[holidays]\ncountry = "CA"\nsubdivision = "QC"\n')
    cfg = load_config(path)
    assert (cfg.country, cfg.subdivision, str(cfg.night)) == ("CA", "QC", "23:00-05:30")


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.toml")


def test_normalize_name():
    assert normalize_name("  Café   CRÈME ") == "cafe creme"


def test_working_hours_from_timewarrior_exclusions(tmp_path):
    (tmp_path / "tw").mkdir()
    (tmp_path / "tw" / "timewarrior.cfg").write_text(
        "define exclusions:\n  monday = <7:00 >19:00\n  tuesday = <8:00 12:00-13:00 >18:00\n"
        "  wednesday = <7:00 >19:00\n  thursday = <7:00 >19:00\n  friday = <7:00 >19:00\n"
        "  saturday = >0:00\n  sunday = >0:00\n"
    )
    path = tmp_path / "cmtime.toml"
    path.write_text('hours_from_timewarrior = "tw/timewarrior.cfg"\n')
    cfg = load_config(path)
    assert [str(r) for r in cfg.hours[0]] == ["07:00-19:00"]
    assert [str(r) for r in cfg.hours[1]] == ["08:00-12:00", "13:00-18:00"]
    assert cfg.hours[5] == cfg.hours[6] == ()
    path.write_text('hours_from_timewarrior = "nope.cfg"\n')
    with pytest.raises(ConfigError, match=r"cmtime.toml:1: hours_from_timewarrior: .* is not a file"):
        load_config(path)


def test_corpus_timewarrior_exclusions_as_working_hours(tmp_path, corpus):
    cfg_file = corpus / "timewarrior" / "pgierz" / "timewarrior.cfg"
    path = tmp_path / "cmtime.toml"
    path.write_text(f'hours_from_timewarrior = "{cfg_file}"\n')
    cfg = load_config(path)
    assert [str(r) for r in cfg.hours[0]] == ["07:00-19:00"]
    assert cfg.hours[6] == ()


def test_as_of_reads_a_toml_date_or_an_iso_text(tmp_path):
    path = tmp_path / "cmtime.toml"
    for text in ("as_of = 2026-12-31\n", 'as_of = "2026-12-31"\n'):
        path.write_text(text, encoding="utf-8")
        assert load_config(path).as_of == dt.date(2026, 12, 31)
    assert Config().as_of is None


FRAME = '''\
[clients."Boulangerie Dupont"]
included_hours = 12.0
carry_over = "cap:6"
validation_days = 2
assets_days = 5
revision_rounds = 2
premiums = { early = 0.25, midday = 0.0, evening = 0.25, night = 0.5, day_off = 1.0 }

[clients.Lumen]
offhours_premium = 0.3
premiums = { night = 0.6 }
carry_over = "next_month"

[clients.Nul]
monthly_fee = 100.0
'''


def test_frame_terms_load(tmp_path):
    path = tmp_path / "cmtime.toml"
    path.write_text(FRAME, encoding="utf-8")
    cfg = load_config(path)
    dupont, lumen, nul = cfg.clients
    assert (dupont.carry_over, dupont.carry_cap) == ("cap", 6.0)
    assert (dupont.validation_days, dupont.assets_days, dupont.revision_rounds) == (2, 5, 2)
    assert [dupont.premium(w) for w in ("early", "midday", "evening", "night", "day_off")] == [
        0.25, 0.0, 0.25, 0.5, 1.0,
    ]
    # offhours_premium is the premium of every window premiums leaves out
    assert [lumen.premium(w) for w in ("early", "night", "day_off")] == [0.3, 0.6, 0.3]
    assert (lumen.carry_over, lumen.carry_cap) == ("next_month", None)
    assert dupont.has_frame
    assert not lumen.has_frame
    assert not nul.has_frame
    assert (nul.carry_over, nul.validation_days, nul.revision_rounds) == ("none", None, None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('carry_over = "sometimes"', r"cmtime.toml:3: clients.D.carry_over: 'sometimes' is not a carry-over"),
        ('carry_over = "cap:-2"', r"cmtime.toml:3: clients.D.carry_over: 'cap:-2' is not a carry-over"),
        ("carry_over = 3", r"cmtime.toml:3: clients.D.carry_over: 3 is not a carry-over"),
        ("validation_days = -1", r"cmtime.toml:3: clients.D.validation_days: -1 must be a whole number of working days"),
        ("assets_days = 2.5", r"cmtime.toml:3: clients.D.assets_days: 2.5 must be a whole number"),
        ("revision_rounds = -3", r"cmtime.toml:3: clients.D.revision_rounds: -3 must be a whole number of rounds"),
        ("premiums = { weekend = 0.5 }", r"cmtime.toml:3: clients.D.premiums: 'weekend' is not an off-hours window"),
        ("premiums = { night = -0.5 }", r"cmtime.toml:3: clients.D.premiums: -0.5 must be >= 0"),
        ('premiums = "0.5"', r"cmtime.toml:3: clients.D.premiums: must be a table"),
    ],
)
def test_frame_terms_errors_name_file_line_and_key(tmp_path, line, expected):
    path = tmp_path / "cmtime.toml"
    path.write_text(f"[clients.D]\nmonthly_fee = 100.0\n{line}\n", encoding="utf-8")


AGENCY = '''\
target_margin = 0.3

[people]
"Inès" = { cost_rate = 30.0, days_off = ["2026-11-20"] }
"Marc" = { cost_rate = 40.0, hours = { mon = ["09:00-12:00", "13:00-17:00"], thu = ["09:00-12:00"] } }
'''


def test_agency_people_hours_days_off_and_target_margin(tmp_path):
    """DESIGN.md's agency example: own hours and days off per person, a target margin."""
    path = tmp_path / "cmtime.toml"
    path.write_text(AGENCY, encoding="utf-8")
    cfg = load_config(path)
    assert cfg.target_margin == 0.3
    ines, marc = cfg.people
    assert (ines.days_off, ines.hours) == ((dt.date(2026, 11, 20),), None)
    assert marc.hours is not None
    assert [[str(r) for r in day] for day in marc.hours] == [
        ["09:00-12:00", "13:00-17:00"], [], [], ["09:00-12:00"], [], [], [],
    ]
    assert cfg.member(" marc ") is marc
    assert Config().target_margin == 0.3


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("target_margin = 1.0\n", r"cmtime.toml:1: target_margin: 1.0 must be a share below 1"),
        ("target_margin = -0.1\n", r"cmtime.toml:1: target_margin: -0.1 must be >= 0"),
        ('target_margin = "30 %"\n', r"cmtime.toml:1: target_margin: '30 %' is not a number"),
        (
            '[people]\n"Marc" = { hours = { mon = ["17:00-09:00"] } }\n',
            r"cmtime.toml:2: people.Marc.hours.mon: '17:00-09:00' ends before it starts",
        ),
        (
            '[people]\n"Marc" = { hours = { lundi = ["09:00-12:00"] } }\n',
            r"cmtime.toml:2: people.Marc.hours.lundi: unknown weekday",
        ),
        (
            '[people."Marc"]\ncost_rate = 40.0\nhours = { mon = ["09:00-12:00", "11:00-13:00"] }\n',
            r"cmtime.toml:3: people.Marc.hours.mon: ranges 09:00-12:00 and 11:00-13:00 overlap",
        ),
        (
            '[people]\n"Inès" = { days_off = ["20/11/2026"] }\n',
            r"cmtime.toml:2: people.Inès.days_off: '20/11/2026' is not a date",
        ),
        ('[people]\n"Inès" = { days_off = "2026-11-20" }\n', r"cmtime.toml:2: people.Inès.days_off: must be a list"),
        ('[people]\n"Inès" = { leave = [] }\n', r"cmtime.toml:2: people.Inès.leave: unknown key"),
    ],
)
def test_agency_errors_name_file_line_and_key(tmp_path, snippet, expected):
    path = tmp_path / "cmtime.toml"
    path.write_text(snippet, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_config(path)
