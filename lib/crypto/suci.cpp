// SUCI string form, concealment and de-concealment (TS 23.003 §2.2B, TS 29.503 §6.1.6.3.2,
// TS 33.501 §6.12.2 and Annex C).
#include "glasscore/crypto/suci.h"

#include <algorithm>
#include <array>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/ecies.h"

namespace glasscore::crypto {

namespace {

constexpr std::size_t max_imsi_digits = 15;  // TS 23.003 §2.2
constexpr std::string_view suci_prefix = "suci-";
constexpr std::string_view imsi_prefix = "imsi-";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Decimal digits only (no locale, no sign), between min and max of them.
bool digits(std::string_view text, std::size_t min, std::size_t max) {
  return text.size() >= min && text.size() <= max && std::ranges::all_of(text, is_digit);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// Strict hex: digits only (no "0x", no separators), an even count, at least one byte.
expected<std::vector<std::uint8_t>, crypto_error> parse_hex(std::string_view text) {
  auto bytes = from_hex(text);
  if (text.empty() || text.starts_with("0x") || text.starts_with("0X") || !bytes) {
    return fail(crypto_error::malformed_suci);
  }
  return std::move(*bytes);
}

// The home network public key identifier: decimal 0-255 without leading zeros (TS 29.571
// SupiOrSuci pattern).
expected<std::uint8_t, crypto_error> parse_key_id(std::string_view text) {
  if (!digits(text, 1, 3) || (text.size() > 1 && text[0] == '0')) {
    return fail(crypto_error::malformed_suci);
  }
  unsigned value = 0;
  for (char c : text) {
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 255) {
    return fail(crypto_error::malformed_suci);
  }
  return static_cast<std::uint8_t>(value);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      fields.push_back(text.substr(start));
      return fields;
    }
    fields.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::optional<ecies_profile> profile_of(protection_scheme scheme) {
  switch (scheme) {
    case protection_scheme::profile_a:
      return ecies_profile::a;
    case protection_scheme::profile_b:
      return ecies_profile::b;
    case protection_scheme::null_scheme:
      break;
  }
  return std::nullopt;
}

// The longest MSIN that keeps the IMSI within 15 digits (TS 23.003 §2.2).
std::size_t max_msin_digits(std::size_t mnc_digits) {
  return max_imsi_digits - 3 - mnc_digits;
}

// Every field rule of the string form, for a parsed or hand-built SUCI.
expected<void, crypto_error> check_fields(const suci& value) {
  if (value.type != supi_type::imsi) {
    return fail(crypto_error::unsupported_scheme);
  }
  if (!digits(value.mcc, 3, 3) || !digits(value.mnc, 2, 3) ||
      !digits(value.routing_indicator, 1, 4) || static_cast<std::uint8_t>(value.scheme) > 0xF) {
    return fail(crypto_error::malformed_suci);
  }
  if (value.scheme == protection_scheme::null_scheme) {
    // TS 33.501 C.2 / TS 23.003 §2.2B: key id 0, the MSIN in clear.
    if (value.hn_public_key_id != 0 || !value.scheme_output.empty() ||
        !digits(value.msin, 1, max_msin_digits(value.mnc.size()))) {
      return fail(crypto_error::malformed_suci);
    }
  } else if (value.hn_public_key_id == 0 || !value.msin.empty() || value.scheme_output.empty()) {
    return fail(crypto_error::malformed_suci);
  }
  return {};
}

// The ECIES scheme input of an IMSI: the MSIN in TBCD as in TS 33.501 C.4 and TS 24.501
// §9.11.3.4, the first digit of each pair in the low nibble, an odd count padded with 0xF in
// the last high nibble.
std::vector<std::uint8_t> encode_tbcd(std::string_view msin) {
  std::vector<std::uint8_t> out((msin.size() + 1) / 2, 0xFF);
  for (std::size_t i = 0; i < msin.size(); ++i) {
    const auto digit = static_cast<std::uint8_t>(msin[i] - '0');
    std::uint8_t& octet = out[i / 2];
    octet = (i % 2 == 0) ? static_cast<std::uint8_t>((octet & 0xF0) | digit)
                         : static_cast<std::uint8_t>((octet & 0x0F) | (digit << 4));
  }
  return out;
}

// The inverse, strictly: every nibble a decimal digit except a 0xF filler in the high nibble
// of the last octet; anything else did not come from a conforming UE.
expected<std::string, crypto_error> decode_tbcd(byte_span tbcd) {
  if (tbcd.empty()) {
    return fail(crypto_error::malformed_suci);
  }
  std::string out;
  out.reserve(tbcd.size() * 2);
  for (std::size_t i = 0; i < tbcd.size(); ++i) {
    const int low = tbcd[i] & 0x0F;
    const int high = tbcd[i] >> 4;
    if (low > 9) {
      return fail(crypto_error::malformed_suci);
    }
    out.push_back(static_cast<char>('0' + low));
    if (high == 0xF && i + 1 == tbcd.size()) {
      break;
    }
    if (high > 9) {
      return fail(crypto_error::malformed_suci);
    }
    out.push_back(static_cast<char>('0' + high));
  }
  return out;
}

}  // namespace

expected<suci, crypto_error> parse_suci(std::string_view text) {
  if (!text.starts_with(suci_prefix)) {
    return fail(crypto_error::malformed_suci);
  }
  const auto fields = split(text.substr(suci_prefix.size()), '-');
  // fields: type, MCC, MNC, routing indicator, scheme, key id, scheme output.
  if (fields[0].size() != 1 || fields[0][0] < '0' || fields[0][0] > '7') {
    return fail(crypto_error::malformed_suci);
  }
  if (fields[0][0] != '0') {
    // NSI, GCI, GLI (and spare types): a realm as home network identifier.
    return fail(crypto_error::unsupported_scheme);
  }
  if (fields.size() != 7 || fields[4].size() != 1) {
    return fail(crypto_error::malformed_suci);
  }
  const int scheme = hex_value(fields[4][0]);
  auto key_id = parse_key_id(fields[5]);
  if (scheme < 0 || !key_id) {
    return fail(crypto_error::malformed_suci);
  }
  suci out;
  out.type = supi_type::imsi;
  out.mcc = fields[1];
  out.mnc = fields[2];
  out.routing_indicator = fields[3];
  out.scheme = static_cast<protection_scheme>(scheme);
  out.hn_public_key_id = *key_id;
  if (out.scheme == protection_scheme::null_scheme) {
    out.msin = fields[6];
  } else {
    auto output = parse_hex(fields[6]);
    if (!output) {
      return fail(output.error());
    }
    out.scheme_output = std::move(*output);
  }
  if (auto ok = check_fields(out); !ok) {
    return fail(ok.error());
  }
  return out;
}

expected<std::string, crypto_error> format_suci(const suci& value) {
  if (auto ok = check_fields(value); !ok) {
    return fail(ok.error());
  }
  static constexpr std::string_view hex_digits = "0123456789abcdef";
  std::string out(suci_prefix);
  out += "0-";
  out += value.mcc;
  out += '-';
  out += value.mnc;
  out += '-';
  out += value.routing_indicator;
  out += '-';
  out += hex_digits[static_cast<std::uint8_t>(value.scheme)];
  out += '-';
  out += std::to_string(value.hn_public_key_id);
  out += '-';
  out += value.scheme == protection_scheme::null_scheme ? value.msin : to_hex(value.scheme_output);
  return out;
}

expected<suci, crypto_error> conceal(std::string_view supi, std::size_t mnc_length,
                                     std::string_view routing_indicator, protection_scheme scheme,
                                     std::uint8_t hn_public_key_id, byte_span hn_public_key,
                                     std::optional<byte_span> ephemeral_private_key) {
  if (!supi.starts_with(imsi_prefix) || (mnc_length != 2 && mnc_length != 3)) {
    return fail(crypto_error::bad_parameter);
  }
  const std::string_view imsi = supi.substr(imsi_prefix.size());
  // At least one MSIN digit after MCC and MNC.
  if (!digits(imsi, 3 + mnc_length + 1, max_imsi_digits) || !digits(routing_indicator, 1, 4)) {
    return fail(crypto_error::bad_parameter);
  }
  suci out;
  out.type = supi_type::imsi;
  out.mcc = imsi.substr(0, 3);
  out.mnc = imsi.substr(3, mnc_length);
  out.routing_indicator = routing_indicator;
  out.scheme = scheme;
  out.hn_public_key_id = hn_public_key_id;
  const std::string_view msin = imsi.substr(3 + mnc_length);

  if (scheme == protection_scheme::null_scheme) {
    if (hn_public_key_id != 0) {
      return fail(crypto_error::bad_parameter);
    }
    out.msin = msin;
    return out;
  }
  const auto profile = profile_of(scheme);
  if (!profile) {
    return fail(crypto_error::unsupported_scheme);
  }
  if (hn_public_key_id == 0) {
    return fail(crypto_error::bad_parameter);
  }
  const auto plaintext = encode_tbcd(msin);
  auto output = ephemeral_private_key
                    ? ecies_encrypt(*profile, hn_public_key, *ephemeral_private_key, plaintext)
                    : ecies_encrypt(*profile, hn_public_key, plaintext);
  if (!output) {
    return fail(output.error());
  }
  out.scheme_output = std::move(*output);
  return out;
}

expected<std::string, crypto_error> deconceal(const suci& value,
                                              const hn_private_key_lookup& lookup,
                                              null_scheme_policy null_policy) {
  if (auto ok = check_fields(value); !ok) {
    return fail(ok.error());
  }
  std::string supi(imsi_prefix);
  supi += value.mcc;
  supi += value.mnc;

  if (value.scheme == protection_scheme::null_scheme) {
    if (null_policy != null_scheme_policy::allow) {
      return fail(crypto_error::unsupported_scheme);
    }
    supi += value.msin;
    return supi;
  }
  const auto profile = profile_of(value.scheme);
  if (!profile) {
    return fail(crypto_error::unsupported_scheme);
  }
  const std::optional<byte_span> key =
      lookup ? lookup(value.scheme, value.hn_public_key_id) : std::nullopt;
  if (!key) {
    return fail(crypto_error::unsupported_scheme);
  }
  auto plaintext = ecies_decrypt(*profile, *key, value.scheme_output);
  if (!plaintext) {
    return fail(plaintext.error());
  }
  auto msin = decode_tbcd(*plaintext);
  if (!msin) {
    return fail(msin.error());
  }
  if (msin->size() > max_msin_digits(value.mnc.size())) {
    return fail(crypto_error::malformed_suci);
  }
  supi += *msin;
  return supi;
}

}  // namespace glasscore::crypto
