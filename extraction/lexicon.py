"""Word lists of Vietnamese administrative writing, folded (no diacritics, lower case).

Multi-word entries are space-separated syllables (SURNAMES alone keeps its diacritics). The grammar
in `tasks.py` reads them; nothing here knows about any particular notice.
"""

import re

# Vietnamese family names: a capitalised word run starting with one is a person's name.
SURNAMES = frozenset(
    re.findall(
        r"\S+",
        """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đinh Trương Lâm Mai Tô
    Hà Cao Lưu Châu Tạ Lương Trịnh Đoàn Thái Kiều Quách Tăng Từ Triệu Vương Hứa Mạc Nông Lò Thân Tống
    Khúc Chu Phùng La Văn Âu Giang Kim Bạch Diệp Lại Doãn Ông Thạch Đàm Lục Hầu Quan Nghiêm""",
    )
)

# Verbs an order starts with ("Hoàn chỉnh đề xuất...", "Tham mưu UBND tỉnh...") and that end a
# unit's name when they follow it ("Sở Ngoại vụ triển khai...").
ACTION_VERBS = frozenset(
    """
    tap trung|uu tien|chu dong|khan truong|tiep tuc|day manh|day nhanh|tang cuong|nang cao|xay dung
    trien khai|thuc hien|to chuc|hoan thien|hoan chinh|hoan thanh|cap nhat|bo sung|ra soat|nghien cuu
    tham muu|phoi hop|chu tri|de xuat|trinh|bao cao|kiem tra|theo doi|huong dan|don doc|bo tri|ban hanh
    lap|tham dinh|dam bao|bao dam|can cu|som|kip thoi|quan triet|tuyen truyen|pho bien|dao tao|boi duong
    tap huan|so hoa|so hoa|ket noi|tich hop|chia se|cung cap|ho tro|van hanh|duy tri|nang cap|mo rong
    dau tu|mua sam|thue|phat trien|ung dung|su dung|khai thac|quan ly|giam sat|danh gia|tong hop|thong ke
    dieu chinh|sua doi|soan thao|cu|phan cong|chi dao|tiep thu|gui|lay y kien|thanh lap|kien toan
    cong bo|dua|xu ly|khac phuc|rut kinh nghiem|tranh thu|huy dong|long ghep|thi diem|nhan rong|phan dau
    chuan bi|luu y|quan tam|chiu trach nhiem|co trach nhiem|tiep nhan|lam viec|phe duyet|trien khai
    thanh tra|ra|cai dat|xem xet|sap xep|can doi|lam ro|giai quyet|thuc thi|hop|thong bao
    dang ky|tiep can|hoan tat|nop|phat dong|to chuc thuc hien|dat|can|phai|nen
    """.replace("\n", "|").split("|")
)
ACTION_VERBS = frozenset(v.strip() for v in ACTION_VERBS if v.strip())

# Modal words: "cần xem xét", "phải tập trung".
MODALS = frozenset({"can", "phai", "nen"})

# A sentence that opens with one of these states an opinion or a decision, not an order.
OPINION_STARTS = (
    "thong nhat",
    "co ban thong nhat",
    "dong y",
    "nhat tri",
    "ghi nhan",
    "bieu duong",
    "danh gia cao",
    "hoan nghenh",
    "chap thuan",
    "khen ngoi",
    "lanh dao",  # "Lãnh đạo tỉnh đánh giá..."
)

# Words that hand an order to the unit named right after them: "Giao Sở X...", "Đề nghị Tỉnh Đoàn...".
ASSIGN_TRIGGERS = (
    ("giao", "nhiem", "vu", "cho"),
    ("giao", "cho"),
    ("giao",),
    ("de", "nghi"),
    ("yeu", "cau"),
    ("phan", "cong"),
    ("luu", "y"),  # a speaker's reminder: "... lưu ý UBND các xã, phường tạo điều kiện ..."
    ("nhac", "nho"),
)

# A speaker's request: "Phó Chủ tịch UBND tỉnh (cũng) yêu cầu / đề nghị / giao X ..." gives the order to X.
REQUESTS = (
    ("yeu", "cau"),
    ("de", "nghi"),
    ("giao", "nhiem", "vu", "cho"),
    ("giao", "cho"),
    ("giao",),
    ("chi", "dao", "giao"),
    ("luu", "y"),
    ("nhac", "nho"),
)

# "X được giao / được phân công ...": X is given the order.
GIVEN = (
    ("duoc", "giao", "nhiem", "vu"),
    ("duoc", "giao"),
    ("duoc", "phan", "cong"),
    ("duoc", "yeu", "cau"),
    ("duoc", "de", "nghi"),
)

# After a subject, a meeting's or a speaker's words, not an order: "chủ trì cuộc họp", "kết luận", "nhấn mạnh".
MEETING_STATEMENTS = (
    ("chu", "tri", "cuoc", "hop"),
    ("chu", "tri", "hoi", "nghi"),
    ("chu", "tri", "phien", "hop"),
    ("chu", "tri", "buoi", "lam", "viec"),
    ("chu", "tri", "cuoc", "lam", "viec"),
    ("ket", "luan"),
    ("phat", "bieu"),
    ("nhan", "manh"),
    ("chi", "ro"),
    ("chi", "ra"),
    ("tham", "du"),
    ("du", "hop"),
    ("chuc", "mung"),
    ("cam", "on"),
)

# Adverbs between a subject and its role: "Công an tỉnh tiếp tục chủ trì, phối hợp với ...".
ROLE_ADVERBS = (("tiep", "tuc"), ("khan", "truong"), ("chu", "dong"), ("cung",))

# Office-holders who act for their unit: "Giám đốc Sở Y tế chỉ đạo ...", "Chủ tịch UBND các huyện ...".
HEAD_TITLES = (
    ("pho", "giam", "doc"),
    ("giam", "doc"),
    ("thu", "truong"),
    ("pho", "chu", "tich"),
    ("chu", "tich"),
    ("truong", "ban"),
    ("chanh", "vp"),
    ("cuc", "truong"),
    ("chi", "huy", "truong"),
    ("nguoi", "dung", "dau"),
    ("lanh", "dao"),
)

# After a unit's name these words show it is not the subject ("Sở X của...", "Sở X đã báo cáo").
# "Sở X đã / chưa / còn / vẫn ...": a result or a shortcoming, not an order (an assessment).
NOT_PREDICATE = frozenset(
    {
        "cua",
        "ve",
        "tai",
        "thuoc",
        "tren",
        "la",
        "da",
        "dang",
        "duoc",
        "o",
        "den",
        "truc",
        "chua",
        "con",
        "van",
        "deu",
    }
)

# Titles of the sections that assess rather than order ("1. Đánh giá chung", "I. KẾT QUẢ ĐẠT ĐƯỢC"): nothing
# under them is a task.
ASSESSMENT_TITLE = re.compile(
    r"^(?:danh gia chung|danh gia (?:tinh hinh|ket qua)|ket qua (?:dat duoc|thuc hien|trien khai)"
    r"|tinh hinh (?:trien khai|thuc hien|chung)|nhung (?:ket qua|ton tai|han che|kho khan)|ton tai\b"
    r"|han che\b|kho khan\b|uu diem\b|nhan xet\b|boi canh\b|ket qua\b)"
)

# Connectives that may open a sentence before its subject or its verb.
CONNECTIVES = (
    "vi vay",
    "do do",
    "dong thoi",
    "theo do",
    "tuy nhien",
    "ngoai ra",
    "ben canh do",
    "truoc mat",
    "tren co so do",
    "sau do",
    "mat khac",
)

# A clause whose predicate is only one of these introduces a list of duties: it is a heading.
GENERIC_DUTY = frozenset(
    [
        "thuc",
        "hien",
        "trien",
        "khai",
        "co",
        "trach",
        "nhiem",
        "chiu",
        "trach",
        "nhiem",
        "co",
        "nhiem",
        "vu",
        "tap",
        "trung",
        "cac",
        "mot",
        "so",
        "nhung",
        "nhiem",
        "vu",
        "noi",
        "dung",
        "cong",
        "viec",
        "viec",
        "van",
        "de",
        "sau",
        "day",
        "nhu",
        "cu",
        "the",
        "trong",
        "tam",
        "chu",
        "yeu",
        "gom",
        "sau",
    ]
)

# Words that may sit between two units of one list: "Sở A, Sở B và các cơ quan liên quan".
LIST_GLUE = frozenset({",", "va", ";", "cung", "voi", "hoac", "/", "&"})
LIST_GLUE_PHRASES = (("nhat", "la"), ("dac", "biet", "la"), ("trong", "do", "co"), ("ke", "ca"))

# Collective nouns of unit groups: "các sở, ban, ngành", "UBND các huyện, thành phố".
GROUP_NOUNS = (
    ("co", "quan", "nha", "nuoc"),
    ("ban", "nganh"),
    ("co", "quan"),
    ("don", "vi"),
    ("dia", "phuong"),
    ("thi", "tran"),
    ("doanh", "nghiep"),
    ("to", "chuc"),
    ("doan", "the"),
    ("hoi", "doan", "the"),
    ("co", "so"),
    ("thanh", "vien"),
    ("nganh",),
    ("so",),
    ("ban",),
    ("bo",),
    ("huyen",),
    ("tx",),
    ("tp",),
    ("quan",),
    ("xa",),
    ("phuong",),
    ("hoi",),
    ("truong",),
    ("phong",),
    ("co", "quan", "ngang", "bo"),
    ("co", "quan", "thuoc", "chinh", "phu"),
    ("tinh",),  # "UBND các tỉnh, thành phố trực thuộc trung ương"
)
# The longest noun first (_match_any takes the first that fits): "cơ quan ngang bộ" before "cơ quan".
GROUP_NOUNS = tuple(sorted(GROUP_NOUNS, key=len, reverse=True))
# Collective nouns that name a class of bodies on their own ("Thủ trưởng cơ quan ngang bộ").
CLASS_NOUNS = (("co", "quan", "ngang", "bo"), ("co", "quan", "thuoc", "chinh", "phu"))
GROUP_QUALIFIERS = (
    ("co", "lien", "quan"),
    ("lien", "quan"),
    ("thuoc", "ubnd", "tinh"),
    ("thuoc", "ubnd", "huyen"),
    ("truc", "thuoc", "so"),
    ("thuoc", "so"),
    ("thuoc", "tinh"),
    ("truc", "thuoc"),
    ("tren", "dia", "ban", "tinh"),
    ("tren", "dia", "ban"),
    ("cap", "tinh"),
    ("cap", "huyen"),
    ("cap", "xa"),
    ("trung", "uong"),
    ("tinh",),
    ("thanh", "vien"),
    ("chuyen", "mon"),
    ("nha", "nuoc"),
)

# Heads of a unit's name, for names the unit list does not know yet ("Sở Ngoại vụ", "Ban Quản lý...").
NEW_UNIT_HEADS = (
    ("tong", "cong", "ty"),
    ("trung", "tam"),
    ("chi", "cuc"),
    ("lien", "doan"),
    ("cong", "ty"),
    ("benh", "vien"),
    ("kho", "bac"),
    ("bao", "hiem"),
    ("cong", "an"),
    ("vien", "thong"),
    ("so",),
    ("ban",),
    ("cuc",),
    ("vien",),
    ("dai",),
    ("hoi",),
    ("phong",),
    ("vp",),
    ("doi",),
    ("ubnd",),
    ("hdnd",),
)
# Heads that always start a new name: a list "Sở A, Sở B" is two units, "Phòng Bưu chính - Viễn thông" one.
LIST_HEADS = frozenset({"so", "ban", "ubnd", "hdnd", "cuc", "vp"})
ADMIN_LEVELS = frozenset({"huyen", "tx", "tp", "quan", "xa", "phuong", "thi", "tran"})

# Function words that end an unknown unit's name, with their marks: "tư" (in "Đầu tư") is not "từ"
# (compared with the word as written, lower case). "số" is not one: "Phòng Chuyển đổi số".
NAME_STOP_WORDS = frozenset(
    [
        "của",
        "về",
        "tại",
        "trong",
        "để",
        "theo",
        "cho",
        "với",
        "có",
        "là",
        "đã",
        "được",
        "sẽ",
        "phải",
        "cần",
        "và",
        "khi",
        "thì",
        "mà",
        "nhằm",
        "bằng",
        "từ",
        "đến",
        "ở",
        "này",
        "đó",
        "đây",
        "nếu",
        "trên",
        "sau",
        "trước",
        "ngày",
        "tháng",
        "năm",
        "đang",
        "chưa",
        "còn",
        "vẫn",
    ]
)

# Recipients of a submission are not coordinating units: "trình UBND tỉnh", "báo cáo Tỉnh ủy".
RECIPIENT_VERBS = frozenset({"trinh", "bao cao", "tham muu", "xin y kien", "qua"})

# Words that open a coordination list: "phối hợp với", "lấy ý kiến", "gửi Sở Tài chính tổng hợp".
COORDINATION_TRIGGERS = (
    ("phoi", "hop", "chat", "che", "voi"),
    ("phoi", "hop", "voi"),
    ("phoi", "hop", "cung"),
    ("voi", "su", "tham", "gia", "cua"),
    ("voi", "su", "phoi", "hop", "cua"),
    ("lay", "y", "kien", "cua"),
    ("lay", "y", "kien"),
    ("cung", "voi"),
    ("gui",),
    ("phoi", "hop"),  # "phối hợp UBND các huyện" (without "với"): the unit must follow at once
)

# Unit kinds that receive reports rather than coordinate ("gửi UBND tỉnh").
SUPERIOR_KINDS = frozenset({"province", "committee", "central"})

# Deadline-only sentences: what may remain once the date phrase is removed.
DEADLINE_FILLER = frozenset(
    [
        "thoi",
        "gian",
        "hoan",
        "thanh",
        "thuc",
        "hien",
        "han",
        "xong",
        "cac",
        "noi",
        "dung",
        "nhiem",
        "vu",
        "tren",
        "neu",
        "tat",
        "ca",
        "viec",
        "nay",
        "cham",
        "nhat",
        "la",
        "phai",
        "duoc",
        "truoc",
        "trong",
        "tu",
        "den",
        "ngay",
        "thang",
        "nam",
        "quy",
        ":",
        ",",
        ".",
        ";",
        "bao",
        "cao",
        "ket",
        "qua",
        "ve",
        "truoc",
    ]
)
