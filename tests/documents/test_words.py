import datetime as dt

import pytest

from documents.words import amount_in_words, decree_date, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (135_000_000, "Một trăm ba mươi lăm triệu đồng"),
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (14, "Mười bốn đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (45_500_000, "Bốn mươi lăm triệu năm trăm nghìn đồng"),
        (270_500_000, "Hai trăm bảy mươi triệu năm trăm nghìn đồng"),
        (1_250_000_000, "Một tỷ hai trăm năm mươi triệu đồng"),
        (2_000_015_000, "Hai tỷ không trăm mười lăm nghìn đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (300_000_001, "Ba trăm triệu không trăm linh một đồng"),
    ],
)
def test_amounts_read_the_way_an_official_paper_writes_them(amount, words):
    assert amount_in_words(amount) == words


def test_negative_numbers_say_so():
    assert number_in_words(-41) == "âm bốn mươi mốt"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 1, 5), "Bắc Ninh, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 28), "Bắc Ninh, ngày 28 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "Bắc Ninh, ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 12, 15), "Bắc Ninh, ngày 15 tháng 12 năm 2026"),
    ],
)
def test_dates_pad_days_below_ten_and_january_and_february(day, text):
    assert decree_date(day, "Bắc Ninh") == text


def test_an_undated_draft_leaves_dots_for_the_clerk():
    assert decree_date(None, "Bắc Ninh") == "Bắc Ninh, ngày …… tháng …… năm ……"
