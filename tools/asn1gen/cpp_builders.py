"""Per-kind C++ builders: declaration, APER encode/decode bodies (X.691) and test sample
bodies for SEQUENCE, CHOICE, ENUMERATED, aliases, table-constrained SEQUENCEs and the
IE containers of TS 38.413 §9.4.8. Mixed into cpp_types.TypeMapper."""

import re

from asn1_model import table_components
from cpp_common import Entity, int_literal, member_name, size_literal, snake
from cpp_containers import Containers


def _uses(body, name):
    return re.search(r"\b%s\b" % name, body) is not None


def _indent(text, n=1):
    pad = "  " * n
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def _huge(rng):
    return rng is not None and rng[0] is not None and rng[1] is not None and rng[1] >= 2**63


def _sample_count(size, full):
    lb = size[0] if size and size[0] is not None else 0
    ub = size[1] if size and size[1] is not None else 1 << 30
    n = max(lb, 2) if full else lb
    return min(n, ub)


def _sample_len(size, full, default_full):
    lb = size[0] if size and size[0] is not None else 0
    ub = size[1] if size and size[1] is not None else 1 << 30
    return min(max(lb, default_full), ub) if full else lb


class Builders(Containers):
    # ---- inline code for one use of a shape
    def enc_code(self, s, x, depth=0, w="e"):
        k = s.kind
        if k == "entity":
            return f"enc_{s.entity}({w}, {x});"
        if k == "seqof":
            it = f"it{depth}"
            inner = self.enc_code(s.elem, it, depth + 1, w)
            return (f"{w}.count({x}.size(), {size_literal(s.size)});\n"
                    f"for (const auto& {it} : {x}) {{\n{_indent(inner)}\n}}")
        if k == "int" and _huge(s.rng):  # beyond int64: a constrained whole number (§11.5)
            return (f"{w}.constrained_whole(static_cast<std::uint64_t>({x}) - {s.rng[0]}ULL, "
                    f"{s.rng[1] - s.rng[0]}ULL);")
        if k == "int":
            return f"{w}.integer(static_cast<std::int64_t>({x}), {int_literal(s.rng)});"
        if k == "bool":
            return f"{w}.put_bit({x});"
        if k == "null":
            return ""
        if k == "oid":
            return f"{w}.unconstrained_octets({x});"
        if k == "fixed_bits":
            return f"{w}.bit_string({x}.bytes, {s.n}, {size_literal(s.size)});"
        if k == "bits":
            return f"{w}.bit_string({x}.bytes, {x}.length, {size_literal(s.size)});"
        if k in ("fixed_octets", "octets"):
            return f"{w}.octet_string({x}, {size_literal(s.size)});"
        if k == "kmstring":
            return f"{w}.char_string({x}, {size_literal(s.size)});"
        if k == "utf8":
            return f"{w}.utf8_string({x});"
        raise NotImplementedError(k)

    def dec_code(self, s, x, depth=0, r="d"):
        k = s.kind
        if k == "entity":
            return f"dec_{s.entity}({r}, {x});"
        if k == "seqof":
            n, i, it = f"n{depth}", f"i{depth}", f"it{depth}"
            inner = self.dec_code(s.elem, it, depth + 1, r)
            return (f"const std::size_t {n} = {r}.count({size_literal(s.size)});\n{x}.clear();\n"
                    f"for (std::size_t {i} = 0; {i} < {n} && {r}.ok(); ++{i}) {{\n"
                    f"  auto& {it} = {x}.emplace_back();\n{_indent(inner)}\n}}")
        if k == "int" and _huge(s.rng):
            return f"{x} = {s.rng[0]}ULL + {r}.constrained_whole({s.rng[1] - s.rng[0]}ULL);"
        if k == "int":
            return f"{x} = static_cast<{s.ctype}>({r}.integer({int_literal(s.rng)}));"
        if k == "bool":
            return f"{x} = {r}.get_bit();"
        if k == "null":
            return ""
        if k == "oid":
            return f"{r}.unconstrained_octets({x});"
        if k == "fixed_bits":
            return f"{r}.fixed_bits<{s.n}>({x}.bytes);"
        if k == "bits":
            return f"{r}.bit_string({x}.bytes, {x}.length, {size_literal(s.size)});"
        if k == "fixed_octets":
            return f"{r}.fixed_octets({x});"
        if k == "octets":
            return f"{r}.octet_string({x}, {size_literal(s.size)});"
        if k == "kmstring":
            return f"{r}.char_string({x}, {size_literal(s.size)});"
        if k == "utf8":
            return f"{r}.utf8_string({x});"
        raise NotImplementedError(k)

    def sample_code(self, s, x, depth=0):
        k = s.kind
        if k == "entity":
            return f"sample_{s.entity}({x}, full);"
        if k == "seqof":
            it = f"it{depth}"
            inner = self.sample_code(s.elem, it, depth + 1)
            return (f"{x}.resize(full ? {_sample_count(s.size, True)} : "
                    f"{_sample_count(s.size, False)});\nfor (auto& {it} : {x}) {{\n{_indent(inner)}\n}}")
        if k == "int":
            full, minimal = self.sample_ints(s.rng)
            suffix = "ULL" if _huge(s.rng) else "LL"
            return f"{x} = static_cast<{s.ctype}>(full ? {full}{suffix} : {minimal}{suffix});"
        if k == "bool":
            return f"{x} = full;"
        if k == "null":
            return ""
        if k == "oid":
            return f"{x} = {{0x2a, 0x03, 0x04}};"
        if k == "fixed_bits":
            return f"fill_bits({x}.bytes, {s.n});"
        if k == "bits":
            n_full = _sample_len(s.size, True, 40)
            n_min = _sample_len(s.size, False, 40)
            return (f"{x}.length = full ? {n_full} : {n_min};\n"
                    f"{x}.bytes.resize(({x}.length + 7) / 8);\nfill_bits({x}.bytes, {x}.length);")
        if k == "fixed_octets":
            return f"fill_octets({x});"
        if k == "octets":
            n_full = _sample_len(s.size, True, 300 if s.size is None or s.size[1] is None else 40)
            n_min = _sample_len(s.size, False, 1)
            return f"{x}.resize(full ? {n_full} : {n_min});\nfill_octets({x});"
        if k == "kmstring":
            n_full = _sample_len(s.size, True, 20)
            n_min = _sample_len(s.size, False, 1)
            return f"{x}.assign(full ? {n_full} : {n_min}, 'a');"
        if k == "utf8":
            return f'{x} = full ? "gl\\xc3\\xa4sscore" : "g";'
        raise NotImplementedError(k)

    @staticmethod
    def sample_ints(rng):
        if rng is None:
            return -129, 5
        lb, ub, ext = rng
        if lb is None:
            return -129, 0
        if ub is None:
            return lb + 300, lb
        if ext:
            return ub + 1, lb  # exercises the extension bit (X.691 §13.1)
        return ub, lb

    # ---- entities
    def build(self, name, t, asn, header, source):
        if t.kind == "seq":
            return self.build_seq(name, t, asn, header, source)
        if t.kind == "choice":
            return self.build_choice(name, t, asn, header, source)
        if t.kind == "enum":
            return self.build_enum(name, t, asn, header, source)
        return self.build_alias(name, t, asn, header, source)

    def _new(self, name, asn, header, source):
        ent = Entity(name=name, asn=asn, header=header, source=source)
        self.add(ent)
        return ent

    def build_alias(self, name, t, asn, header, source):
        ent = self._new(name, asn, header, source)
        s = self.shape(t, name, "value", header, source)
        self._dep(ent, s)
        ent.decl = f"using {name} = {s.ctype};"
        ent.enc = self.enc_code(s, "v")
        ent.dec = self.dec_code(s, "v")
        ent.sample = self.sample_code(s, "v")

    def build_enum(self, name, t, asn, header, source):
        ent = self._new(name, asn, header, source)
        items = [snake(i) for i in t.items + t.additions]
        if len(set(items)) != len(items):
            raise ValueError(f"enumeration {name}: item names collide")
        root = len(t.items)
        ext = "true" if t.extensible else "false"
        ent.decl = f"enum class {name} : std::uint8_t {{ {', '.join(items)} }};"
        ent.enc = f"e.enumerated(static_cast<std::size_t>(v), {root}, {ext});"
        ent.dec = f"v = static_cast<ngap::{name}>(d.enumerated({root}, {ext}));"
        ent.sample = f"v = full ? ngap::{name}::{items[root - 1]} : ngap::{name}::{items[0]};"

    def _dep(self, ent, s):
        if s.kind == "entity":
            ent.deps.add(s.entity)
        elif s.kind == "seqof":
            self._dep(ent, s.elem)

    def build_seq(self, name, t, asn, header, source):
        tc = table_components(t)
        if tc is not None:
            return self.build_table_seq(name, t, tc, asn, header, source)
        comps = t.components
        if len(comps) == 1 and not comps[0].optional and comps[0].type.kind == "ref" \
                and comps[0].type.params:
            parts = self.container_parts(comps[0].type)
            if parts and parts[0] == "multi" and self.m.object_set(parts[3])[0]:
                mode, field_seq, size, set_name, field_name, _ = parts
                return self.build_container(name, asn, mode, field_seq, field_name, size,
                                            set_name, header, source, seq_ext=t.extensible,
                                            allow_mandatory=True)
        ent = self._new(name, asn, header, source)
        members, enc_pre, enc_body, dec_pre, dec_body, sample = [], [], [], [], [], []
        if t.extensible:
            enc_pre.append("e.put_bit(false);  // X.691 §19.1: no extension additions known")
            dec_pre.append("const bool ext = d.get_bit();")
        opt_index = 0
        for c in comps:
            self.next_container_optional = c.optional
            s = self.shape(c.type, name, c.name, header, source)
            self.next_container_optional = True
            self._dep(ent, s)
            m = member_name(name, c.name)
            member = f"v.{m}"
            if c.optional:
                p = f"p{opt_index}"
                opt_index += 1
                dec_pre.append(f"const bool {p} = d.get_bit();")
                if getattr(s, "container", False) and getattr(s, "empty_set", False):
                    # Unknown extensions only (TS 38.413 §10.3): decoded, reported, dropped.
                    enc_pre.append("e.put_bit(false);")
                    dec_body.append(f"if ({p}) {{\n  {s.ctype} skipped;\n  dec_{s.entity}(d, skipped);\n}}")
                    continue
                if getattr(s, "container", False):
                    members.append(f"{s.ctype} {m}{{}};")
                    enc_pre.append(f"e.put_bit(!{member}.empty());")
                    enc_body.append(f"if (!{member}.empty()) {{\n{_indent(self.enc_code(s, member))}\n}}")
                    dec_body.append(f"if ({p}) {{\n{_indent(self.dec_code(s, member))}\n}}")
                    sample.append(f"if (full) {{\n{_indent(self.sample_code(s, member))}\n}}")
                    continue
                members.append(f"std::optional<{s.ctype}> {m};")
                enc_pre.append(f"e.put_bit({member}.has_value());")
                enc_body.append(f"if ({member}) {{\n{_indent(self.enc_code(s, '(*' + member + ')'))}\n}}")
                dec_body.append(f"if ({p}) {{\n  auto& x = {member}.emplace();\n"
                                f"{_indent(self.dec_code(s, 'x'))}\n}}")
                sample.append(f"if (full) {{\n  auto& x = {member}.emplace();\n"
                              f"{_indent(self.sample_code(s, 'x'))}\n}} else {{\n  {member}.reset();\n}}")
            else:
                members.append(f"{s.ctype} {m}{{}};")
                enc_body.append(self.enc_code(s, member))
                dec_body.append(self.dec_code(s, member))
                sample.append(self.sample_code(s, member))
        if t.extensible:
            dec_body.append("if (ext) {\n  d.skip_extension_additions();\n}")
        members.append(f"bool operator==(const {name}&) const = default;")
        ent.decl = f"struct {name} {{\n{_indent(chr(10).join(members))}\n}};"
        ent.enc = "\n".join(x for x in enc_pre + enc_body if x)
        ent.dec = "\n".join(x for x in dec_pre + dec_body if x)
        ent.sample = "\n".join(x for x in sample if x)

    def build_choice(self, name, t, asn, header, source):
        ent = self._new(name, asn, header, source)
        alts = t.components + t.additions
        if t.additions:
            raise NotImplementedError(f"CHOICE extension additions in {name}")
        shapes = []
        for c in alts:
            s = self.shape(c.type, name, c.name, header, source)
            self._dep(ent, s)
            shapes.append(s)
        n = len(alts)
        lines = [f"std::variant<{', '.join(s.ctype for s in shapes)}> value;"]
        for i, c in enumerate(alts):
            lines.append(f"static constexpr std::size_t {snake(c.name)}_index = {i};")
        lines.append(f"bool operator==(const {name}&) const = default;")
        ent.decl = f"struct {name} {{\n{_indent(chr(10).join(lines))}\n}};"
        enc = ["const std::size_t i = v.value.index();"]
        dec = []
        if t.extensible:
            enc.append("e.put_bit(false);  // X.691 §23.5: a root alternative")
            dec.append("if (d.get_bit()) {\n  d.fail(aper::error_code::unsupported);  "
                       "// an extension alternative this version does not define\n  return;\n}")
        enc.append(f"e.constrained_whole(i, {n - 1});")
        dec.append(f"const std::size_t i = static_cast<std::size_t>(d.constrained_whole({n - 1}));")
        enc.append("switch (i) {")
        dec.append("switch (i) {")
        for i, s in enumerate(shapes):
            ec = self.enc_code(s, f"std::get<{i}>(v.value)")
            enc.append(f"  case {i}:\n{_indent(ec, 2)}\n    break;" if ec else f"  case {i}:\n    break;")
            dc = self.dec_code(s, "x")
            if dc:
                dec.append(f"  case {i}: {{\n    auto& x = v.value.emplace<{i}>();\n{_indent(dc, 2)}\n    break;\n  }}")
            else:
                dec.append(f"  case {i}:\n    v.value.emplace<{i}>();\n    break;")
        enc.append("  default:\n    e.fail(aper::error_code::invalid_value);\n    break;\n}")
        dec.append("  default:\n    break;\n}")
        ent.enc = "\n".join(enc)
        ent.dec = "\n".join(dec)
        last_sample = self.sample_code(shapes[-1], "x")
        first_sample = self.sample_code(shapes[0], "x")
        ent.sample = (f"if (full) {{\n  [[maybe_unused]] auto& x = v.value.emplace<{n - 1}>();\n"
                      f"{_indent(last_sample)}\n}} else {{\n"
                      f"  [[maybe_unused]] auto& x = v.value.emplace<0>();\n{_indent(first_sample)}\n}}")

    # ---- information object sets
    def value_literal(self, class_name, field_name, value):
        spec = self.m.class_field(class_name, field_name)
        t = spec["type"]
        if isinstance(value, int):
            return str(value)
        v = self.m.value(value)
        if isinstance(v, int):
            return str(v)
        if t is not None and t.kind == "ref":
            return f"ngap::{snake(t.name)}::{snake(v)}"
        raise ValueError(f"cannot express {value} of {class_name}.{field_name}")

    def field_roles(self, field_seq, tc):
        """For a table-constrained SEQUENCE: list of (component, role, class, field) with
        role 'ident', 'value' or 'open'."""
        ident, related = tc
        roles = []
        for i, c in enumerate(field_seq.components):
            cls, fld = c.type.name, c.type.field_name
            if i == ident:
                role = "ident"
            elif self.m.field_is_type(fld):
                role = "open"
            else:
                role = "value"
            roles.append((c, role, cls, fld))
        return roles

    def field_shape(self, cls, fld, owner, header, source):
        spec = self.m.class_field(cls, fld)
        return self.shape(spec["type"], owner, fld[1:], header, source)

    def build_table_seq(self, name, t, tc, asn, header, source):
        """A SEQUENCE like InitiatingMessage (TS 38.413 §9.4.3): an id, values fixed by the
        object with that id, and one open type whose type the object also fixes."""
        ent = self._new(name, asn, header, source)
        roles = self.field_roles(t, tc)
        set_name = t.components[tc[0]].type.constraint.table_set
        objs, extensible = self.m.object_set(set_name)
        opens = [r for r in roles if r[1] == "open"]
        if len(opens) != 1:
            raise NotImplementedError(f"{name}: {len(opens)} open types")
        open_comp, _, open_cls, open_fld = opens[0]
        ident_comp, _, ident_cls, ident_fld = roles[tc[0]]
        alts = []
        for oname, fields in objs:
            if open_fld in fields:
                s = self.shape(fields[open_fld], name, f"{oname}-{open_fld[1:]}", header, source)
                self._dep(ent, s)
                alts.append((oname, fields, s))
        variant = f"{name}_value"
        members = []
        enc, dec, sample = [], [], []
        ident_member = member_name(name, ident_comp.name)
        for c, role, cls, fld in roles:
            m = member_name(name, c.name)
            if role == "open":
                members.append(f"ngap::{variant} {m};")
                enc.append("{\n  aper::encoder o;\n  switch (v.%s.index()) {" % m)
                for i, (oname, fields, s) in enumerate(alts):
                    idv = self.value_literal(ident_cls, ident_fld, fields[ident_fld])
                    enc.append(f"    case {i}:\n      if (v.{ident_member} != {idv}) {{\n"
                               f"        e.fail(aper::error_code::invalid_value);\n      }}\n"
                               f"{_indent(self.enc_code(s, f'std::get<{i}>(v.{m})', 0, 'o'), 3)}\n      break;")
                enc.append("    default:\n      e.fail(aper::error_code::invalid_value);\n      break;\n  }\n"
                           "  e.open_type(o);\n}")
                dec.append("std::vector<std::uint8_t> scratch;\naper::decoder o = d.open_type(scratch);")
                dec.append(f"switch (v.{ident_member}) {{")
                for i, (oname, fields, s) in enumerate(alts):
                    idv = self.value_literal(ident_cls, ident_fld, fields[ident_fld])
                    dec.append(f"  case {idv}:\n"
                               f"{_indent(self.dec_code(s, f'v.{m}.emplace<{i}>()', 0, 'o'), 2)}\n    break;")
                dec.append("  default:\n    d.fail(aper::error_code::unknown_procedure);\n    return;\n}")
                dec.append("d.merge(o);")
            else:
                s = self.field_shape(cls, fld, name, header, source)
                self._dep(ent, s)
                members.append(f"{s.ctype} {m}{{}};")
                enc.append(self.enc_code(s, f"v.{m}"))
                dec.append(self.dec_code(s, f"v.{m}"))
        for full, idx in (("true", len(alts) - 1), ("false", 0)):
            oname, fields, s = alts[idx]
            lines = []
            for c, role, cls, fld in roles:
                m = member_name(name, c.name)
                if role == "open":
                    lines.append(self.sample_code(s, f"v.{m}.emplace<{idx}>()"))
                else:
                    lines.append(f"v.{m} = {self.value_literal(cls, fld, fields[fld])};")
            sample.append((full, "\n".join(lines)))
        members.append(f"bool operator==(const {name}&) const = default;")
        alt_types = ", ".join(s.ctype for _, _, s in alts)
        ent.decl = (f"/// The open type of {name}, one alternative per object of {set_name}.\n"
                    f"using {variant} = std::variant<{alt_types}>;\n"
                    f"struct {name} {{\n{_indent(chr(10).join(members))}\n}};")
        ent.enc = "\n".join(enc)
        ent.dec = "\n".join(dec)
        ent.sample = (f"if (full) {{\n{_indent(sample[0][1])}\n}} else {{\n{_indent(sample[1][1])}\n}}")
        self.table_seqs.append({"name": name, "ident": ident_member,
                                "open": member_name(name, open_comp.name),
                                "alts": [(o, f, s) for o, f, s in alts], "ident_cls": ident_cls,
                                "ident_fld": ident_fld, "roles": roles, "set": set_name,
                                "extensible": extensible})

