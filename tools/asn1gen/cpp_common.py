"""Names, literals and small records shared by the C++ generator modules."""

import re
from dataclasses import dataclass, field

CPP_KEYWORDS = {
    "and", "or", "not", "xor", "bitand", "bitor", "compl", "delete", "new", "default", "class",
    "private", "protected", "public", "register", "int", "long", "short", "char", "float",
    "double", "true", "false", "this", "operator", "template", "typename", "auto", "case",
    "switch", "return", "static", "const", "volatile", "explicit", "friend", "inline", "virtual",
    "export", "extern", "union", "struct", "enum", "namespace", "using", "signed", "unsigned",
    "void", "bool", "if", "else", "for", "while", "do", "break", "continue", "goto", "try",
    "catch", "throw", "sizeof", "typedef", "mutable", "concept", "requires", "final", "override",
}

_WORD = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+\d*(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+")


def snake(name):
    """ASN.1 identifier to snake_case: 'pDUSessionID' -> 'pdu_session_id',
    'AMF-UE-NGAP-ID' -> 'amf_ue_ngap_id', 'iE-Extensions' -> 'ie_extensions'."""
    words = []
    for part in name.split("-"):
        if len(part) >= 2 and part[0].islower() and part[1].isupper():
            part = part[0].upper() + part[1:]  # 3GPP lower-cases a type name's first letter
        # 'NRencryptionAlgorithms', 'EUTRAintegrityProtection...': acronym + lower-case word
        part = re.sub(r"(?<=[A-Z])(encryption|integrity)", r"-\1", part)
        if "-" in part:
            words += [w for p in part.split("-") for w in _WORD.findall(p)]
            continue
        words += _WORD.findall(part)
    s = "_".join(w.lower() for w in words)
    if s in CPP_KEYWORDS:
        s += "_value"
    return s


@dataclass
class Entity:
    name: str  # C++ type name (snake_case, unqualified)
    asn: str  # where it comes from, for the doc comment
    decl: str = ""
    deps: set = field(default_factory=set)
    enc: str = ""
    dec: str = ""
    sample: str = ""
    header: str = "ies"  # ies | pdu_contents | pdu
    source: str = "ies"  # output .cpp group key
    order: int = 0
    codec: bool = True  # has enc_/dec_ functions


def size_literal(rng):
    if rng is None:
        return "aper::size_range{}"
    lb, ub, ext = rng
    ubs = "aper::size_range::unbounded" if ub is None else str(ub)
    return f"aper::size_range{{{lb or 0}, {ubs}, {'true' if ext else 'false'}}}"


def int_ctype(rng):
    if rng is None:
        return "std::int64_t"
    lb, ub, ext = rng
    if ext or lb is None or ub is None or lb < 0:
        return "std::int64_t"
    for bits in (8, 16, 32, 64):
        if ub < (1 << bits):
            return f"std::uint{bits}_t"
    return "std::uint64_t"


def int_literal(rng):
    if rng is None:
        return "aper::int_range{0, 0, false, false, false}"
    lb, ub, ext = rng
    return "aper::int_range{%s, %s, %s, %s, %s}" % (
        lb if lb is not None else 0,
        (str(ub) + "LL") if ub is not None and ub > 2**31 else (ub if ub is not None else 0),
        "true" if lb is not None else "false",
        "true" if ub is not None else "false",
        "true" if ext else "false",
    )


class Shape:
    """How one use of a type is handled: an entity call or inline primitive code."""

    def __init__(self, kind, ctype, **kw):
        self.kind = kind
        self.ctype = ctype
        self.__dict__.update(kw)


def member_name(struct_name, asn_name):
    """A data member may not share its class's name (C++ [class.mem])."""
    m = snake(asn_name)
    return m + "_value" if m == struct_name else m
