"""Working days for the legal deadlines of a round (complaints within 15 working days of
publication, answers within 10): weekends and the solar public holidays do not count."""

import datetime as dt

import pytest

from core.workdays import add_working_days, is_working_day


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 1, 1), dt.date(2026, 4, 30), dt.date(2026, 5, 1), dt.date(2026, 9, 2)],
    ids=["new-year", "reunification", "labour-day", "national-day"],
)
def test_the_solar_public_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_weekends_are_not_working_days_and_weekdays_are():
    saturday = dt.date(2026, 11, 21)
    week = [is_working_day(saturday + dt.timedelta(days=n)) for n in range(7)]
    assert week == [False, False, True, True, True, True, True]


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (dt.date(2026, 11, 20), 1, dt.date(2026, 11, 23)),  # Friday -> Monday
        (dt.date(2026, 11, 21), 0, dt.date(2026, 11, 21)),  # the start itself is day 0
        (dt.date(2026, 4, 29), 1, dt.date(2026, 5, 4)),  # over 30/4, 1/5 and a weekend
        (dt.date(2025, 12, 31), 1, dt.date(2026, 1, 2)),  # over New Year, into a new year
        # National Day and both days beside it (the second holiday is 1/9 or 3/9).
        (dt.date(2026, 8, 31), 1, dt.date(2026, 9, 4)),
        (dt.date(2026, 4, 24), 15, dt.date(2026, 5, 19)),  # a complaint window with 2 holidays
        (dt.date(2026, 11, 21), 15, dt.date(2026, 12, 11)),  # from a Saturday: three weeks
    ],
)
def test_adding_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_a_holiday_start_counts_from_the_next_working_day():
    assert add_working_days(dt.date(2026, 5, 1), 1) == dt.date(2026, 5, 4)


def test_tet_is_a_holiday_so_a_deadline_over_it_errs_late():
    """Tết 2026: Lunar New Year's Day is 17/02; 14/02 to 21/02 count as holidays.
    Published on 09/02/2026, complaints are taken until 09/03, not 02/03 (the review
    found the early date turned lawful complaints away)."""
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)
    assert add_working_days(dt.date(2026, 2, 9), 15) == dt.date(2026, 3, 9)


def test_a_year_without_a_known_tet_counts_weekdays():
    assert add_working_days(dt.date(2040, 2, 6), 1) == dt.date(2040, 2, 7)
