"""Resolution of parsed ASN.1: value references, object classes, objects and object sets
(X.681), table constraints (X.682) and parameterised type instances (X.683)."""

import copy

from asn1_parser import Constraint, Parser, ParseError, Type


class Model:
    def __init__(self, modules):
        self.modules = modules
        self.types = {}  # name -> Assignment (possibly parameterised)
        self.values = {}  # name -> int or identifier
        self.classes = {}  # name -> class_def
        self.objects = {}  # name -> dict field -> value/Type
        self.object_classes = {}  # object or set name -> class name
        self.raw_sets = {}  # name -> parsed object set
        self.order = []  # type names in definition order
        for mod in modules.values():
            for a in mod["assignments"]:
                if a.kind == "type":
                    self.types[a.name] = a
                    self.order.append(a.name)
                elif a.kind == "value":
                    self.values[a.name] = a.value
                elif a.kind == "class":
                    self.classes[a.name] = a.class_def
                elif a.kind == "object":
                    self.object_classes[a.name] = a.type.name
                    self.objects[a.name] = a.value
                elif a.kind == "objectset":
                    self.object_classes[a.name] = a.type.name
                    self.raw_sets[a.name] = a.value
        for name, toks in list(self.objects.items()):
            self.objects[name] = self.parse_object(self.object_classes[name], toks)
        self._sets = {}

    # -- values
    def value(self, v):
        seen = 0
        while isinstance(v, str) and v in self.values and seen < 10:
            v = self.values[v]
            seen += 1
        return v

    def bound(self, v):
        if v in ("MIN", "MAX"):
            return None
        v = self.value(v)
        if not isinstance(v, int):
            raise ParseError(f"bound {v!r} is not an integer")
        return v

    def effective_range(self, c):
        """PER-visible root range (lb, ub, extensible) of a value or size constraint."""
        if c is None or not c.root:
            return None
        lbs = [self.bound(lo) for lo, _ in c.root]
        ubs = [self.bound(hi) for _, hi in c.root]
        lb = None if any(x is None for x in lbs) else min(lbs)
        ub = None if any(x is None for x in ubs) else max(ubs)
        return lb, ub, c.extensible

    # -- classes and objects
    def field_is_type(self, field_name):
        return field_name[1].isupper()  # X.681 §7.1: &Type fields start upper case

    def parse_object(self, class_name, toks):
        cls = self.classes[class_name]
        parser = Parser([(t, 0) for t in toks] + [("<end>", 0)], "")
        out = {}

        def match(items):
            for kind, val in items:
                if kind == "word":
                    parser.expect(val)
                elif kind == "field":
                    if self.field_is_type(val):
                        out[val] = parser.parse_type()
                    else:
                        out[val] = parser.parse_value()
                else:  # optional group: present if its first word is next
                    if val and val[0][0] == "word" and parser.peek() == val[0][1]:
                        match(val)

        match(cls["syntax"])
        if parser.peek() != "<end>":
            raise ParseError(f"object of {class_name}: unparsed {parser.peek()!r}")
        for fname, spec in cls["fields"].items():
            if fname not in out and spec["default"] is not None:
                out[fname] = spec["default"]
        return out

    def object_set(self, name):
        """Flattened list of (object name or None, fields) and the extensibility flag."""
        if name in self._sets:
            return self._sets[name]
        raw = self.raw_sets[name]
        objs = []
        extensible = raw["extensible"]
        for kind, val in raw["elements"]:
            if kind == "object":
                objs.append((None, self.parse_object(self.object_classes[name], val)))
            elif val in self.objects:
                objs.append((val, self.objects[val]))
            elif val in self.raw_sets:
                sub, sub_ext = self.object_set(val)
                objs.extend(sub)
                extensible = extensible or sub_ext
            else:
                raise ParseError(f"object set {name}: unknown element {val}")
        self._sets[name] = (objs, extensible)
        return self._sets[name]

    # -- parameterised types (X.683)
    def instantiate(self, ref):
        """The body of a parameterised type with actual parameters substituted."""
        a = self.types[ref.name]
        if not a.params:
            return a.type
        env = {}
        for (_, formal), (kind, actual) in zip(a.params, ref.params):
            env[formal] = actual
        body = copy.deepcopy(a.type)
        self._substitute(body, env)
        return body

    def _substitute(self, t, env):
        if t is None:
            return
        if t.constraint is not None:
            self._subst_constraint(t.constraint, env)
        if t.params:
            t.params = [(k, env.get(v, v) if isinstance(v, str) else v) for k, v in t.params]
        for c in (t.components or []) + (t.additions if t.kind in ("seq", "choice") else []):
            self._substitute(c.type, env)
        self._substitute(t.element, env)

    def _subst_constraint(self, c, env):
        if c.table_set in env:
            c.table_set = env[c.table_set]
        c.root = [(env.get(lo, lo), env.get(hi, hi)) for lo, hi in c.root]
        if c.size is not None:
            self._subst_constraint(c.size, env)

    # -- class fields
    def class_field(self, class_name, field_name):
        return self.classes[class_name]["fields"][field_name]


def table_components(seq):
    """For a SEQUENCE whose components are constrained by an object set (X.682 §10): the
    index of the identifying component, and the (index, field) of those related to it."""
    ident = None
    related = []
    for i, comp in enumerate(seq.components):
        t = comp.type
        if t.kind != "field" or t.constraint is None or t.constraint.table_set is None:
            return None
        if t.constraint.table_at is None:
            ident = i
        else:
            related.append(i)
    if ident is None:
        return None
    return ident, related


__all__ = ["Model", "table_components", "Constraint", "Type"]
