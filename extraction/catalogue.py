"""The national catalogue: central bodies a document may address, with their short forms and their names
before the 2025 reorganisation (pure data; no database).

The Government as organised by Resolution 176/2025/QH15 (from 01/03/2025): 14 ministries and 3
ministry-level agencies. Merged ministries keep their former names as aliases, so that an older
document's "Bộ TT&TT" is read as the body that carries its duties now (Bộ Khoa học và Công nghệ).
Also: the Government's own bodies and agencies, the Party's central bodies, the National Assembly's
bodies, the state's and the central mass organisations.

The engine uses the catalogue alongside the province's register (extraction.units.UnitMatcher): a
body the register holds (same name or short form) is the register's unit, and the catalogue only adds
its other names; a body the register does not hold is proposed as a new unit of kind "central", for
the clerk to accept.
"""

from __future__ import annotations

from dataclasses import dataclass

MINISTRY = "ministry"
MINISTRY_LEVEL = "ministry_level"
GOVERNMENT = "government"  # the Government, the Prime Minister, their steering committees
GOVERNMENT_AGENCY = "government_agency"  # cơ quan thuộc Chính phủ, and other central agencies
PARTY = "party"
NATIONAL_ASSEMBLY = "national_assembly"
STATE = "state"
MASS_ORG = "mass_org"
ENTERPRISE = "enterprise"

CENTRAL = "central"  # the kind of unit a catalogue body becomes (dtsystem.units.choices.UnitKind.CENTRAL)


@dataclass(frozen=True)
class CentralBody:
    key: str
    name: str
    kind: str
    short_forms: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()  # before the 2025 mergers (now this body's duties)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_forms, *self.former_names)

    @property
    def unit_kind(self) -> str:
        return ENTERPRISE if self.kind == ENTERPRISE else CENTRAL


def _body(key, name, kind, short=(), former=()) -> CentralBody:
    return CentralBody(key, name, kind, tuple(short), tuple(former))


CATALOGUE: tuple[CentralBody, ...] = (
    # -- the Government
    _body("chinh-phu", "Chính phủ", GOVERNMENT),
    _body("thu-tuong", "Thủ tướng Chính phủ", GOVERNMENT, ["Thủ tướng", "TTg"]),
    _body(
        "bcd-cp-khcn-cds",
        "Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06",
        GOVERNMENT,
        former=["Ủy ban Quốc gia về chuyển đổi số", "UBQG CĐS", "UBQGCĐS"],
    ),
    # -- the 14 ministries
    _body("bo-quoc-phong", "Bộ Quốc phòng", MINISTRY, ["BQP"]),
    _body("bo-cong-an", "Bộ Công an", MINISTRY, ["BCA"]),
    _body("bo-ngoai-giao", "Bộ Ngoại giao", MINISTRY, ["BNG"]),
    _body(
        "bo-noi-vu",
        "Bộ Nội vụ",
        MINISTRY,
        ["BNV"],
        ["Bộ Lao động - Thương binh và Xã hội", "Bộ LĐTBXH", "Bộ LĐ-TB&XH", "Bộ LĐTB&XH"],
    ),
    _body("bo-tu-phap", "Bộ Tư pháp", MINISTRY, ["BTP"]),
    _body(
        "bo-tai-chinh",
        "Bộ Tài chính",
        MINISTRY,
        ["BTC"],
        ["Bộ Kế hoạch và Đầu tư", "Bộ KH&ĐT", "Bộ KHĐT", "Bộ Kế hoạch - Đầu tư"],
    ),
    _body("bo-cong-thuong", "Bộ Công Thương", MINISTRY, ["Bộ CT"]),
    _body(
        "bo-nong-nghiep-moi-truong",
        "Bộ Nông nghiệp và Môi trường",
        MINISTRY,
        ["Bộ NN&MT", "Bộ NNMT", "BNNMT"],
        [
            "Bộ Nông nghiệp và Phát triển nông thôn",
            "Bộ NN&PTNT",
            "Bộ NNPTNT",
            "Bộ Tài nguyên và Môi trường",
            "Bộ TN&MT",
            "Bộ TNMT",
        ],
    ),
    _body("bo-xay-dung", "Bộ Xây dựng", MINISTRY, ["BXD"], ["Bộ Giao thông vận tải", "Bộ GTVT"]),
    _body("bo-vhttdl", "Bộ Văn hóa, Thể thao và Du lịch", MINISTRY, ["Bộ VHTTDL", "Bộ VH,TT&DL"]),
    _body(
        "bo-khcn",
        "Bộ Khoa học và Công nghệ",
        MINISTRY,
        ["Bộ KH&CN", "Bộ KHCN", "BKHCN"],
        ["Bộ Thông tin và Truyền thông", "Bộ TT&TT", "Bộ TTTT", "BTTTT"],
    ),
    _body("bo-gddt", "Bộ Giáo dục và Đào tạo", MINISTRY, ["Bộ GD&ĐT", "Bộ GDĐT", "BGDĐT"]),
    _body("bo-y-te", "Bộ Y tế", MINISTRY, ["BYT"]),
    _body(
        "bo-dan-toc-ton-giao", "Bộ Dân tộc và Tôn giáo", MINISTRY, ["Bộ DT&TG"], ["Ủy ban Dân tộc", "UBDT"]
    ),
    # -- the 3 ministry-level agencies
    _body("nhnn", "Ngân hàng Nhà nước Việt Nam", MINISTRY_LEVEL, ["Ngân hàng Nhà nước", "NHNN"]),
    _body("thanh-tra-cp", "Thanh tra Chính phủ", MINISTRY_LEVEL, ["TTCP", "Tổng Thanh tra Chính phủ"]),
    _body("vpcp", "Văn phòng Chính phủ", MINISTRY_LEVEL, ["VPCP"]),
    # -- agencies of the Government and other central agencies
    _body("vtv", "Đài Truyền hình Việt Nam", GOVERNMENT_AGENCY, ["VTV"]),
    _body("vov", "Đài Tiếng nói Việt Nam", GOVERNMENT_AGENCY, ["VOV"]),
    _body("ttxvn", "Thông tấn xã Việt Nam", GOVERNMENT_AGENCY, ["TTXVN"]),
    _body("vast", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", GOVERNMENT_AGENCY),
    _body("vass", "Viện Hàn lâm Khoa học xã hội Việt Nam", GOVERNMENT_AGENCY),
    _body("bhxh-vn", "Bảo hiểm xã hội Việt Nam", GOVERNMENT_AGENCY, ["BHXH Việt Nam"]),
    _body("cuc-cds-qg", "Cục Chuyển đổi số quốc gia", GOVERNMENT_AGENCY),
    _body("cuc-attt", "Cục An toàn thông tin", GOVERNMENT_AGENCY),
    _body("ktnn", "Kiểm toán nhà nước", STATE, ["KTNN", "Tổng Kiểm toán nhà nước"]),
    _body("tandtc", "Tòa án nhân dân tối cao", STATE, ["TANDTC"]),
    _body("vksndtc", "Viện kiểm sát nhân dân tối cao", STATE, ["VKSNDTC"]),
    _body("chu-tich-nuoc", "Chủ tịch nước", STATE),
    _body("vp-chu-tich-nuoc", "Văn phòng Chủ tịch nước", STATE),
    # -- the Party's central bodies
    _body("bch-tw", "Ban Chấp hành Trung ương Đảng", PARTY, ["Ban Chấp hành Trung ương"]),
    _body("bo-chinh-tri", "Bộ Chính trị", PARTY),
    _body("ban-bi-thu", "Ban Bí thư", PARTY),
    _body(
        "bcd-tw-57",
        "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        PARTY,
    ),
    _body("ban-to-chuc-tw", "Ban Tổ chức Trung ương", PARTY),
    _body(
        "ban-tgdv-tw",
        "Ban Tuyên giáo và Dân vận Trung ương",
        PARTY,
        former=["Ban Tuyên giáo Trung ương", "Ban Dân vận Trung ương"],
    ),
    _body("ban-cscl-tw", "Ban Chính sách, chiến lược Trung ương", PARTY, former=["Ban Kinh tế Trung ương"]),
    _body("ban-noi-chinh-tw", "Ban Nội chính Trung ương", PARTY),
    _body("ubkt-tw", "Ủy ban Kiểm tra Trung ương", PARTY),
    _body("vp-tw-dang", "Văn phòng Trung ương Đảng", PARTY),
    _body("dang-uy-chinh-phu", "Đảng ủy Chính phủ", PARTY),
    # -- the National Assembly
    _body("quoc-hoi", "Quốc hội", NATIONAL_ASSEMBLY),
    _body("ubtvqh", "Ủy ban Thường vụ Quốc hội", NATIONAL_ASSEMBLY, ["UBTVQH"]),
    _body("hd-dan-toc", "Hội đồng Dân tộc", NATIONAL_ASSEMBLY),
    _body("ub-khcnmt", "Ủy ban Khoa học, Công nghệ và Môi trường", NATIONAL_ASSEMBLY),
    _body("ub-phap-luat-tu-phap", "Ủy ban Pháp luật và Tư pháp", NATIONAL_ASSEMBLY),
    _body("ub-kinh-te-tai-chinh", "Ủy ban Kinh tế và Tài chính", NATIONAL_ASSEMBLY),
    _body("ub-van-hoa-xa-hoi", "Ủy ban Văn hóa và Xã hội", NATIONAL_ASSEMBLY),
    _body("ub-qp-an-dn", "Ủy ban Quốc phòng, An ninh và Đối ngoại", NATIONAL_ASSEMBLY),
    _body("vp-quoc-hoi", "Văn phòng Quốc hội", NATIONAL_ASSEMBLY),
    # -- central mass organisations
    _body(
        "mttq-tw",
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        MASS_ORG,
        ["Ủy ban Trung ương MTTQ Việt Nam", "UBTW MTTQ Việt Nam"],
    ),
    _body("tw-doan", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", MASS_ORG, ["Trung ương Đoàn"]),
    _body("tld-ld", "Tổng Liên đoàn Lao động Việt Nam", MASS_ORG),
    _body("vcci", "Liên đoàn Thương mại và Công nghiệp Việt Nam", MASS_ORG, ["VCCI"]),
    # -- state groups the Government addresses
    _body("vnpt-tap-doan", "Tập đoàn Bưu chính Viễn thông Việt Nam", ENTERPRISE, ["Tập đoàn VNPT"]),
    _body("viettel-tap-doan", "Tập đoàn Công nghiệp - Viễn thông Quân đội", ENTERPRISE, ["Tập đoàn Viettel"]),
    _body("vnpost", "Tổng công ty Bưu điện Việt Nam", ENTERPRISE),
)

# Leaders' titles: an order to "Bộ trưởng Bộ Tài chính", "Thống đốc Ngân hàng Nhà nước", "Chủ tịch UBND
# tỉnh", "Giám đốc Sở ..." is an order to the body (folded words). A title that shares words with its body
# ("Tổng Thanh tra Chính phủ") is a short form of the body instead.
LEADER_TITLES = (
    ("bo", "truong", ",", "chu", "nhiem"),
    ("bo", "truong", ",", "thu", "truong"),
    ("bo", "truong"),
    ("thu", "truong"),
    ("thong", "doc"),
    ("tong", "giam", "doc"),
    ("chu", "nhiem"),
    ("chanh", "an"),
    ("vien", "truong"),
)


def by_key() -> dict[str, CentralBody]:
    return {body.key: body for body in CATALOGUE}


__all__ = ["CATALOGUE", "CENTRAL", "LEADER_TITLES", "CentralBody", "by_key"]
