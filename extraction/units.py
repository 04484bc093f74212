"""Finding units in a sentence: known units by any of their names (tolerant of the usual variants),
group phrases ("các sở, ban, ngành") and names of units the list does not know yet.

Names are compared as sequences of canonical tokens: folded (no diacritics, lower case), acronyms
written with "&", "-" or "và" joined ("TT&TT", "TT và TT" → "tttt"), and the long forms contracted
("Ủy ban nhân dân" → "ubnd", "Văn phòng" → "vp", "Thông tin và Truyền thông" → "tttt"). The same
canonical form is computed for the unit list and for the text, so "Sở TT&TT", "Sở TTTT" and
"Sở Thông tin và Truyền thông" all meet at ("so", "tttt"). The longest name wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import lexicon
from .catalogue import CATALOGUE, CentralBody
from .groups import group_key
from .normalize import fold
from .text import Token, raw_tokens

if TYPE_CHECKING:
    from .model import KnownUnit

UNIT = "unit"
NEW = "new"
GROUP = "group"

# How a name was recognised, and how sure the assistant is of it (0-1). The review screen asks the
# clerk to look again at a row whose least sure field is below the threshold (ASSISTANT_REVIEW_THRESHOLD).
BY_NAME = "name"  # the unit's name or short name
BY_ALIAS = "alias"  # one of its other names (learned from the clerk's corrections too)
BY_VARIANT = "variant"  # a derived short form ("Sở VHTTDL")
BY_CATALOGUE = "catalogue"  # a name of the national catalogue (former names, short forms)
BY_FUZZY = "fuzzy"  # the name with "và" or punctuation left out ("Sở Khoa học Công nghệ")
BY_NEW = "new"  # a name the register does not hold
BY_GROUP = "group"
CONFIDENCE = {
    BY_NAME: 1.0,
    BY_ALIAS: 0.95,
    BY_VARIANT: 0.85,
    BY_CATALOGUE: 0.85,
    BY_FUZZY: 0.7,
    BY_NEW: 0.5,
    BY_GROUP: 0.8,
}

ENTERPRISE = "enterprise"  # dtsystem.units.choices.UnitKind.ENTERPRISE

_CONTRACTIONS = sorted(
    [
        (("uy", "ban", "nhan", "dan"), "ubnd"),
        (("hoi", "dong", "nhan", "dan"), "hdnd"),
        (("van", "phong"), "vp"),
        (("thanh", "pho"), "tp"),
        (("thi", "xa"), "tx"),
        (("thong", "tin", "va", "truyen", "thong"), "tttt"),
        (("thong", "tin", "truyen", "thong"), "tttt"),
        (("cong", "nghe", "thong", "tin"), "cntt"),
    ],
    key=lambda pair: -len(pair[0]),
)
_DOTTED = {"tp", "tx", "h", "q", "p", "tt"}  # "TP. Cao Lãnh": the dot belongs to the abbreviation
_DROPPED = {"-", "–", "—", "/", "*", "_"}


# --------------------------------------------------------------------------- canonical tokens
def _is_acronym(tok: Token, limit: int = 5) -> bool:
    return tok.upper and tok.text.isalpha() and len(tok.text) <= limit


def _merge_acronyms(text: str, toks: list[Token]) -> list[Token]:
    """ "TT&TT", "KH và ĐT", "LĐ-TB&XH" → one token."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        j = i
        while _is_acronym(toks[j]) and j + 2 < len(toks) and _is_acronym(toks[j + 2]):
            glue, nxt = toks[j + 1], toks[j + 2]
            if glue.text in {"&", "-"} or (
                glue.norm == "va" and min(len(toks[j].text), len(nxt.text)) <= 2 and len(nxt.text) <= 4
            ):
                j += 2
            else:
                break
        if j > i:
            parts = [toks[k] for k in range(i, j + 1, 2)]
            tok = Token(
                text=text[toks[i].start : toks[j].end],
                norm="".join(p.norm for p in parts),
                start=toks[i].start,
                end=toks[j].end,
                cap=True,
                upper=True,
            )
        out.append(tok)
        i = j + 1
    return out


def _drop_noise(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in toks:
        if tok.text in _DROPPED:
            continue
        if tok.text == "." and out and out[-1].norm in _DOTTED and out[-1].cap:
            continue
        if tok.text == "&":
            tok = Token(tok.text, "va", tok.start, tok.end, False, False)
        out.append(tok)
    return out


def _contract(text: str, toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    norms = [t.norm for t in toks]
    while i < len(toks):
        for pattern, short in _CONTRACTIONS:
            if tuple(norms[i : i + len(pattern)]) == pattern:
                last = toks[i + len(pattern) - 1]
                out.append(
                    Token(text[toks[i].start : last.end], short, toks[i].start, last.end, toks[i].cap, False)
                )
                i += len(pattern)
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def canonical_tokens(text: str) -> list[Token]:
    toks = raw_tokens(text)
    return _contract(text, _drop_noise(_merge_acronyms(text, toks)))


def canonical_key(name: str) -> tuple[str, ...]:
    return tuple(t.norm for t in canonical_tokens(name))


def initials_variant(name: str) -> str | None:
    """ "Sở Văn hóa, Thể thao và Du lịch" → "Sở VHTTDL" (the usual short form of a department)."""
    words = name.replace(",", " ").replace("-", " ").replace("&", " ").split()
    if len(words) < 3 or fold(words[0]) not in {"so", "ban", "bo"}:
        return None
    letters = [w[0].upper() for w in words[1:] if fold(w) not in {"va", "tinh"} and w[0].isalpha()]
    return f"{words[0]} {''.join(letters)}" if len(letters) >= 2 else None


# --------------------------------------------------------------------------- mentions
@dataclass
class Mention:
    """A unit, a group of units, or a not-yet-known unit named in a sentence."""

    kind: str  # UNIT, NEW or GROUP
    name: str  # the unit's name; for NEW and GROUP the phrase as written
    text: str  # as written in the sentence
    start: int  # offsets in the analysed text
    end: int
    tok_start: int  # canonical token range [tok_start, tok_end)
    tok_end: int
    unit: KnownUnit | None = None
    rule: str = BY_NAME
    group: str = ""  # GROUP: the group's key (extraction.groups)
    body: CentralBody | None = None  # NEW from the national catalogue

    @property
    def key(self) -> str:
        """Identity for de-duplication and scoring: the unit's code (or id), the group key, or the
        folded phrase."""
        if self.unit is not None:
            return str(self.unit.code or self.unit.id)
        if self.kind == GROUP and self.group:
            return f"group:{self.group}"
        return f"{self.kind}:{fold(self.name)}"

    @property
    def confidence(self) -> float:
        return CONFIDENCE.get(self.rule, 0.5)

    @property
    def unit_kind(self) -> str:
        return self.unit.kind if self.unit is not None else ""


@dataclass
class Analysis:
    tokens: list[Token]
    mentions: list[Mention]

    def mention_at(self, tok_index: int) -> Mention | None:
        for m in self.mentions:
            if m.tok_start == tok_index:
                return m
        return None


def unit_names(unit: KnownUnit) -> list[str]:
    return [name for name, _ in unit_names_with_rules(unit)]


def unit_names_with_rules(unit: KnownUnit) -> list[tuple[str, str]]:
    """Every name of a unit with the rule it is recognised by: name, short name, aliases, variant."""
    names = [(unit.name, BY_NAME), (unit.short_name, BY_NAME), *((a, BY_ALIAS) for a in unit.aliases)]
    variant = initials_variant(unit.name)
    if variant:
        names.append((variant, BY_VARIANT))
    seen, out = set(), []
    for name, rule in names:
        if name and name not in seen:
            seen.add(name)
            out.append((name, rule))
    return out


_LOOSE = {"va", ",", "&", "-", "(", ")", "."}


def loose_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """A name's key without "và" and punctuation: "Sở Khoa học, Công nghệ" meets "Sở Khoa học và Công nghệ"."""
    return tuple(k for k in key if k not in _LOOSE)


@dataclass(frozen=True)
class Entry:
    """What a name's key stands for: a unit of the register, or a body of the national catalogue."""

    unit: KnownUnit | None
    body: CentralBody | None
    needs_capital: bool
    rule: str


class UnitMatcher:
    """Index of every unit name by canonical key; scans sentences for mentions.

    The province's register comes first; the national catalogue (extraction.catalogue) adds the names of
    central bodies: a body the register holds (same name or short form) lends the register's unit its
    other names, a body it does not hold is proposed as a new unit. Names with "và" or punctuation left
    out are recognised too, with less confidence."""

    MAX_KEY = 14

    def __init__(self, units: Iterable[KnownUnit], *, catalogue: Iterable[CentralBody] = CATALOGUE) -> None:
        self.units = list(units)
        self.keys: dict[tuple[str, ...], Entry] = {}
        self.loose: dict[tuple[str, ...], Entry] = {}
        self.acronyms: dict[str, Entry] = {}  # single all-caps token → entry (case-sensitive)
        for unit in self.units:
            for name, rule in unit_names_with_rules(unit):
                self._add(name, Entry(unit, None, name[:1].isupper(), rule))
        for body in catalogue:
            self._add_body(body)
        for key, entry in list(self.keys.items()):
            if len(key) > 2 and entry.rule != BY_CATALOGUE:
                self.loose.setdefault(
                    loose_key(key), Entry(entry.unit, entry.body, entry.needs_capital, BY_FUZZY)
                )
        # the words a name can start with: most words of a text start none, and are passed at once
        self.first_words = {key[0] for key in self.keys} | {key[0] for key in self.loose if key}
        self.longest = max((len(key) for key in self.keys), default=1)

    def _add(self, name: str, entry: Entry) -> None:
        toks = canonical_tokens(name)
        if not toks:
            return
        key = tuple(t.norm for t in toks)
        if len(toks) == 1 and toks[0].upper:
            self.acronyms.setdefault(key[0], entry)
            return
        self.keys.setdefault(key, entry)

    def _add_body(self, body: CentralBody) -> None:
        """A catalogue body: the register's unit when the register holds it, else a body to propose."""
        own = [body.name, *body.short_forms]
        unit = None
        for name in own:
            toks = canonical_tokens(name)
            key = tuple(t.norm for t in toks)
            entry = self.acronyms.get(key[0]) if len(toks) == 1 and toks[0].upper else self.keys.get(key)
            if entry is not None and entry.unit is not None:
                unit = entry.unit
                break
        for name in body.names:
            rule = BY_NAME if unit is None and name in own else BY_CATALOGUE
            self._add(name, Entry(unit, None if unit else body, name[:1].isupper(), rule))

    # -- pieces of the scan
    def _match_unit(self, toks: list[Token], i: int) -> tuple[int, Entry] | None:
        tok = toks[i]
        if tok.norm not in self.first_words:
            return (i + 1, self.acronyms[tok.norm]) if tok.upper and tok.norm in self.acronyms else None
        norms = [t.norm for t in toks[i : i + min(self.MAX_KEY, self.longest + 2)]]
        loose: list[tuple[str, ...]] = [()]  # loose[k]: the first k words without "và" and punctuation
        for norm in norms:
            loose.append(loose[-1] if norm in _LOOSE else (*loose[-1], norm))
        for length in range(len(norms), 0, -1):
            key = tuple(norms[:length])
            hit = self.keys.get(key)
            if hit is None and length > 2 and key[-1] not in _LOOSE:
                hit = self.loose.get(loose[length])  # "Sở Khoa học Công nghệ", "Sở Khoa học, Công nghệ"
            if hit and (toks[i].cap or not hit.needs_capital):
                return i + length, hit
        if tok.upper and tok.norm in self.acronyms:
            return i + 1, self.acronyms[tok.norm]
        return None

    def _match_group(self, toks: list[Token], i: int) -> int | None:
        n = len(toks)
        j, by_ubnd, with_cac = i, False, False
        if toks[j].norm == "ubnd":
            by_ubnd, j = True, j + 1
        if j < n and toks[j].norm == "cac":
            with_cac, j = True, j + 1
        if not (with_cac or by_ubnd or _match_any(toks, j, lexicon.CLASS_NOUNS)):
            return None  # "cơ quan ngang bộ" names the class even without "các"
        nouns, end = 0, None
        while j < n:
            size = _match_any(toks, j, lexicon.GROUP_NOUNS)
            if by_ubnd and not size and toks[j].norm == "cap" and j + 1 < n:
                size = 2 if toks[j + 1].norm in {"huyen", "xa", "tinh"} else 0
            if not size or _starts_name(toks, j, size):
                break
            nouns += 1
            j += size
            while (q := _match_any(toks, j, lexicon.GROUP_QUALIFIERS)) and not _starts_name(toks, j, q):
                j += q
            end = j
            if (
                j + 1 < n
                and toks[j].norm in {",", "va", "/"}
                and _match_any(toks, j + 1, lexicon.GROUP_NOUNS)
            ):
                j += 1
                continue
            break
        if not nouns or (by_ubnd and not with_cac and nouns < 2 and toks[i + 1].norm != "cap"):
            return None
        return end

    def _match_shared_head(self, toks: list[Token], i: int) -> list[tuple[int, int, Entry]] | None:
        """ "các Sở: Tài chính, Kế hoạch và Đầu tư, Nội vụ" → one mention per Sở."""
        n = len(toks)
        if not (toks[i].norm == "cac" and i + 2 < n and toks[i + 1].norm == "so" and toks[i + 1].cap):
            return None
        j = i + 3 if toks[i + 2].norm == ":" else i + 2
        found: list[tuple[int, int, Entry]] = []
        while j < n:
            hit = None
            for length in range(min(self.MAX_KEY, n - j), 0, -1):
                entry = self.keys.get(("so", *[t.norm for t in toks[j : j + length]]))
                if entry and entry.unit is not None:
                    hit = (j, j + length, entry)
                    break
            if hit is None:
                plain = self._match_unit(toks, j)
                hit = (j, plain[0], plain[1]) if plain else None
            if hit is None:
                break
            found.append(hit)
            j = hit[1]
            if j + 1 < n and toks[j].norm in {",", "va"}:
                j += 1
            else:
                break
        return found or None

    def _match_new(self, toks: list[Token], i: int) -> int | None:
        """An unknown unit: a head ("Sở", "Ban", "Trung tâm"...) followed by a capitalised name."""
        if not toks[i].cap:
            return None
        size = _match_any(toks, i, lexicon.NEW_UNIT_HEADS)
        if not size:
            return None
        j = i + size
        n = len(toks)
        head = toks[i].norm
        if head in {"ubnd", "hdnd"} or (head == "cong" and size == 2):
            if j < n and toks[j].norm in lexicon.ADMIN_LEVELS:
                j += 2 if toks[j].norm == "thi" else 1
            else:
                return None
        if j >= n or not toks[j].cap or not toks[j].text[0].isalpha():
            return None
        k = j + 1
        while k < n and k - i < 10:
            tok = toks[k]
            if tok.norm == "va" and k + 1 < n and toks[k + 1].cap and not self._starts_unit(toks, k + 1):
                k += 2
                continue
            if not tok.text[0].isalnum():
                break
            if tok.cap:
                if tok.norm in lexicon.LIST_HEADS or _match_any(toks, k, (("trung", "tam"), ("cong", "an"))):
                    break
                k += 1
                continue
            if tok.text.lower() in lexicon.NAME_STOP_WORDS or _verb_at(toks, k):
                break  # "Đầu tư" goes on ("tư" is not "từ"): function words are compared with their marks
            k += 1
        return k

    @staticmethod
    def _name_end(toks: list[Token], start: int, end: int) -> int:
        """A trailing "tỉnh" is not part of the name ("Sở Ngoại vụ tỉnh phối hợp..."), though it belongs
        to the mention (the predicate starts after it)."""
        while end > start + 2 and not toks[end - 1].cap and toks[end - 1].norm in {"tinh", "huyen", "tp"}:
            end -= 1
        return end

    def _starts_unit(self, toks: list[Token], k: int) -> bool:
        """Does a (known or new) unit's name start at token k ("... và Viettel Bình Định")?"""
        return bool(self._match_unit(toks, k) or _match_any(toks, k, lexicon.NEW_UNIT_HEADS))

    # -- the scan
    def analyse(self, text: str) -> Analysis:
        toks = canonical_tokens(text)
        mentions: list[Mention] = []
        i = 0
        while i < len(toks):
            shared = self._match_shared_head(toks, i)
            if shared:
                for start, end, entry in shared:
                    mentions.append(self._entry_mention(text, toks, start, end, entry))
                i = shared[-1][1]
                continue
            unit_hit = self._match_unit(toks, i)
            group_end = self._match_group(toks, i)
            if unit_hit and (group_end is None or unit_hit[0] >= group_end):
                branch_end = _branch_end(toks, unit_hit)
                if branch_end:  # "Viettel Bình Định": a provincial branch the list does not know
                    phrase = text[toks[i].start : toks[branch_end - 1].end]
                    mentions.append(self._mention(text, toks, i, branch_end, NEW, phrase, None, rule=BY_NEW))
                    i = branch_end
                    continue
                mentions.append(self._entry_mention(text, toks, i, unit_hit[0], unit_hit[1]))
                i = unit_hit[0]
                continue
            if group_end:
                phrase = text[toks[i].start : toks[group_end - 1].end]
                mention = self._mention(text, toks, i, group_end, GROUP, phrase, None, rule=BY_GROUP)
                mention.group = group_key(phrase)
                mentions.append(mention)
                i = group_end
                continue
            new_end = self._match_new(toks, i)
            if new_end:
                phrase = text[toks[i].start : toks[self._name_end(toks, i, new_end) - 1].end]
                mentions.append(self._mention(text, toks, i, new_end, NEW, phrase, None, rule=BY_NEW))
                i = new_end
                continue
            i += 1
        return Analysis(tokens=toks, mentions=mentions)

    @staticmethod
    def _mention(text, toks, start, end, kind, name, unit, *, rule: str = BY_NAME, body=None) -> Mention:
        s, e = toks[start].start, toks[end - 1].end
        return Mention(
            kind=kind,
            name=name,
            text=text[s:e],
            start=s,
            end=e,
            tok_start=start,
            tok_end=end,
            unit=unit,
            rule=rule,
            body=body,
        )

    def _entry_mention(self, text, toks, start, end, entry: Entry) -> Mention:
        if entry.unit is not None:
            return self._mention(text, toks, start, end, UNIT, entry.unit.name, entry.unit, rule=entry.rule)
        return self._mention(
            text, toks, start, end, NEW, entry.body.name, None, rule=BY_CATALOGUE, body=entry.body
        )


def _match_any(toks: list[Token], i: int, patterns) -> int:
    """Length of the first pattern (tuple of folded words) found at token i, else 0."""
    for pattern in patterns:
        if tuple(t.norm for t in toks[i : i + len(pattern)]) == pattern:
            return len(pattern)
    return 0


def _branch_end(toks: list[Token], hit: tuple[int, Entry]) -> int | None:
    """An enterprise followed by a place name ("Viettel" + "Bình Định") names a branch."""
    end, entry = hit
    if entry.unit is None or entry.unit.kind != ENTERPRISE:
        return None
    k = end
    while k < len(toks) and toks[k].cap and toks[k].text.isalpha() and not toks[k].upper:
        k += 1
    return k if k - end >= 1 else None


def _starts_name(toks: list[Token], j: int, size: int) -> bool:
    """ "Sở Y tế" after a comma is a unit's name, not the collective noun "sở"."""
    return (
        toks[j].cap
        and j + size < len(toks)
        and toks[j + size].cap
        and toks[j].norm in {"so", "ban", "bo", "hoi"}
    )


def _verb_at(toks: list[Token], k: int) -> bool:
    for size in (3, 2, 1):
        words = " ".join(t.norm for t in toks[k : k + size])
        if len(toks[k : k + size]) == size and words in lexicon.ACTION_VERBS:
            return True
    return False
