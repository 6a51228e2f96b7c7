#pragma once
/// \file
/// One declarative table per grouped IE and message drives both decoding and encoding
/// (DESIGN.md §4, "Codecs"). A table lists (IE type, member, mandatory) in the order of the
/// 3GPP table (TS 29.244 §7.4, §7.5), which is the order IEs are written in. The member's
/// C++ type says how many may appear: T (exactly one), std::optional<T>, std::vector<T>.
/// Decoding follows §7.6: unknown IEs are kept aside (never interpreted), a repeated IE
/// that may appear once is ignored after its first copy, a missing mandatory IE or an IE
/// running past its container is reported with the cause the receiver answers with.

#include <array>
#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "glasscore/codec/pfcp/messages.h"
#include "ie_values.h"

namespace glasscore::pfcp::detail {

template <class S, class M>
struct field {
  std::uint16_t type;
  M S::*member;
  bool mandatory;
};

/// m(type, &S::x) a mandatory field, o(type, &S::x) an optional or repeated one.
template <class S, class M>
constexpr field<S, M> m(std::uint16_t type, M S::*member) {
  return {type, member, true};
}
template <class S, class M>
constexpr field<S, M> o(std::uint16_t type, M S::*member) {
  return {type, member, false};
}

/// Specialised for every grouped IE and message body: `static constexpr auto fields`.
template <class S>
struct table;

template <class T>
concept grouped = requires {
  table<T>::fields;
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {
  using element = T;
};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {
  using element = T;
};

/// What a receiver answers a broken message with (§7.6).
struct ie_failure {
  cause_value cause;
  std::uint16_t offending_ie;
};

using ie_result = expected<void, ie_failure>;

template <grouped S>
ie_result decode_ies(byte_span body, S& out);

/// Decodes one value; `ok` is false if an optional leaf was incorrect and is discarded.
template <class E>
ie_result decode_one(std::uint16_t type, byte_span v, bool mandatory, E& out, bool& ok) {
  ok = true;
  if constexpr (grouped<E>) {
    return decode_ies(v, out);
  } else {
    auto r = decode_value(v, out);
    if (r) {
      return {};
    }
    if (r.error() == value_error::too_short) {
      return fail(ie_failure{cause_value::invalid_length, type});
    }
    if (mandatory) {
      return fail(ie_failure{cause_value::mandatory_ie_incorrect, type});
    }
    ok = false;  // §7.6: an incorrect optional IE is discarded, the message processed
    return {};
  }
}

template <class S, class M>
ie_result decode_field(const field<S, M>& f, byte_span v, S& out, bool& seen) {
  auto& member = out.*(f.member);
  bool ok = true;
  if constexpr (is_vector<M>::value) {
    typename is_vector<M>::element e{};
    if (auto r = decode_one(f.type, v, f.mandatory, e, ok); !r) {
      return r;
    }
    if (ok) {
      member.push_back(std::move(e));
      seen = true;
    }
  } else if constexpr (is_optional<M>::value) {
    if (seen) {
      return {};  // §7.6: only the first copy of a non-repeatable IE is handled
    }
    typename is_optional<M>::element e{};
    if (auto r = decode_one(f.type, v, f.mandatory, e, ok); !r) {
      return r;
    }
    if (ok) {
      member = std::move(e);
      seen = true;
    }
  } else {
    if (seen) {
      return {};
    }
    if (auto r = decode_one(f.type, v, f.mandatory, member, ok); !r) {
      return r;
    }
    seen = ok;
  }
  return {};
}

template <grouped S>
ie_result decode_ies(byte_span body, S& out) {
  constexpr auto& fields = table<S>::fields;
  constexpr std::size_t n = std::tuple_size_v<std::remove_cvref_t<decltype(fields)>>;
  std::array<bool, n> seen{};
  byte_reader r(body);
  while (!r.empty()) {
    auto type = r.read_u16();
    auto length = r.read_u16();
    if (!type || !length) {
      // §7.6: an IE header cut by the end of its message or grouped IE.
      return fail(ie_failure{cause_value::invalid_length, type.value_or(0)});
    }
    auto value = r.read_bytes(*length);
    if (!value) {
      return fail(ie_failure{cause_value::invalid_length, *type});
    }
    bool handled = false;
    ie_result result;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((!handled && std::get<I>(fields).type == *type
            ? (handled = true, result = decode_field(std::get<I>(fields), *value, out, seen[I]))
            : result),
       ...);
    }
    (std::make_index_sequence<n>{});
    if (!result) {
      return result;
    }
    if (!handled) {
      // §8.1.1: vendor IEs (type >= 32768) start with a 2-octet Enterprise ID.
      raw_ie raw;
      raw.type = *type;
      byte_span rest = *value;
      if (*type & 0x8000) {
        if (rest.size() < 2) {
          return fail(ie_failure{cause_value::invalid_length, *type});
        }
        raw.enterprise_id = static_cast<std::uint16_t>((rest[0] << 8) | rest[1]);
        rest = rest.subspan(2);
      }
      raw.value.assign(rest.begin(), rest.end());
      out.unknown_ies.push_back(std::move(raw));
    }
  }
  std::optional<std::uint16_t> missing;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((!missing && std::get<I>(fields).mandatory && !seen[I]
          ? (missing = std::get<I>(fields).type, 0)
          : 0),
     ...);
  }
  (std::make_index_sequence<n>{});
  if (missing) {
    return fail(ie_failure{cause_value::mandatory_ie_missing, *missing});
  }
  return {};
}

template <grouped S>
void encode_ies(const S& in, byte_writer& w);

template <class E>
void encode_ie(std::uint16_t type, const E& value, byte_writer& w) {
  w.write_u16(type);
  const auto at = w.reserve_field(2);
  const auto start = w.size();
  if constexpr (grouped<E>) {
    encode_ies(value, w);
  } else {
    encode_value(value, w);
  }
  // An IE over 65535 octets cannot be expressed; PFCP messages travel in one UDP datagram
  // and nothing Glasscore builds comes near, so the (impossible) overflow is not reported.
  (void)w.patch_field(at, 2, w.size() - start);
}

inline void encode_raw(const raw_ie& raw, byte_writer& w) {
  w.write_u16(raw.type);
  w.write_u16(static_cast<std::uint16_t>(raw.value.size() + (raw.enterprise_id ? 2 : 0)));
  if (raw.enterprise_id) {
    w.write_u16(*raw.enterprise_id);
  }
  w.write_bytes(raw.value);
}

template <grouped S>
void encode_ies(const S& in, byte_writer& w) {
  std::apply(
      [&](const auto&... f) {
        (
            [&](const auto& fd) {
              const auto& member = in.*(fd.member);
              using M = std::remove_cvref_t<decltype(member)>;
              if constexpr (is_vector<M>::value) {
                for (const auto& e : member) {
                  encode_ie(fd.type, e, w);
                }
              } else if constexpr (is_optional<M>::value) {
                if (member) {
                  encode_ie(fd.type, *member, w);
                }
              } else {
                encode_ie(fd.type, member, w);
              }
            }(f),
            ...);
      },
      table<S>::fields);
  for (const auto& raw : in.unknown_ies) {
    encode_raw(raw, w);
  }
}

}  // namespace glasscore::pfcp::detail
