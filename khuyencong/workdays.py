"""Working days for legal deadlines: Monday to Friday, less the public holidays fixed in
the solar calendar (Labour Code 2019 Art. 112), counting both days next to National Day
(the second day is 1/9 or 3/9, set each year) as holidays so a deadline errs late. The
lunar holidays (Tết, the Hùng Kings' day) and days off in lieu move every year and are
not counted: around them a deadline may come out a few days early."""

import datetime as dt

# (month, day) of the solar public holidays: New Year, Reunification, Labour, National
# Day and the day on either side of it.
FIXED_HOLIDAYS = frozenset({(1, 1), (4, 30), (5, 1), (9, 1), (9, 2), (9, 3)})


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
