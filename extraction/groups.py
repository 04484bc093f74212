"""Group addressees: "các sở, ban, ngành", "UBND các xã, phường", "các cơ quan, đơn vị", "các bộ, cơ quan
ngang bộ"... An order to a group is kept as the group, with a stable key, so that a later stored unit
group (one row per key) is found with one lookup: `GROUP_LABELS` lists the keys.

The key is computed from the phrase's collective nouns, whatever the spelling ("UBND các xã, phường,
đặc khu" and "Ủy ban nhân dân cấp xã" are both `communes`). A phrase naming several kinds of addressee
("các sở, ban, ngành, đoàn thể tỉnh") gets the kinds joined by "+" in the order of `GROUP_LABELS`
(`departments+mass_orgs`).
"""

from __future__ import annotations

import re

from .normalize import fold

# key → Vietnamese label (shown on the review screen), in the order composite keys are written.
GROUP_LABELS = {
    "ministries": "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
    "provinces": "UBND các tỉnh, thành phố trực thuộc trung ương",
    "departments": "các sở, ban, ngành",
    "districts": "UBND các huyện, thị xã, thành phố",
    "communes": "UBND các xã, phường, đặc khu",
    "localities": "các địa phương",
    "mass_orgs": "Mặt trận Tổ quốc và các đoàn thể",
    "enterprises": "các doanh nghiệp",
    "members": "các thành viên Ban Chỉ đạo",
    "divisions": "các phòng, đơn vị trực thuộc",
    "agencies": "các cơ quan, đơn vị",
}

# Collective nouns (folded) → key. The longest phrase at a position wins ("co quan ngang bo" before
# "co quan", "dia phuong" before "phuong"); words not listed ("các", "liên quan", "tỉnh") are ignored.
_NOUNS = {
    "co quan ngang bo": "ministries",
    "co quan thuoc chinh phu": "ministries",
    "bo": "ministries",
    "cac tinh": "provinces",
    "truc thuoc trung uong": "provinces",
    "so": "departments",
    "ban": "departments",
    "nganh": "departments",
    "co quan chuyen mon": "departments",
    "huyen": "districts",
    "thi xa": "districts",
    "tx": "districts",
    "thanh pho": "districts",
    "tp": "districts",
    "quan": "districts",
    "cap huyen": "districts",
    "xa": "communes",
    "phuong": "communes",
    "thi tran": "communes",
    "dac khu": "communes",
    "cap xa": "communes",
    "dia phuong": "localities",
    "doan the": "mass_orgs",
    "hoi": "mass_orgs",
    "to chuc chinh tri xa hoi": "mass_orgs",
    "mat tran to quoc": "mass_orgs",
    "mat tran": "mass_orgs",
    "doanh nghiep": "enterprises",
    "thanh vien": "members",
    "thanh vien ban chi dao": "members",
    "phong": "divisions",
    "don vi thuoc so": "divisions",
    "don vi truc thuoc": "divisions",
    "co quan": "agencies",
    "co quan nha nuoc": "agencies",
    "don vi": "agencies",
    "to chuc": "agencies",
    "co so": "agencies",
    "truong": "agencies",
    "lien quan": "",  # "các cơ quan liên quan": not the district noun "quận"
    "co lien quan": "",
    "uy ban nhan dan": "",  # "Ủy ban nhân dân cấp xã": not the noun "ban"
    "ban chi dao": "",
    "ban thuong vu": "",
    "thu truong": "",
}
_LONGEST = max(len(k.split()) for k in _NOUNS)


def group_key(phrase: str) -> str:
    """ "UBND các xã, phường" → "communes"; "các sở, ban, ngành, đoàn thể" → "departments+mass_orgs"."""
    words = re.findall(r"[a-z0-9]+", fold(phrase))
    found: list[str] = []
    origin: dict[str, set[str]] = {}
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            noun = " ".join(words[i : i + size])
            key = _NOUNS.get(noun)
            if key is not None:
                if key and key not in found:
                    found.append(key)
                if key:
                    origin.setdefault(key, set()).add(noun)
                i += size
                break
        else:
            i += 1
    if "ministries" in found and origin.get("departments", set()) <= {"nganh"}:
        found = [k for k in found if k != "departments"]  # "các bộ, ngành": the ministries
    if "provinces" in found and origin.get("districts", set()) <= {"thanh pho", "tp"}:
        found = [k for k in found if k != "districts"]  # "các tỉnh, thành phố trực thuộc trung ương"
    if len(found) > 1 and "agencies" in found:
        found.remove("agencies")  # "các phòng, đơn vị": the divisions
    ordered = [key for key in GROUP_LABELS if key in found]
    return "+".join(ordered) or "agencies"


def group_label(key: str) -> str:
    """The Vietnamese label of a (possibly composite) key."""
    return "; ".join(GROUP_LABELS.get(part, part) for part in key.split("+"))


__all__ = ["GROUP_LABELS", "group_key", "group_label"]
