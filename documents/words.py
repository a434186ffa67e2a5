"""Vietnamese the way an official paper writes it: amounts in words and dates in the
Decree 30/2020 form."""

import datetime as dt

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Groups of three digits, from the lowest; past a billion the names repeat ("nghìn tỷ").
GROUPS = ("", "nghìn", "triệu")
BILLION = 1_000_000_000


def _three(number: int, *, leading: bool) -> list[str]:
    """One group of three digits. A group after a larger one keeps its zero hundreds
    ("một triệu không trăm linh năm nghìn")."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(DIGITS[units])
    return words


def _below_billion(number: int, *, leading: bool) -> list[str]:
    words: list[str] = []
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        first = leading and not words
        words += _three(group, leading=first)
        if GROUPS[index]:
            words.append(GROUPS[index])
    return words


def _words(number: int, *, leading: bool = True) -> list[str]:
    if number >= BILLION:
        high, low = divmod(number, BILLION)
        words = [*_words(high, leading=leading), "tỷ"]
        if low:
            words += _below_billion(low, leading=False)
        return words
    return _below_billion(number, leading=leading)


def number_in_words(number: int) -> str:
    """0 → "không", 135 → "một trăm ba mươi lăm"; negative numbers take "âm"."""
    if number == 0:
        return DIGITS[0]
    words = _words(abs(number))
    return ("âm " if number < 0 else "") + " ".join(words)


def amount_in_words(amount_vnd: int) -> str:
    """135000000 → "Một trăm ba mươi lăm triệu đồng"."""
    text = number_in_words(int(amount_vnd)) + " đồng"
    return text[0].upper() + text[1:]


def decree_date(value: dt.date | None, place: str = "") -> str:
    """ "Bắc Ninh, ngày 05 tháng 01 năm 2026": days below 10 and the months January and
    February carry a leading zero (Decree 30/2020, Phụ lục I). No date: dots for the
    clerk to fill in by hand."""
    prefix = f"{place}, " if place else ""
    if value is None:
        return f"{prefix}ngày …… tháng …… năm ……"
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{prefix}ngày {value.day:02d} tháng {month} năm {value.year}"
