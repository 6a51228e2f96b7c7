#pragma once
/// \file
/// The declarative core of the NAS codec. Every message is a plain struct plus one table,
/// `message_layout<M>::type`, listing its information elements in the order of its
/// TS 24.501 §8 message table: the struct member, the IE format (TS 24.007 §11.2.1: V, LV,
/// LV-E, TV, TLV, TLV-E, and the half-octet type 1), the IEI of optional IEs, and the
/// bounds of the value length. decode_ies() and encode_ies() walk that one table, so decoding
/// and encoding cannot disagree about a message's shape.
///
/// IE value types provide, depending on their format:
///   static expected<T, nas_error> decode(byte_span value);   void encode(byte_writer&) const;
///     (or expected<void, nas_error> encode(byte_writer&) const, where a value can be invalid)
///   static expected<T, nas_error> from_nibble(std::uint8_t); std::uint8_t to_nibble() const;
///
/// Receiving rules implemented here (TS 24.501 §7):
/// - mandatory IEs come first, in table order; a missing or malformed one is
///   invalid_mandatory_ie (§7.5);
/// - optional IEs are matched by IEI in any order; an unknown one is skipped by its format
///   (TS 24.007 §11.2.4: IEI bit 8 set = one octet; high nibble 7 = TLV-E; else TLV), unless
///   its IEI's high nibble is 0, which marks it comprehension required (§7.6.1);
/// - a repeated IE keeps its first occurrence (§7.6.3);
/// - an optional IE with a wrong length or undecodable value is treated as absent (§7.7.2).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>

#include "glasscore/codec/nas/error.h"
#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore::nas {

enum class ie_format : std::uint8_t {
  v,      ///< value only, fixed length (mandatory)
  lv,     ///< 1-octet length, value (mandatory)
  lv_e,   ///< 2-octet length, value (mandatory)
  tv1,    ///< type 1: IEI in bits 5-8, value in bits 1-4 (optional)
  t,      ///< type 2: IEI only (optional)
  tv,     ///< type 3: IEI, fixed-length value (optional)
  tlv,    ///< type 4: IEI, 1-octet length, value (optional)
  tlv_e,  ///< type 6: IEI, 2-octet length, value (optional)
};

/// One IE: the member holding it, its format, its IEI (0 for mandatory IEs; for tv1 the
/// IEI's high nibble, e.g. 0xC0 for "C-"), and the allowed length of its value in octets.
template <auto Member, ie_format Format, std::uint8_t Iei = 0, std::size_t MinLength = 0,
          std::size_t MaxLength = 65535>
struct ie {};

/// Two mandatory half-octet IEs in one octet: `Low` in bits 1-4 (listed first in the
/// message table), `High` in bits 5-8. nullptr marks a spare half octet (sent as 0).
template <auto Low, auto High>
struct half_octets {};

template <class... Ies>
struct layout {};

/// Specialised for every message type: `using type = layout<...>;`.
template <class Message>
struct message_layout;

/// The value of a type 2 (IEI-only) IE.
struct present {
  friend bool operator==(const present&, const present&) = default;
};

namespace detail {

template <class T>
struct optional_traits : std::false_type {
  using value_type = T;
};
template <class T>
struct optional_traits<std::optional<T>> : std::true_type {
  using value_type = T;
};

template <class C, class T>
T member_type_of(T C::*);

template <auto Member>
using member_t = decltype(member_type_of(Member));
template <auto Member>
inline constexpr bool is_optional_member = optional_traits<member_t<Member>>::value;
template <auto Member>
using value_t = typename optional_traits<member_t<Member>>::value_type;

inline expected<byte_span, nas_error> read_framed(byte_reader& r, ie_format format,
                                                  std::size_t fixed_length) {
  std::size_t length = fixed_length;
  if (format == ie_format::lv || format == ie_format::tlv) {
    auto l = r.read_u8();
    if (!l) {
      return fail(nas_error::truncated);
    }
    length = *l;
  } else if (format == ie_format::lv_e || format == ie_format::tlv_e) {
    auto l = r.read_u16();
    if (!l) {
      return fail(nas_error::truncated);
    }
    length = *l;
  }
  auto value = r.read_bytes(length);
  if (!value) {
    return fail(nas_error::truncated);
  }
  return *value;
}

template <class T>
expected<T, nas_error> decode_value(ie_format format, byte_span value, std::size_t min,
                                    std::size_t max) {
  if (value.size() < min || value.size() > max) {
    return fail(nas_error::invalid_value);
  }
  if constexpr (std::is_same_v<T, present>) {
    (void)format;
    return present{};
  } else {
    return T::decode(value);
  }
}

// ---- decoding ----

template <class Message, class Spec>
struct ie_decoder;

template <class Message, auto Member, ie_format Format, std::uint8_t Iei, std::size_t Min,
          std::size_t Max>
struct ie_decoder<Message, ie<Member, Format, Iei, Min, Max>> {
  using value_type = value_t<Member>;

  static expected<void, nas_error> mandatory(Message& m, byte_reader& r) {
    if constexpr (is_optional_member<Member>) {
      return {};
    } else {
      auto framed = read_framed(r, Format, Min);
      if (!framed) {
        return fail(nas_error::invalid_mandatory_ie);
      }
      auto value = decode_value<value_type>(Format, *framed, Min, Max);
      if (!value) {
        return fail(nas_error::invalid_mandatory_ie);
      }
      m.*Member = std::move(*value);
      return {};
    }
  }

  /// Consumes the IE if `iei` is ours; `matched` says whether it was.
  static expected<void, nas_error> optional(Message& m, byte_reader& r, std::uint8_t iei,
                                            bool& matched) {
    if constexpr (!is_optional_member<Member>) {
      return {};
    } else {
      const bool is_ours = Format == ie_format::tv1 ? (iei & 0xF0) == Iei : iei == Iei;
      if (matched || !is_ours) {
        return {};
      }
      matched = true;
      (void)r.read_u8();  // the IEI, already peeked
      const bool first = !(m.*Member).has_value();
      if constexpr (Format == ie_format::tv1) {
        if (auto v = value_type::from_nibble(iei & 0x0F); v && first) {
          m.*Member = std::move(*v);
        }
        return {};
      } else {
        auto framed = read_framed(r, Format, Min);
        if (!framed) {
          return fail(framed.error());
        }
        if (auto v = decode_value<value_type>(Format, *framed, Min, Max); v && first) {
          m.*Member = std::move(*v);
        }
        return {};
      }
    }
  }
};

template <class Message, auto Low, auto High>
struct ie_decoder<Message, half_octets<Low, High>> {
  template <auto Member>
  static expected<void, nas_error> assign(Message& m, std::uint8_t nibble) {
    if constexpr (Member != nullptr) {
      auto v = value_t<Member>::from_nibble(nibble);
      if (!v) {
        return fail(nas_error::invalid_mandatory_ie);
      }
      m.*Member = *v;
    }
    return {};
  }
  static expected<void, nas_error> mandatory(Message& m, byte_reader& r) {
    auto octet = r.read_u8();
    if (!octet) {
      return fail(nas_error::invalid_mandatory_ie);
    }
    return assign<Low>(m, *octet & 0x0F).and_then([&] { return assign<High>(m, *octet >> 4); });
  }
  static expected<void, nas_error> optional(Message&, byte_reader&, std::uint8_t, bool&) {
    return {};
  }
};

expected<void, nas_error> skip_unknown_ie(byte_reader& r, std::uint8_t iei);

// ---- encoding ----

template <class T>
std::uint8_t nibble_of(const T& value) {
  return value.to_nibble();
}

template <class Message, class Spec>
struct ie_encoder;

template <class Message, auto Member, ie_format Format, std::uint8_t Iei, std::size_t Min,
          std::size_t Max>
struct ie_encoder<Message, ie<Member, Format, Iei, Min, Max>> {
  using value_type = value_t<Member>;

  static expected<void, nas_error> write_value(const value_type& v, byte_writer& w) {
    if constexpr (Format == ie_format::tv1) {
      w.write_u8(static_cast<std::uint8_t>(Iei | (v.to_nibble() & 0x0F)));
      return {};
    } else if constexpr (Format == ie_format::t) {
      w.write_u8(Iei);
      return {};
    } else {
      if constexpr (Format == ie_format::tv || Format == ie_format::tlv ||
                    Format == ie_format::tlv_e) {
        w.write_u8(Iei);
      }
      byte_writer value;
      if constexpr (std::is_same_v<value_type, present>) {
        // an IEI-only IE has no value
      } else if constexpr (std::is_void_v<decltype(v.encode(value))>) {
        v.encode(value);
      } else if (auto ok = v.encode(value); !ok) {
        return ok;
      }
      const std::size_t n = value.size();
      const bool fixed = Format == ie_format::v || Format == ie_format::tv;
      if (n < Min || n > Max || (fixed && n != Min)) {
        return fail(nas_error::invalid_value);
      }
      if constexpr (Format == ie_format::lv || Format == ie_format::tlv) {
        if (n > 0xFF) {
          return fail(nas_error::invalid_value);
        }
        w.write_u8(static_cast<std::uint8_t>(n));
      } else if constexpr (Format == ie_format::lv_e || Format == ie_format::tlv_e) {
        if (n > 0xFFFF) {
          return fail(nas_error::invalid_value);
        }
        w.write_u16(static_cast<std::uint16_t>(n));
      }
      w.write_bytes(value.view());
      return {};
    }
  }

  static expected<void, nas_error> encode(const Message& m, byte_writer& w) {
    if constexpr (is_optional_member<Member>) {
      return (m.*Member).has_value() ? write_value(*(m.*Member), w) : expected<void, nas_error>{};
    } else {
      return write_value(m.*Member, w);
    }
  }
};

template <class Message, auto Low, auto High>
struct ie_encoder<Message, half_octets<Low, High>> {
  template <auto Member>
  static std::uint8_t nibble(const Message& m) {
    if constexpr (Member == nullptr) {
      return 0;
    } else {
      return static_cast<std::uint8_t>((m.*Member).to_nibble() & 0x0F);
    }
  }
  static expected<void, nas_error> encode(const Message& m, byte_writer& w) {
    w.write_u8(static_cast<std::uint8_t>(nibble<Low>(m) | (nibble<High>(m) << 4)));
    return {};
  }
};

template <class Message, class... Specs>
expected<Message, nas_error> decode_with(byte_reader& r, layout<Specs...>) {
  Message m{};
  expected<void, nas_error> status{};
  ((status = status ? ie_decoder<Message, Specs>::mandatory(m, r) : status), ...);
  while (status && !r.empty()) {
    const std::uint8_t iei = *r.peek_u8();
    bool matched = false;
    ((status = status ? ie_decoder<Message, Specs>::optional(m, r, iei, matched) : status), ...);
    if (status && !matched) {
      status = skip_unknown_ie(r, iei);
    }
  }
  if (!status) {
    return fail(status.error());
  }
  return m;
}

template <class Message, class... Specs>
expected<void, nas_error> encode_with(const Message& m, byte_writer& w, layout<Specs...>) {
  expected<void, nas_error> status{};
  ((status = status ? ie_encoder<Message, Specs>::encode(m, w) : status), ...);
  return status;
}

}  // namespace detail

/// Decodes the IEs of `Message` (everything after the message type octet).
template <class Message>
[[nodiscard]] expected<Message, nas_error> decode_ies(byte_reader& r) {
  return detail::decode_with<Message>(r, typename message_layout<Message>::type{});
}

/// Encodes the IEs of `Message` in table order.
template <class Message>
[[nodiscard]] expected<void, nas_error> encode_ies(const Message& m, byte_writer& w) {
  return detail::encode_with(m, w, typename message_layout<Message>::type{});
}

}  // namespace glasscore::nas
