"""Vocabulary for synthetic records: names, trades and places as a Bắc Ninh and Bắc Giang
register would hold them. Invented combinations, not real people or businesses."""

SURNAMES = (
    ("Nguyễn", 36),
    ("Trần", 10),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 5),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Ngô", 3),
    ("Dương", 2),
    ("Đào", 2),
    ("Đinh", 2),
    ("Phan", 2),
    ("Trịnh", 2),
    ("Hà", 2),
    ("Lương", 1),
    ("Mai", 1),
    ("Tạ", 1),
    ("Thân", 1),
)
MIDDLE_MALE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Tiến", "Mạnh")
MIDDLE_FEMALE = ("Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Lan", "Kim", "Thúy", "Phương")
GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khánh", "Long", "Minh",
    "Nam", "Phong", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt",
)  # fmt: skip
GIVEN_FEMALE = (
    "Anh", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai", "Nga",
    "Nhung", "Oanh", "Phương", "Tâm", "Thảo", "Thủy", "Trang", "Vân", "Yến",
)  # fmt: skip

# Sector -> (trades, product words, product group)
TRADES = {
    "handicraft": (
        ("mây tre đan", "gốm", "mộc mỹ nghệ", "thêu ren", "đúc đồng", "sơn mài", "chạm khắc gỗ",
         "tranh dân gian", "nón lá"),
        ("Bình gốm men da lươn", "Bộ bàn ghế gỗ mỹ nghệ", "Giỏ mây tre đan", "Tranh thêu tay",
         "Lư hương đồng", "Tranh sơn mài", "Tượng gỗ", "Tranh Đông Hồ", "Nón lá bài thơ",
         "Khay mây đan"),
        1,
    ),
    "food": (
        ("bánh đa nem", "mì gạo", "rượu", "vải thiều sấy", "bún", "chè", "mật ong",
         "miến dong", "gạo nếp", "bánh phu thê"),
        ("Mì Chũ", "Rượu làng Vân", "Bánh đa nem Thổ Hà", "Vải thiều sấy khô", "Mật ong rừng",
         "Miến dong", "Chè búp khô", "Bánh phu thê Đình Bảng", "Gạo nếp cái hoa vàng",
         "Bún khô"),
        2,
    ),
    "mechanical": (
        ("cơ khí", "đúc nhôm", "rèn", "máy nông nghiệp", "sắt thép"),
        ("Máy tuốt lúa", "Dao rèn thủ công", "Nồi nhôm đúc", "Máy sấy nông sản",
         "Cửa sắt mỹ thuật"),
        3,
    ),
    "materials": (("gạch không nung", "vật liệu xây dựng", "bê tông đúc sẵn"), (), 4),
    "consumer": (
        ("may mặc", "giấy", "nhựa gia dụng", "da giày"),
        ("Giấy dó", "Túi vải thổ cẩm", "Giày da thủ công", "Đồ nhựa gia dụng"),
        4,
    ),
    "mining": (("khai thác đá", "chế biến cát sỏi"), (), 4),
    "environment": (("xử lý chất thải", "tái chế giấy"), (), 4),
    "high_tech": (("linh kiện điện tử", "thiết bị điện"), (), 4),
    "other": (("sản xuất hàng tiêu dùng", "chế biến lâm sản"), ("Sản phẩm lâm sản chế biến",), 4),
}  # fmt: skip

SECTOR_WEIGHTS = (
    ("food", 30),
    ("handicraft", 24),
    ("mechanical", 12),
    ("consumer", 12),
    ("materials", 8),
    ("other", 7),
    ("high_tech", 3),
    ("mining", 2),
    ("environment", 2),
)
LEGAL_FORM_WEIGHTS = (
    ("household_business", 62),
    ("enterprise", 14),
    ("cooperative_group", 13),
    ("cooperative", 9),
    ("cooperative_union", 2),
)
LEGAL_PREFIX = {
    "household_business": ("Hộ kinh doanh", "Cơ sở", "Cơ sở sản xuất"),
    "enterprise": ("Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân"),
    "cooperative_group": ("Tổ hợp tác",),
    "cooperative": ("Hợp tác xã",),
    "cooperative_union": ("Liên hiệp hợp tác xã",),
}
BRANDS = (
    "Hưng Thịnh", "Phú Quý", "Thành Đạt", "An Phát", "Hoàng Long", "Minh Phát", "Việt Hưng",
    "Tân Tiến", "Đại Thành", "Kinh Bắc", "Thiên Phú", "Hòa Bình", "Phúc Lộc", "Trường Thành",
)  # fmt: skip
CRAFT_VILLAGES = (
    "Làng nghề mộc Đồng Kỵ", "Làng gốm Phù Lãng", "Làng tranh Đông Hồ", "Làng đúc đồng Đại Bái",
    "Làng rượu Vân", "Làng bánh đa nem Thổ Hà", "Làng nghề mì Chũ", "Làng giấy Phong Khê",
    "Làng sắt thép Đa Hội", "Làng mây tre đan Xuân Lai", "Làng nón Mai Vũ", "Làng bún Đa Mai",
    "Làng mộc Phù Khê", "Làng gốm Thổ Hà",
)  # fmt: skip
HAMLETS = ("Thôn", "Xóm", "Tổ dân phố", "Khu")
STREETS = ("Lý Thái Tổ", "Trần Hưng Đạo", "Nguyễn Văn Cừ", "Hoàng Hoa Thám", "Lê Lợi", "Ngô Gia Tự")

PROJECT_TITLES = {
    "training": "Đào tạo nghề {trade} cho lao động nông thôn {place}",
    "management_capacity": "Nâng cao năng lực quản lý cho cơ sở công nghiệp nông thôn {place}",
    "startup": "Hỗ trợ thành lập doanh nghiệp sản xuất công nghiệp nông thôn tại {place}",
    "demo_model": "Xây dựng mô hình trình diễn kỹ thuật sản xuất {trade} tại {est}",
    "machinery": "Hỗ trợ ứng dụng máy móc thiết bị tiên tiến trong sản xuất {trade} tại {est}",
    "cleaner_production": "Hỗ trợ áp dụng sản xuất sạch hơn tại {est}",
    "typical_product": "Tổ chức bình chọn sản phẩm công nghiệp nông thôn tiêu biểu năm {year}",
    "fair_exhibition": "Hỗ trợ cơ sở công nghiệp nông thôn tham gia hội chợ triển lãm năm {year}",
    "brand_showroom": "Hỗ trợ xây dựng thương hiệu và phòng trưng bày sản phẩm {trade} tại {est}",
    "consulting": "Tư vấn thiết kế mẫu mã, bao bì sản phẩm {trade} cho {est}",
    "communication": "Chương trình truyền hình và bản tin khuyến công năm {year}",
    "ccn_infra": "Hỗ trợ đầu tư hạ tầng cụm công nghiệp {place}",
    "ccn_environment": "Hỗ trợ hệ thống xử lý nước thải cụm công nghiệp {place}",
    "association": "Hỗ trợ thành lập hiệp hội ngành nghề {trade} {place}",
    "international": "Hợp tác quốc tế về khuyến công năm {year}",
    "capacity": "Nâng cao năng lực cán bộ và mạng lưới cộng tác viên khuyến công năm {year}",
    "digital": "Hỗ trợ chuyển đổi số trong sản xuất, kinh doanh cho {est}",
    "sustainable": "Hỗ trợ sản xuất và tiêu dùng bền vững tại {est}",
    "artisan": "Hỗ trợ nghệ nhân truyền nghề {trade} {place}",
    "other": "Nhiệm vụ khuyến công khác năm {year}",
}
# content -> (weight, cost range in million VND, state share range, group/province-wide)
CONTENTS = {
    "machinery": (30, (300, 2500), (0.35, 0.5), "single"),
    "demo_model": (9, (800, 4000), (0.2, 0.3), "single"),
    "training": (12, (60, 300), (0.9, 1.0), "group"),
    "fair_exhibition": (9, (100, 900), (0.7, 1.0), "group"),
    "brand_showroom": (6, (80, 400), (0.5, 0.7), "single"),
    "typical_product": (4, (150, 600), (1.0, 1.0), "province"),
    "communication": (4, (50, 300), (1.0, 1.0), "province"),
    "consulting": (4, (50, 250), (0.5, 0.7), "single"),
    "management_capacity": (4, (60, 250), (0.8, 1.0), "group"),
    "cleaner_production": (3, (200, 1200), (0.3, 0.5), "single"),
    "capacity": (3, (80, 400), (1.0, 1.0), "province"),
    "digital": (3, (150, 700), (0.4, 0.6), "single"),
    "sustainable": (2, (200, 1000), (0.3, 0.5), "single"),
    "artisan": (1, (50, 200), (0.8, 1.0), "group"),
    "startup": (1, (10, 20), (1.0, 1.0), "single"),
    "ccn_infra": (1, (3000, 15000), (0.1, 0.3), "place"),
    "ccn_environment": (1, (1000, 8000), (0.2, 0.4), "place"),
    "association": (1, (50, 200), (0.7, 0.7), "group"),
    "international": (1, (100, 500), (1.0, 1.0), "province"),
    "other": (1, (50, 300), (0.8, 1.0), "province"),
}
# Contents added by Decree 235/2025: only in plans from 2026.
NEW_CONTENTS = frozenset({"digital", "sustainable", "artisan"})
BUDGET_ITEMS = (
    "Mua sắm máy móc, thiết bị",
    "Chuyển giao công nghệ, hướng dẫn vận hành",
    "Chi phí tổ chức lớp học, hội nghị",
    "Thuê gian hàng, vận chuyển sản phẩm",
    "Thiết kế, in ấn tài liệu",
    "Chi phí quản lý đề án",
)
PURPOSE_NEEDS = (
    "Cần hỗ trợ máy móc để mở rộng sản xuất",
    "Muốn tham gia hội chợ để tìm thị trường",
    "Cần đào tạo thêm lao động",
    "Cần tư vấn mẫu mã, bao bì",
    "Đề nghị hỗ trợ xử lý môi trường",
)
