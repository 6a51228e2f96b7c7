"""ASN.1 (X.680/X.681/X.682/X.683) parser for the subset used by 3GPP application protocols.

Reads modules into plain Python objects; asn1_model.py resolves references and constraints.
Covers what TS 38.413 uses: type and value assignments, SEQUENCE/CHOICE/ENUMERATED with
extension markers, SEQUENCE OF with SIZE, INTEGER/strings with constraints, CONTAINING,
information object classes with WITH SYNTAX, objects and object sets, table constraints
({Set}{@id}) and parameterised types (X.683).
"""

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<assign>::=)
      | (?P<ellipsis>\.\.\.)
      | (?P<range>\.\.)
      | (?P<lbb>\[\[) | (?P<rbb>\]\])
      | (?P<num>-?\d+)
      | (?P<field>&[A-Za-z][A-Za-z0-9-]*)
      | (?P<ident>[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)
      | (?P<punct>[{}()\[\],|.@;:!<^])
    """,
    re.VERBOSE,
)


class ParseError(Exception):
    pass


def strip_comments(text):
    """X.680 §12.6: '--' starts a comment ending at the next '--' or the end of the line."""
    out = []
    for line in text.split("\n"):
        result = []
        i = 0
        in_comment = False
        while i < len(line):
            if line.startswith("--", i):
                in_comment = not in_comment
                i += 2
                continue
            if not in_comment:
                result.append(line[i])
            i += 1
        out.append("".join(result))
    return "\n".join(out)


def tokenize(text):
    tokens = []
    pos = 0
    line = 1
    text = strip_comments(text)
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ParseError(f"line {line}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        value = m.group(kind)
        if kind != "ws":
            tokens.append((value, line))
        line += value.count("\n")
        pos = m.end()
    return tokens


# ---- AST -------------------------------------------------------------------------------


@dataclass
class Constraint:
    """A constraint as written: root elements (values or (lb, ub) ranges, names unresolved),
    whether it has an extension marker, a SIZE sub-constraint, CONTAINING, or a table
    constraint ({Set} with an optional @relative component)."""

    root: list = field(default_factory=list)
    extensible: bool = False
    size: "Constraint" = None
    containing: object = None
    table_set: str = None
    table_at: str = None


@dataclass
class Type:
    kind: str  # ref, seq, seqof, choice, enum, int, bits, octets, string, bool, null, oid, field
    name: str = None  # ref: referenced name; string: the string type; field: class name
    params: list = None  # ref: actual parameters
    components: list = None  # seq: [Component]; choice: [Component]
    extensible: bool = False
    additions: list = None  # seq/choice: extension additions; enum: extension names
    items: list = None  # enum: root names
    element: "Type" = None  # seqof
    constraint: Constraint = None
    field_name: str = None  # field: &name


@dataclass
class Component:
    name: str
    type: Type
    optional: bool = False
    default: object = None


@dataclass
class Assignment:
    kind: str  # type, value, class, object, objectset
    name: str
    module: str
    line: int
    type: Type = None  # type; value/object/objectset: governing type or class name
    value: object = None  # value: number/name; object: {field: val}; objectset: Constraint
    params: list = None  # parameterised type: [(governor, name)]
    class_def: dict = None  # class: {fields: {name: (kind, type, opts)}, syntax: [...]}
    group: str = None  # section heading the definition sits under (for file splitting)


class Parser:
    def __init__(self, tokens, module_text):
        self.toks = tokens
        self.i = 0
        self.groups = self._headings(module_text)

    @staticmethod
    def _headings(text):
        """Uppercase 'ELEMENTARY PROCEDURES' headings, used to split generated files by
        message group (TS 38.413 §9.4.4 is organised that way)."""
        marks = []
        for n, line in enumerate(text.split("\n"), 1):
            m = re.match(r"^--\s+([A-Z][A-Z0-9 /-]*ELEMENTARY PROCEDURES?)\s*$", line)
            if m:
                marks.append((n, m.group(1).strip()))
        return marks

    def group_at(self, line):
        current = None
        for n, name in self.groups:
            if n <= line:
                current = name
        return current

    # -- token helpers
    def peek(self, k=0):
        j = self.i + k
        return self.toks[j][0] if j < len(self.toks) else None

    def line(self):
        return self.toks[self.i][1] if self.i < len(self.toks) else -1

    def next(self):
        tok = self.toks[self.i][0]
        self.i += 1
        return tok

    def expect(self, value):
        tok = self.next()
        if tok != value:
            raise ParseError(f"line {self.line()}: expected {value!r}, got {tok!r}")
        return tok

    def accept(self, value):
        if self.peek() == value:
            self.i += 1
            return True
        return False

    # -- modules
    def parse_module(self):
        name = self.next()
        if self.peek() == "{":  # module OID
            self.skip_braces()
        self.expect("DEFINITIONS")
        while self.peek() != "::=":
            self.next()
        self.expect("::=")
        self.expect("BEGIN")
        imports = {}
        if self.accept("IMPORTS"):
            names = []
            while not self.accept(";"):
                tok = self.next()
                if tok == "FROM":
                    module = self.next()
                    if self.peek() == "{":
                        self.skip_braces()
                    for n in names:
                        imports[n] = module
                    names = []
                elif tok not in (",", "{", "}"):
                    names.append(tok)
        assignments = []
        while self.peek() != "END":
            assignments.append(self.parse_assignment(name))
        self.expect("END")
        return name, imports, assignments

    def skip_braces(self):
        depth = 0
        while True:
            tok = self.next()
            depth += tok == "{"
            depth -= tok == "}"
            if depth == 0:
                return

    def parse_assignment(self, module):
        line = self.line()
        name = self.next()
        a = Assignment(kind="", name=name, module=module, line=line, group=self.group_at(line))
        if self.peek() == "{":  # X.683 parameterised type
            a.params = self.parse_formal_params()
            self.expect("::=")
            a.kind = "type"
            a.type = self.parse_type()
            return a
        if self.accept("::="):
            if self.peek() == "CLASS":
                a.kind = "class"
                a.class_def = self.parse_class()
            else:
                a.kind = "type"
                a.type = self.parse_type()
            return a
        governor = self.next()  # value type, or class of an object / object set
        if governor == "INTEGER":
            governor_type = Type("int")
        else:
            governor_type = Type("ref", name=governor)
        self.expect("::=")
        a.type = governor_type
        if name[0].islower() and self.peek() == "{" and governor.isupper():
            a.kind = "object"
            a.value = self.parse_object_body()
        elif name[0].isupper():
            a.kind = "objectset"
            a.value = self.parse_object_set()
        else:
            a.kind = "value"
            a.value = self.parse_value()
        return a

    def parse_formal_params(self):
        self.expect("{")
        params = []
        while True:
            first = self.next()
            if self.accept(":"):
                params.append((first, self.next()))
            else:
                params.append((None, first))
            if self.accept("}"):
                return params
            self.expect(",")

    def parse_value(self):
        tok = self.next()
        if re.fullmatch(r"-?\d+", tok):
            return int(tok)
        return tok

    # -- types
    def parse_type(self):
        tok = self.next()
        if tok == "SEQUENCE" or tok == "SET":
            if self.peek() == "{":
                t = self.parse_components("seq")
            else:
                size = None
                if self.peek() == "(":
                    size = self.parse_constraint()
                elif self.peek() == "SIZE":
                    self.next()
                    size = Constraint(size=self.parse_constraint())
                self.expect("OF")
                t = Type("seqof", element=self.parse_type(), constraint=size)
        elif tok == "CHOICE":
            t = self.parse_components("choice")
        elif tok == "ENUMERATED":
            t = self.parse_enum()
        elif tok == "INTEGER":
            t = Type("int")
        elif tok == "BOOLEAN":
            t = Type("bool")
        elif tok == "NULL":
            t = Type("null")
        elif tok == "BIT":
            self.expect("STRING")
            t = Type("bits")
            if self.peek() == "{":
                self.skip_braces()  # named bits: not PER-visible
        elif tok == "OCTET":
            self.expect("STRING")
            t = Type("octets")
        elif tok == "OBJECT":
            self.expect("IDENTIFIER")
            t = Type("oid")
        elif tok in ("PrintableString", "VisibleString", "IA5String", "UTF8String",
                     "NumericString", "BMPString"):
            t = Type("string", name=tok)
        elif self.peek() == "." and self.peek(1).startswith("&"):
            self.next()
            t = Type("field", name=tok, field_name=self.next())
        else:
            t = Type("ref", name=tok)
            if self.peek() == "{":
                t.params = self.parse_actual_params()
        while self.peek() == "(":
            c = self.parse_constraint()
            t.constraint = merge_constraint(t.constraint, c)
        return t

    def parse_actual_params(self):
        self.expect("{")
        params = []
        while True:
            if self.peek() == "{":  # {SetName} object set parameter
                self.next()
                params.append(("set", self.next()))
                self.expect("}")
            else:
                params.append(("value", self.parse_value()))
            if self.accept("}"):
                return params
            self.expect(",")

    def parse_components(self, kind):
        self.expect("{")
        t = Type(kind, components=[], additions=[])
        in_ext = False
        while not self.accept("}"):
            if self.accept("..."):
                if in_ext:
                    in_ext = False  # second marker: back to root components
                else:
                    in_ext = True
                    t.extensible = True
            elif self.accept("[["):
                while not self.accept("]]"):
                    t.additions.append(self.parse_component())
                    self.accept(",")
            else:
                c = self.parse_component()
                (t.additions if in_ext else t.components).append(c)
            self.accept(",")
        return t

    def parse_component(self):
        name = self.next()
        c = Component(name, self.parse_type())
        if self.accept("OPTIONAL"):
            c.optional = True
        elif self.accept("DEFAULT"):
            c.default = self.parse_value()
            c.optional = True
        return c

    def parse_enum(self):
        self.expect("{")
        t = Type("enum", items=[], additions=[])
        while not self.accept("}"):
            if self.accept("..."):
                t.extensible = True
            else:
                name = self.next()
                if self.accept("("):
                    self.next()
                    self.expect(")")
                (t.additions if t.extensible else t.items).append(name)
            self.accept(",")
        return t

    def parse_constraint(self):
        """'(' element set ')' — ranges, SIZE, CONTAINING or a table constraint."""
        self.expect("(")
        c = Constraint()
        if self.peek() == "{":  # table constraint {Set} or {Set}{@id}
            self.next()
            c.table_set = self.next()
            self.expect("}")
            if self.accept("{"):
                self.expect("@")
                c.table_at = self.next()
                self.expect("}")
            self.expect(")")
            return c
        in_ext = False
        while not self.accept(")"):
            tok = self.peek()
            if tok == "...":
                self.next()
                c.extensible = True
                in_ext = True
            elif tok == "SIZE":
                self.next()
                c.size = self.parse_constraint()
            elif tok == "CONTAINING":
                self.next()
                c.containing = self.parse_type()
            elif tok in (",", "|"):
                self.next()
            else:
                lo = self.parse_bound()
                hi = lo
                if self.accept(".."):
                    hi = self.parse_bound()
                if not in_ext:  # X.691 §9.3.18: only the root is PER-visible
                    c.root.append((lo, hi))
        return c

    def parse_bound(self):
        tok = self.next()
        if re.fullmatch(r"-?\d+", tok):
            return int(tok)
        return tok  # MIN, MAX or a value reference

    # -- information object classes (X.681)
    def parse_class(self):
        self.expect("CLASS")
        self.expect("{")
        fields = {}
        order = []
        while not self.accept("}"):
            fname = self.next()
            spec = {"type": None, "optional": False, "default": None, "unique": False}
            while self.peek() not in (",", "}"):
                tok = self.peek()
                if tok == "UNIQUE":
                    self.next()
                    spec["unique"] = True
                elif tok == "OPTIONAL":
                    self.next()
                    spec["optional"] = True
                elif tok == "DEFAULT":
                    self.next()
                    spec["default"] = self.parse_value()
                    spec["optional"] = True
                else:
                    spec["type"] = self.parse_type()
            fields[fname] = spec
            order.append(fname)
            self.accept(",")
        syntax = []
        if self.accept("WITH"):
            self.expect("SYNTAX")
            syntax = self.parse_syntax_list("}")
        return {"fields": fields, "order": order, "syntax": syntax}

    def parse_syntax_list(self, end):
        self.expect("{" if end == "}" else "[")
        items = []
        while not self.accept(end):
            if self.peek() == "[":
                items.append(("optional", self.parse_syntax_list("]")))
            else:
                tok = self.next()
                items.append(("field", tok) if tok.startswith("&") else ("word", tok))
        return items

    def parse_object_body(self):
        """Object in the class's WITH SYNTAX notation; kept as raw tokens until the class
        is known (asn1_model.py matches them against the syntax)."""
        self.expect("{")
        depth = 1
        toks = []
        while True:
            tok = self.next()
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
                if depth == 0:
                    return toks
            toks.append(tok)

    def parse_object_set(self):
        """{ elem | elem , ... } where elem is an inline object {..} or a name."""
        self.expect("{")
        elems = []
        extensible = False
        while not self.accept("}"):
            if self.accept("..."):
                extensible = True
            elif self.peek() in ("|", ","):
                self.next()
            elif self.peek() == "{":
                elems.append(("object", self.parse_object_body()))
            else:
                elems.append(("ref", self.next()))
        return {"elements": elems, "extensible": extensible}


def merge_constraint(old, new):
    if old is None:
        return new
    # Serial constraints (X.680 §49.8): PER uses the last effective one; NGAP only ever
    # combines a size or containing constraint with nothing else.
    for attr in ("size", "containing", "table_set", "table_at"):
        if getattr(new, attr) is None:
            setattr(new, attr, getattr(old, attr))
    if not new.root:
        new.root = old.root
        new.extensible = new.extensible or old.extensible
    return new


def parse_files(paths):
    modules = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        parser = Parser(tokenize(text), text)
        name, imports, assignments = parser.parse_module()
        modules[name] = {"imports": imports, "assignments": assignments, "path": path}
    return modules
