"""Working days for legal deadlines (complaints about voting results: 15 working days).

Monday to Friday, less the public holidays of Labour Code 2019 Art. 112: those fixed in
the solar calendar (1/1, 30/4, 1/5, 2/9 and the day beside it, which is 1/9 or 3/9 as
set each year: both are counted) and Tết, whose days off are set each year around the
lunar new year: the eight days from three days before it to four days after are counted
as holidays. Every guess errs late, so a lawful complaint is never turned away; the Hùng
Kings' day and days off in lieu are not known here.
"""

import datetime as dt

# (month, day) of the solar public holidays: New Year, Reunification, Labour, National
# Day and the day on either side of it.
FIXED_HOLIDAYS = frozenset({(1, 1), (4, 30), (5, 1), (9, 1), (9, 2), (9, 3)})
# Lunar New Year's Day (mùng 1 Tết) by year.
LUNAR_NEW_YEAR = {
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
    2031: dt.date(2031, 1, 23),
    2032: dt.date(2032, 2, 11),
}
TET_BEFORE, TET_AFTER = 3, 4


def _in_tet(day: dt.date) -> bool:
    new_year = LUNAR_NEW_YEAR.get(day.year)
    if new_year is None:
        return False
    return -TET_BEFORE <= (day - new_year).days <= TET_AFTER


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS and not _in_tet(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself is day 0)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
