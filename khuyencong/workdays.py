"""Working days for legal deadlines: Monday to Friday, less the public holidays fixed in
the solar calendar (Labour Code 2019 Art. 112). The lunar holidays (Tết, the Hùng Kings'
day) move every year and are not counted: a deadline may come out a few days early
around them, never late."""

import datetime as dt

# (month, day) of the solar public holidays: New Year, Reunification, Labour, National Day.
FIXED_HOLIDAYS = frozenset({(1, 1), (4, 30), (5, 1), (9, 2)})


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself is day 0)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
