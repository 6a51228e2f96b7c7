"""Maps resolved ASN.1 types to C++ entities (declarations plus encode, decode and sample
function bodies). cpp_emit.py writes them into files."""

from asn1_model import table_components
from cpp_builders import Builders
from cpp_common import Entity, Shape, int_ctype, snake

MESSAGE_GROUP_FILES = {"pdu_session_management", "ue_context_management",
                       "ue_mobility_management", "nas_transport", "interface_management",
                       "mbs_session_management"}


class TypeMapper(Builders):
    def __init__(self, model):
        self.m = model
        self.entities = {}
        self.counter = 0
        self.containing = []  # entity names of types used in OCTET STRING (CONTAINING ...)
        self.table_seqs = []  # SEQUENCEs with an open type chosen by id (see build_table_seq)
        self.next_container_optional = True  # set by build() before a container component

    # ---- entity bookkeeping
    def add(self, ent):
        if ent.name in self.entities:
            raise ValueError(f"two ASN.1 definitions map to C++ name {ent.name}")
        self.counter += 1
        ent.order = self.counter
        self.entities[ent.name] = ent
        return ent

    def named(self, asn_name):
        """Entity for a named (non-parameterised) type assignment, created on first use."""
        name = snake(asn_name)
        if name not in self.entities:
            a = self.m.types[asn_name]
            header, source = self.placement(a)
            self.build(name, a.type, f"{asn_name} ({a.module})", header, source)
        return name

    @staticmethod
    def placement(a):
        if a.module == "NGAP-PDU-Contents":
            group = (a.group or "").replace("ELEMENTARY PROCEDURES", "")
            key = snake(group.replace("ELEMENTARY PROCEDURE", "").strip().title())
            # The large groups of §9.4.4 get a file each; the small ones share one.
            if key not in MESSAGE_GROUP_FILES:
                key = "other_procedures"
            return "pdu_contents", key
        if a.module == "NGAP-PDU-Descriptions":
            return "pdu", "pdu"
        return "ies", "ies"

    # ---- shapes
    def shape(self, t, owner, comp, header, source):
        """Shape of type `t` used as component `comp` of entity `owner`."""
        k = t.kind
        if k == "ref" and t.params:
            return self.container_shape(t, owner, comp, header, source)
        if k == "ref":
            name = self.named(t.name)
            return Shape("entity", f"ngap::{name}", entity=name)
        if k in ("seq", "choice", "enum"):
            name = f"{owner}_{snake(comp)}"
            if name not in self.entities:
                self.build(name, t, f"inline type of {comp} in {owner}", header, source)
            return Shape("entity", f"ngap::{name}", entity=name)
        if k == "seqof":
            size = self.m.effective_range(t.constraint.size if t.constraint else None)
            elem = self.shape(t.element, owner, comp + "-item", header, source)
            return Shape("seqof", f"std::vector<{elem.ctype}>", elem=elem, size=size)
        if k == "int":
            rng = self.m.effective_range(t.constraint)
            return Shape("int", int_ctype(rng), rng=rng)
        if k == "bool":
            return Shape("bool", "bool")
        if k == "null":
            return Shape("null", "aper::null_value")
        if k == "oid":
            return Shape("oid", "std::vector<std::uint8_t>")
        size = self.m.effective_range(t.constraint.size if t.constraint else None)
        if k == "bits":
            if size and size[0] == size[1] and not size[2]:
                return Shape("fixed_bits", f"aper::fixed_bit_string<{size[0]}>", n=size[0], size=size)
            return Shape("bits", "aper::bit_string", size=size)
        if k == "octets":
            if t.constraint and t.constraint.containing is not None:
                inner = t.constraint.containing
                if inner.kind == "ref":
                    cname = self.named(inner.name)
                    if cname not in self.containing:
                        self.containing.append(cname)
                return Shape("octets", "std::vector<std::uint8_t>", size=None,
                             contains=inner.name)
            if size and size[0] == size[1] and not size[2]:
                return Shape("fixed_octets", f"std::array<std::uint8_t, {size[0]}>", n=size[0], size=size)
            return Shape("octets", "std::vector<std::uint8_t>", size=size)
        if k == "string":
            if t.name in ("PrintableString", "VisibleString", "IA5String"):
                return Shape("kmstring", "std::string", size=size)
            if t.name == "UTF8String":  # X.691 §30.6: not known-multiplier, SIZE not PER-visible
                return Shape("utf8", "std::string")
        raise NotImplementedError(f"type kind {k} {t.name} in {owner}.{comp}")

    # ---- containers (X.683 instances of the NGAP-Containers types)
    def container_parts(self, t):
        """('multi'|'single', field SEQUENCE, size range, set name, param type name)."""
        body = self.m.instantiate(t)
        mode = None
        size = None
        if body.kind == "seqof" and body.element.kind == "ref" and body.element.params:
            field_seq = self.m.instantiate(body.element)
            field_name = body.element.name
            mode = "multi"
            size = self.m.effective_range(body.constraint.size if body.constraint else None)
        elif body.kind == "ref" and body.params:
            field_seq = self.m.instantiate(body)
            field_name = body.name
            mode = "single"
        else:
            return None
        tc = table_components(field_seq) if field_seq.kind == "seq" else None
        if tc is None:
            return None
        set_name = field_seq.components[tc[0]].type.constraint.table_set
        return mode, field_seq, size, set_name, field_name, t.name

    def container_shape(self, t, owner, comp, header, source):
        parts = self.container_parts(t)
        if parts is None:
            body = self.m.instantiate(t)
            return self.shape(body, owner, comp, header, source)
        mode, field_seq, size, set_name, field_name, cont_name = parts
        objs, _ = self.m.object_set(set_name)
        if not objs:
            raw = self.raw_field(field_seq, field_name)
            if mode == "single":
                return Shape("entity", f"ngap::{raw}", entity=raw, empty_set=True)
            name = snake(cont_name)
            if name not in self.entities:
                self.build_raw_container(name, cont_name, raw, size)
            return Shape("entity", f"ngap::{name}", entity=name, empty_set=True, container=True)
        name = snake(set_name)
        if name not in self.entities:
            a_header, a_source = header, source
            self.build_container(name, f"{set_name} ({mode} container)", mode, field_seq,
                                 field_name, size, set_name, a_header, a_source)
        return Shape("entity", f"ngap::{name}", entity=name, container=True)

