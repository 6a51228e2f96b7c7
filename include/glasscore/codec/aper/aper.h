#pragma once
/// \file
/// ASN.1 Aligned PER (ITU-T X.691, ALIGNED variant) runtime for generated codecs.
///
/// The encoder and decoder carry a sticky error, like an iostream's failbit: the first
/// failure is recorded with its bit position and every later operation is a no-op that
/// yields zero values. Generated code therefore needs no error check after each field; it
/// checks `ok()` in loops (so a failed decode never spins over a huge count) and the caller
/// checks once at the end. Nothing here throws, asserts on input, or reads past the span it
/// was given. Lengths read from the input are checked against the remaining input before
/// anything is allocated from them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "glasscore/core/bytes.h"

namespace glasscore::aper {

enum class error_code : std::uint8_t {
  truncated,           ///< the input ended inside a field
  value_out_of_range,  ///< an INTEGER/ENUMERATED/CHOICE index outside its constraint
  size_out_of_range,   ///< a length outside its SIZE constraint
  invalid_value,       ///< a value the encoder cannot represent (empty CHOICE, bad bit count)
  unsupported,         ///< valid X.691 we chose not to implement (documented in ngap-codec.md)
  unknown_procedure,   ///< NGAP: a procedure code this version of TS 38.413 does not define
};

[[nodiscard]] std::string_view to_string(error_code e);

/// A transfer-syntax error and where it was detected, in bits from the start of the PDU.
struct error {
  error_code code = error_code::truncated;
  std::size_t bit_offset = 0;
  bool operator==(const error&) const = default;
};

/// TS 38.413 §9.3.1.2 Criticality, shared by every IE and procedure (§10.3).
enum class criticality : std::uint8_t { reject, ignore, notify };

/// What was wrong with one IE (TS 38.413 §10.3.4-§10.3.6). `not_understood` and `missing`
/// map onto TypeOfError (§9.3.1.3); `wrong_order` and `duplicated` make the message an
/// abstract syntax error of the "falsely constructed" kind (§10.3.4.3, §10.3.6).
enum class ie_problem : std::uint8_t { not_understood, missing, wrong_order, duplicated };

/// One IE-level finding, with what Criticality Diagnostics (§9.3.1.3) needs.
struct ie_diagnostic {
  std::uint32_t ie_id = 0;
  criticality ie_criticality = criticality::reject;
  ie_problem problem = ie_problem::not_understood;
  bool operator==(const ie_diagnostic&) const = default;
};

/// X.691 §11.9 / §16: a BIT STRING whose length is not fixed. `bytes` holds the bits
/// MSB first; the unused low bits of the last byte are zero.
struct bit_string {
  std::vector<std::uint8_t> bytes;
  std::size_t length = 0;  ///< in bits
  bool operator==(const bit_string&) const = default;
};

/// A BIT STRING of exactly N bits (fixed SIZE constraint), MSB first, unused bits zero.
template <std::size_t N>
struct fixed_bit_string {
  std::array<std::uint8_t, (N + 7) / 8> bytes{};
  bool operator==(const fixed_bit_string&) const = default;
};

/// ASN.1 NULL.
struct null_value {
  bool operator==(const null_value&) const = default;
};

/// An IE or extension whose id this version of the spec does not define, kept as bytes.
struct raw_ie {
  std::uint32_t id = 0;
  criticality ie_criticality = criticality::ignore;
  std::vector<std::uint8_t> value;  ///< the open type's contents
  bool operator==(const raw_ie&) const = default;
};

/// IEs of one container whose criticality on the wire differed from the one the IE set
/// gives them (a peer's deviation from TS 38.413). Kept so that a decoded message
/// re-encodes to the bytes it came from; empty for every message built locally.
struct criticality_overrides {
  std::vector<std::pair<std::uint32_t, criticality>> items;

  /// The criticality to encode for IE `id`: the recorded one, else the spec's.
  [[nodiscard]] criticality get(std::uint32_t id, criticality spec) const {
    for (const auto& [ie, c] : items) {
      if (ie == id) {
        return c;
      }
    }
    return spec;
  }
  /// Records `wire` for IE `id` if it differs from the spec's criticality.
  void note(std::uint32_t id, criticality wire, criticality spec) {
    if (wire != spec) {
      items.emplace_back(id, wire);
    }
  }
  bool operator==(const criticality_overrides&) const = default;
};

/// INTEGER constraint (X.691 §13). `has_lb`/`has_ub` false means that bound is absent.
struct int_range {
  std::int64_t lb = 0;
  std::int64_t ub = 0;
  bool has_lb = true;
  bool has_ub = true;
  bool extensible = false;
};

/// SIZE constraint of a string or SEQUENCE OF; `ub == unbounded` means no upper bound.
struct size_range {
  static constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();
  std::size_t lb = 0;
  std::size_t ub = unbounded;
  bool extensible = false;
};

/// Bit-oriented APER writer. Appends to its own buffer; `finish()` pads to an octet.
class encoder {
 public:
  encoder() = default;

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] error_code failure() const { return failure_; }
  /// Records the first failure; later ones are ignored.
  void fail(error_code code);

  void put_bit(bool bit);
  /// The low `count` bits of `value`, MSB first; count <= 64.
  void put_bits(std::uint64_t value, unsigned count);
  /// X.691 §3.7.9 / §11.1: pad with zero bits to the next octet boundary.
  void align();
  void put_octets(byte_span octets);
  [[nodiscard]] std::size_t bit_size() const { return bits_; }

  /// X.691 §11.5: `offset` = value - lb in a range of `range_minus_1` + 1 values.
  void constrained_whole(std::uint64_t offset, std::uint64_t range_minus_1);
  /// X.691 §11.6.
  void normally_small(std::uint64_t n);
  /// X.691 §11.9 length determinant for `n` in [lb, ub] (ub < 64K: constrained form).
  /// Fragmentation (§11.9.3.8) is done by the octet writers below, not here.
  void length(std::size_t n, std::size_t lb, std::size_t ub);
  /// X.691 §13.
  void integer(std::int64_t value, const int_range& range);
  /// X.691 §14: `index` is the position in the root (or root_count + extension position).
  void enumerated(std::size_t index, std::size_t root_count, bool extensible);
  /// X.691 §17 OCTET STRING.
  void octet_string(byte_span octets, const size_range& size);
  /// X.691 §16 BIT STRING of `bit_count` bits stored MSB first in `bytes`.
  void bit_string(byte_span bytes, std::size_t bit_count, const size_range& size);
  /// X.691 §30 known-multiplier string (PrintableString, VisibleString, IA5String) with
  /// no PermittedAlphabet constraint: 8 bits per character in the ALIGNED variant.
  void char_string(std::string_view text, const size_range& size);
  /// X.691 §11.9 unconstrained length + octets, fragmented above 16K (§11.9.3.8). Used for
  /// open types (§11.2) and UTF8String/OBJECT IDENTIFIER contents.
  void unconstrained_octets(byte_span octets);
  /// X.691 §11.2: the complete encoding of `inner` as an open type.
  void open_type(const encoder& inner);
  /// UTF8String (X.691 §30.6): its SIZE constraint is not PER-visible, so the octets are
  /// written with an unconstrained length.
  void utf8_string(std::string_view text);
  /// Bits of a SEQUENCE OF count (X.691 §20) or other length with the SIZE rules.
  void count(std::size_t n, const size_range& size);

  /// Complete encoding (X.691 §11.1, §10.1.3: an empty encoding becomes one zero octet).
  [[nodiscard]] std::vector<std::uint8_t> finish() const;

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t bits_ = 0;
  bool ok_ = true;
  error_code failure_ = error_code::invalid_value;
};

/// Bit-oriented APER reader over borrowed bytes. A sub-decoder for an open type shares the
/// diagnostics sink and reports positions relative to the outermost input.
class decoder {
 public:
  explicit decoder(byte_span data, std::vector<ie_diagnostic>* diagnostics = nullptr,
                   std::size_t base_bit = 0)
      : data_(data), base_bit_(base_bit), diagnostics_(diagnostics) {}

  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] error failure() const { return failure_; }
  void fail(error_code code);
  /// Takes over the failure of a sub-decoder, if any.
  void merge(const decoder& sub);

  [[nodiscard]] std::size_t bits_remaining() const { return ok_ ? data_.size() * 8 - pos_ : 0; }
  [[nodiscard]] std::size_t bit_position() const { return base_bit_ + pos_; }

  [[nodiscard]] bool get_bit();
  [[nodiscard]] std::uint64_t get_bits(unsigned count);
  void align();
  /// `n` octets at the (aligned) cursor, as a view; empty span on failure.
  [[nodiscard]] byte_span get_octets(std::size_t n);

  [[nodiscard]] std::uint64_t constrained_whole(std::uint64_t range_minus_1);
  [[nodiscard]] std::uint64_t normally_small();
  /// Length determinant in [lb, ub]; unconstrained lengths of 16K or more (fragments) fail
  /// with `unsupported`; the octet readers below handle fragments.
  [[nodiscard]] std::size_t length(std::size_t lb, std::size_t ub);
  [[nodiscard]] std::int64_t integer(const int_range& range);
  /// Returns the root index, or root_count + extension index.
  [[nodiscard]] std::size_t enumerated(std::size_t root_count, bool extensible);
  void octet_string(std::vector<std::uint8_t>& out, const size_range& size);
  template <std::size_t N>
  void fixed_octets(std::array<std::uint8_t, N>& out) {
    const byte_span s = fixed_octet_span(N);
    for (std::size_t i = 0; i < s.size(); ++i) {
      out[i] = s[i];
    }
  }
  void bit_string(std::vector<std::uint8_t>& bytes, std::size_t& bit_count, const size_range& size);
  template <std::size_t N>
  void fixed_bits(std::array<std::uint8_t, (N + 7) / 8>& out) {
    fixed_bits_into(out.data(), N);
  }
  void char_string(std::string& out, const size_range& size);
  void unconstrained_octets(std::vector<std::uint8_t>& out);
  void utf8_string(std::string& out);
  /// The octets this decoder reads (for an open type: its contents).
  [[nodiscard]] byte_span contents() const { return data_; }
  /// SEQUENCE OF count with the SIZE rules (X.691 §20). The count is also checked against
  /// the remaining input (each NGAP element takes at least one bit), so a caller may
  /// allocate from it.
  [[nodiscard]] std::size_t count(const size_range& size);
  /// X.691 §11.2: reads an open type's length and returns a decoder confined to its octets.
  /// Fragmented open types are reassembled into `scratch`.
  [[nodiscard]] decoder open_type(std::vector<std::uint8_t>& scratch);
  /// Skips one open type (an unknown extension addition or IE).
  void skip_open_type();
  /// X.691 §19.7 / §23.8: skips every extension addition after a set extension bit.
  void skip_extension_additions();

  void report(const ie_diagnostic& d) const {
    if (diagnostics_ != nullptr) {
      diagnostics_->push_back(d);
    }
  }
  [[nodiscard]] std::vector<ie_diagnostic>* diagnostics() const { return diagnostics_; }

 private:
  [[nodiscard]] byte_span fixed_octet_span(std::size_t n);
  void fixed_bits_into(std::uint8_t* out, std::size_t n);
  void read_bits_into(std::uint8_t* out, std::size_t n);
  /// Unconstrained length determinant, reporting whether it is a fragment (§11.9.3.8).
  [[nodiscard]] std::size_t unconstrained_length(bool& fragment);

  byte_span data_;
  std::size_t pos_ = 0;  // in bits
  std::size_t base_bit_ = 0;
  std::vector<ie_diagnostic>* diagnostics_ = nullptr;
  bool ok_ = true;
  error failure_{};
  std::array<std::uint8_t, 2> small_{};  // unaligned fixed octet strings of 1-2 octets
};

/// Tracks the IEs of one protocol IE container while it is decoded, for the checks of
/// TS 38.413 §10.3.4-§10.3.6: each known IE (by its index in the object set) may occur
/// once, in the set's order; unknown IEs are reported unless their criticality is ignore;
/// mandatory IEs that never came are reported as missing.
class ie_tracker {
 public:
  static constexpr std::size_t max_ies = 256;

  void seen(const decoder& d, std::size_t index, std::uint32_t id, criticality c);
  void unknown(const decoder& d, std::uint32_t id, criticality c) const;
  void require(const decoder& d, std::size_t index, std::uint32_t id, criticality c) const;

 private:
  std::array<std::uint64_t, max_ies / 64> seen_{};
  std::size_t last_ = 0;
  bool any_ = false;
};

/// §10.3.5: an IE (or extension) that is not comprehended. Reported for criticality
/// reject and notify; silently skipped for ignore.
void report_unknown(const decoder& d, std::uint32_t id, criticality c);

}  // namespace glasscore::aper
