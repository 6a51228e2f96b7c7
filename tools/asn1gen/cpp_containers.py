"""IE containers (TS 38.413 §9.4.8 ProtocolIE-Container, ProtocolExtensionContainer,
ProtocolIE-SingleContainer, PrivateIE-Container): each object set becomes a struct with
one member per IE, encoded in the set's order and decoded by id with the §10 checks."""

from asn1_model import table_components
from cpp_common import Entity, member_name, size_literal, snake


def _indent(text, n=1):
    pad = "  " * n
    return "\n".join(pad + line if line else line for line in text.split("\n"))


class Containers:
    def _container_fields(self, field_seq):
        tc = table_components(field_seq)
        roles = self.field_roles(field_seq, tc)
        ident = roles[tc[0]]
        opens = [r for r in roles if r[1] == "open"]
        if len(opens) != 1:
            raise NotImplementedError("IE pair containers (two open types) are not used by NGAP")
        crit = [r for r in roles if r[1] == "value" and "riticality" in r[3]]
        return roles, ident, opens[0], (crit[0] if crit else None)

    def raw_field(self, field_seq, field_name):
        """A field of a container whose object set is empty: id, criticality, raw value."""
        name = snake(field_name)
        if name in self.entities:
            return name
        ent = Entity(name=name, asn=f"{field_name} with an empty object set",
                     header="ies", source="ies")
        self.add(ent)
        roles, ident, open_role, crit = self._container_fields(field_seq)
        members, enc, dec, sample = [], [], [], []
        for c, role, cls, fld in roles:
            m = snake(c.name)
            if role == "open":
                members.append(f"std::vector<std::uint8_t> {m};  ///< the open type's octets")
                enc.append(f"e.unconstrained_octets(v.{m});")
                dec.append(f"d.unconstrained_octets(v.{m});")
                sample.append(f"v.{m} = {{0x01, 0x02}};")
                continue
            s = self.field_shape(cls, fld, name, "ies", "ies")
            self._dep(ent, s)
            members.append(f"{s.ctype} {m}{{}};")
            enc.append(self.enc_code(s, f"v.{m}"))
            dec.append(self.dec_code(s, f"v.{m}"))
            if crit is not None and c is crit[0]:
                sample.append(f"v.{m} = {s.ctype}::ignore;")
            else:
                sample.append(self.sample_code(s, f"v.{m}"))
        ident_shape = self.field_shape(ident[2], ident[3], name, "ies", "ies")
        if crit is not None and ident_shape.kind == "entity" and \
                self.entities[ident_shape.entity].decl.startswith("using") and \
                "int" in self.entities[ident_shape.entity].decl:
            dec.append(f"aper::report_unknown(d, static_cast<std::uint32_t>(v.{snake(ident[0].name)}), "
                       f"static_cast<aper::criticality>(v.{snake(crit[0].name)}));")
        members.append(f"bool operator==(const {name}&) const = default;")
        ent.decl = f"struct {name} {{\n{_indent(chr(10).join(members))}\n}};"
        ent.enc = "\n".join(enc)
        ent.dec = "\n".join(dec)
        ent.sample = "\n".join(sample)
        return name

    def build_raw_container(self, name, cont_name, raw, size):
        ent = Entity(name=name, asn=f"{cont_name} with an empty object set",
                     header="ies", source="ies")
        self.add(ent)
        ent.deps.add(raw)
        ent.decl = (f"struct {name} {{\n  std::vector<ngap::{raw}> items;\n"
                    f"  [[nodiscard]] bool empty() const {{ return items.empty(); }}\n"
                    f"  bool operator==(const {name}&) const = default;\n}};")
        ent.enc = (f"e.count(v.items.size(), {size_literal(size)});\n"
                   f"for (const auto& it : v.items) {{\n  enc_{raw}(e, it);\n}}")
        ent.dec = (f"const std::size_t n = d.count({size_literal(size)});\nv.items.clear();\n"
                   f"for (std::size_t i = 0; i < n && d.ok(); ++i) {{\n  dec_{raw}(d, v.items.emplace_back());\n}}")
        lb = size[0] if size and size[0] else 1
        ent.sample = f"v.items.resize({max(lb, 1)});\nfor (auto& it : v.items) {{\n  sample_{raw}(it, full);\n}}"

    def build_container(self, name, asn, mode, field_seq, field_name, size, set_name, header,
                        source, seq_ext=None, allow_mandatory=None):
        """One struct per object set. `seq_ext` is set when the container is the only
        component of an extensible SEQUENCE (every NGAP message, §9.4.4), whose struct is
        then the container itself."""
        if allow_mandatory is None:
            allow_mandatory = not self.next_container_optional
        ent = Entity(name=name, asn=asn, header=header, source=source)
        self.add(ent)
        objs, _ = self.m.object_set(set_name)
        roles, ident, open_role, crit = self._container_fields(field_seq)
        ident_cls, ident_fld = ident[2], ident[3]
        open_fld = open_role[3]
        crit_cls, crit_fld = (crit[2], crit[3]) if crit else (None, None)
        ies = []
        for oname, fields in objs:
            id_name = fields[ident_fld]
            member = member_name(name, id_name[3:] if str(id_name).startswith("id-") else str(id_name))
            s = self.shape(fields[open_fld], name, member.replace("_", "-"), header, source)
            self._dep(ent, s)
            presence = str(fields.get("&presence", "optional"))
            mandatory = presence == "mandatory" and allow_mandatory and mode == "multi"
            crit_value = fields.get(crit_fld) if crit else None
            ies.append({
                "member": member, "shape": s, "mandatory": mandatory,
                "id": self.value_literal(ident_cls, ident_fld, id_name),
                "crit": self.value_literal(crit_cls, crit_fld, crit_value) if crit else None,
                "crit_aper": f"aper::criticality::{snake(self.m.value(crit_value))}" if crit else None,
                "asn_id": id_name, "presence": presence,
            })
        if len({ie["member"] for ie in ies}) != len(ies):
            raise ValueError(f"{set_name}: two IEs map to the same member name")
        if len(ies) > 256:
            raise ValueError(f"{set_name}: more IEs than aper::ie_tracker tracks")
        ident_shape = self.field_shape(ident_cls, ident_fld, name, header, source)
        self._dep(ent, ident_shape)
        other_shapes = {}
        for c, role, cls, fld in roles:
            if role == "value":
                other_shapes[fld] = self.field_shape(cls, fld, name, header, source)
                self._dep(ent, other_shapes[fld])
        raw = self.raw_field(field_seq, field_name) if mode == "single" else None
        if raw:
            ent.deps.add(raw)

        members = []
        for ie in ies:
            doc = f"/// {ie['asn_id']}, {ie['presence']}\n"
            if ie["mandatory"]:
                members.append(f"{doc}{ie['shape'].ctype} {ie['member']}{{}};")
            else:
                members.append(f"{doc}std::optional<{ie['shape'].ctype}> {ie['member']};")
        if raw:
            members.append(f"/// An IE this version does not define.\nstd::optional<ngap::{raw}> other;")
        overrides = crit is not None and mode == "multi"
        if overrides:
            members.append("/// Criticalities a peer sent that differ from the spec's (see aper.h).\n"
                           "aper::criticality_overrides criticality_overrides;")
        if not any(ie["mandatory"] for ie in ies):
            terms = [f"!{ie['member']}" for ie in ies] + (["!other"] if raw else [])
            members.append(f"[[nodiscard]] bool empty() const {{ return {' && '.join(terms)}; }}")
        members.append(f"bool operator==(const {name}&) const = default;")
        ent.decl = f"struct {name} {{\n{_indent(chr(10).join(members))}\n}};"

        def put_field(ie, value_expr, w="e"):
            out = []
            for c, role, cls, fld in roles:
                if role == "ident":
                    out.append(f"enc_{ident_shape.entity}({w}, {ie['id']});")
                elif role == "open":
                    out.append(f"{w}.open_type(o);")
                else:
                    lit = self.value_literal(cls, fld, objs_fields[ie['member']][fld])
                    if overrides and crit is not None and c is crit[0]:
                        lit = (f"static_cast<{other_shapes[fld].ctype}>(v.criticality_overrides.get("
                               f"{ie['id']}, {ie['crit_aper']}))")
                    out.append(self.enc_code(other_shapes[fld], lit, 0, w))
            return out

        objs_fields = {}
        for (oname, fields), ie in zip(objs, ies):
            objs_fields[ie["member"]] = fields

        enc, dec, sample = [], [], []
        ident_var = "id"
        if mode == "multi":
            if seq_ext is not None and seq_ext:
                enc.append("e.put_bit(false);  // X.691 §19.1: no extension additions known")
                dec.append("const bool ext = d.get_bit();")
            mand = sum(1 for ie in ies if ie["mandatory"])
            opt_terms = [f"(v.{ie['member']} ? 1U : 0U)" for ie in ies if not ie["mandatory"]]
            enc.append(f"const std::size_t n = {' + '.join([str(mand) + 'U'] + opt_terms)};")
            enc.append(f"e.count(n, {size_literal(size)});")
            for ie in ies:
                x = f"v.{ie['member']}" if ie["mandatory"] else f"(*v.{ie['member']})"
                body = ["aper::encoder o;", self.enc_code(ie["shape"], x, 0, "o")] + put_field(ie, x)
                body = "\n".join(b for b in body if b)
                if ie["mandatory"]:
                    enc.append(f"{{\n{_indent(body)}\n}}")
                else:
                    enc.append(f"if (v.{ie['member']}) {{\n{_indent(body)}\n}}")
            dec.append(f"const std::size_t n = d.count({size_literal(size)});")
            dec.append("aper::ie_tracker tracker;\nstd::vector<std::uint8_t> scratch;")
            loop = []
        else:
            loop = []
        # reading one field: ident, other values, open type
        read = [f"{ident_shape.ctype} {ident_var}{{}};"]
        crit_var = None
        for c, role, cls, fld in roles:
            if role == "ident":
                read.append(f"dec_{ident_shape.entity}(d, {ident_var});")
            elif role == "open":
                read.append("aper::decoder o = d.open_type(scratch);")
            else:
                var = snake(c.name)
                read.append(f"{other_shapes[fld].ctype} {var}{{}};")
                read.append(self.dec_code(other_shapes[fld], var))
                if crit and c is crit[0]:
                    crit_var = var
        caster = f"static_cast<aper::criticality>({crit_var})" if crit_var else "aper::criticality::ignore"
        read.append(f"const aper::criticality crit = {caster};")
        if mode == "single":
            read.insert(0, "std::vector<std::uint8_t> scratch;")
        read.append(f"switch ({ident_var}) {{")
        for idx, ie in enumerate(ies):
            target = f"v.{ie['member']}" if ie["mandatory"] else f"v.{ie['member']}.emplace()"
            track = f"tracker.seen(d, {idx}, {ident_var}, crit);" if mode == "multi" else ""
            if overrides:
                track += f"\n    v.criticality_overrides.note({ident_var}, crit, {ie['crit_aper']});"
            dc = self.dec_code(ie["shape"], "x", 0, "o")
            read.append(f"  case {ie['id']}: {{\n    {track}\n    [[maybe_unused]] auto& x = {target};\n"
                        f"{_indent(dc, 2)}\n    break;\n  }}")
        if mode == "multi":
            read.append(f"  default:\n    tracker.unknown(d, {ident_var}, crit);\n    break;\n}}")
        else:
            open_member = snake(open_role[0].name)
            assign = [f"r.{snake(c.name)} = {snake(c.name) if role != 'ident' else ident_var};"
                      for c, role, cls, fld in roles if role != "open"]
            read.append("  default: {\n    aper::report_unknown(d, " + ident_var + ", crit);\n"
                        f"    auto& r = v.other.emplace();\n" + _indent("\n".join(assign), 2) +
                        f"\n    const byte_span raw = o.contents();\n"
                        f"    r.{open_member}.assign(raw.begin(), raw.end());\n    break;\n  }}\n}}")
        read.append("d.merge(o);")
        read = "\n".join(x for x in read if x.strip())
        if mode == "multi":
            dec.append(f"for (std::size_t i = 0; i < n && d.ok(); ++i) {{\n{_indent(read)}\n}}")
            for idx, ie in enumerate(ies):
                if ie["mandatory"]:
                    dec.append(f"tracker.require(d, {idx}, {ie['id']}, {ie['crit_aper']});")
            if seq_ext:
                dec.append("if (ext) {\n  d.skip_extension_additions();\n}")
            for ie in ies:
                target = f"v.{ie['member']}" if ie["mandatory"] else f"v.{ie['member']}.emplace()"
                sc = self.sample_code(ie["shape"], "x")
                line = f"[[maybe_unused]] auto& x = {target};\n{sc}"
                if ie["mandatory"]:
                    sample.append(f"{{\n{_indent(line)}\n}}")
                else:
                    sample.append(f"if (full) {{\n{_indent(line)}\n}} else {{\n  v.{ie['member']}.reset();\n}}")
        else:
            dec.append(read)
            for ie in ies:
                body = ["aper::encoder o;", self.enc_code(ie["shape"], f"(*v.{ie['member']})", 0, "o")]
                body += put_field(ie, None) + ["return;"]
                enc.append(f"if (v.{ie['member']}) {{\n{_indent(chr(10).join(b for b in body if b))}\n}}")
            enc.append(f"if (v.other) {{\n  enc_{raw}(e, *v.other);\n  return;\n}}")
            enc.append("e.fail(aper::error_code::invalid_value);  // a single container holds one IE")
            first = ies[-1]
            sc = self.sample_code(first["shape"], "x")
            sample.append(f"[[maybe_unused]] auto& x = v.{first['member']}.emplace();\n{sc}")
        ent.enc = "\n".join(enc)
        ent.dec = "\n".join(dec)
        ent.sample = "\n".join(sample)
        return name
