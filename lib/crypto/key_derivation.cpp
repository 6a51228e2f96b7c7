// TS 33.501 Annex A key derivations. FC values: A.2 0x6A, A.3 0x20, A.4 0x6B, A.6 0x6C,
// A.7 0x6D, A.8 0x69, A.9 0x6E, A.10 0x6F, A.13 0x72.
#include "glasscore/crypto/key_derivation.h"

#include <algorithm>
#include <vector>

namespace glasscore::crypto {

namespace {

constexpr std::uint8_t fc_kausf = 0x6A;
constexpr std::uint8_t fc_ck_ik_prime = 0x20;
constexpr std::uint8_t fc_res_star = 0x6B;
constexpr std::uint8_t fc_kseaf = 0x6C;
constexpr std::uint8_t fc_kamf = 0x6D;
constexpr std::uint8_t fc_algorithm_key = 0x69;
constexpr std::uint8_t fc_kgnb = 0x6E;
constexpr std::uint8_t fc_nh = 0x6F;
constexpr std::uint8_t fc_kamf_prime = 0x72;

byte_span text(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// CK || IK, the key of A.2-A.4. Both must be 128 bits.
expected<std::array<std::uint8_t, 32>, crypto_error> ck_ik(byte_span ck, byte_span ik) {
  if (ck.size() != 16 || ik.size() != 16) {
    return fail(crypto_error::bad_key_length);
  }
  std::array<std::uint8_t, 32> key{};
  std::copy(ck.begin(), ck.end(), key.begin());
  std::copy(ik.begin(), ik.end(), key.begin() + 16);
  return key;
}

// The KDF's key inputs in Annex A are all 256 bits (KAUSF, KSEAF, KAMF, KgNB).
expected<void, crypto_error> check_key256(byte_span key) {
  if (key.size() != 32) {
    return fail(crypto_error::bad_key_length);
  }
  return {};
}

std::array<std::uint8_t, 16> low_128_bits(const key256& k) {
  std::array<std::uint8_t, 16> out{};
  std::copy(k.begin() + 16, k.end(), out.begin());
  return out;
}

std::array<std::uint8_t, 4> be32(std::uint32_t v) {
  std::array<std::uint8_t, 4> out{};
  store_be32(out.data(), v);
  return out;
}

}  // namespace

expected<std::string, crypto_error> serving_network_name(std::string_view mcc,
                                                         std::string_view mnc) {
  if (mcc.size() != 3 || (mnc.size() != 2 && mnc.size() != 3) || !all_digits(mcc) ||
      !all_digits(mnc)) {
    return fail(crypto_error::bad_parameter);
  }
  std::string name = "5G:mnc";
  if (mnc.size() == 2) {
    name += '0';
  }
  name.append(mnc).append(".mcc").append(mcc).append(".3gppnetwork.org");
  return name;
}

expected<key256, crypto_error> derive_kausf(byte_span ck, byte_span ik, std::string_view sn_name,
                                            byte_span sqn_xor_ak) {
  auto key = ck_ik(ck, ik);
  if (!key) {
    return fail(key.error());
  }
  if (sqn_xor_ak.size() != 6) {
    return fail(crypto_error::bad_input_length);
  }
  return kdf(*key, fc_kausf, {text(sn_name), sqn_xor_ak});
}

expected<ck_ik_prime, crypto_error> derive_ck_ik_prime(byte_span ck, byte_span ik,
                                                       std::string_view sn_name,
                                                       byte_span sqn_xor_ak) {
  auto key = ck_ik(ck, ik);
  if (!key) {
    return fail(key.error());
  }
  if (sqn_xor_ak.size() != 6) {
    return fail(crypto_error::bad_input_length);
  }
  return kdf(*key, fc_ck_ik_prime, {text(sn_name), sqn_xor_ak}).map([](const key256& out) {
    ck_ik_prime keys;
    std::copy_n(out.begin(), 16, keys.ck_prime.begin());
    std::copy_n(out.begin() + 16, 16, keys.ik_prime.begin());
    return keys;
  });
}

key256 eap_aka_prime_keys::kausf() const {
  key256 out{};
  std::copy_n(emsk.begin(), out.size(), out.begin());
  return out;
}

expected<eap_aka_prime_keys, crypto_error> derive_eap_aka_prime_keys(const ck_ik_prime& keys,
                                                                     std::string_view identity) {
  // RFC 5448 §3.4.1: PRF'(K, S) = T1 | T2 | ..., T1 = HMAC(K, S | 0x01),
  // Tn = HMAC(K, T(n-1) | S | n), with K = IK' | CK' and S = "EAP-AKA'" | Identity.
  std::array<std::uint8_t, 32> key{};
  std::copy(keys.ik_prime.begin(), keys.ik_prime.end(), key.begin());
  std::copy(keys.ck_prime.begin(), keys.ck_prime.end(), key.begin() + 16);
  const std::string s = "EAP-AKA'" + std::string(identity);

  constexpr std::size_t mk_size = 16 + 32 + 32 + 64 + 64;  // 208 octets
  std::array<std::uint8_t, std::size_t{7} * 32> mk{};      // 7 HMAC blocks cover 208 octets
  static_assert(mk_size <= mk.size());
  std::vector<std::uint8_t> block;
  digest256 previous{};
  for (std::uint8_t n = 1; n <= 7; ++n) {
    block.clear();
    if (n > 1) {
      block.insert(block.end(), previous.begin(), previous.end());
    }
    block.insert(block.end(), s.begin(), s.end());
    block.push_back(n);
    auto t = hmac_sha256(key, block);
    if (!t) {
      return fail(t.error());
    }
    previous = *t;
    std::copy(t->begin(), t->end(), mk.begin() + (n - 1) * 32);
  }
  eap_aka_prime_keys out;
  std::size_t offset = 0;
  auto take = [&](auto& field) {
    std::copy_n(mk.begin() + static_cast<std::ptrdiff_t>(offset), field.size(), field.begin());
    offset += field.size();
  };
  take(out.k_encr);
  take(out.k_aut);
  take(out.k_re);
  take(out.msk);
  take(out.emsk);
  return out;
}

expected<res_star128, crypto_error> derive_res_star(byte_span ck, byte_span ik,
                                                    std::string_view sn_name, byte_span rand,
                                                    byte_span res) {
  auto key = ck_ik(ck, ik);
  if (!key) {
    return fail(key.error());
  }
  if (rand.size() != 16 || res.size() < 4 || res.size() > 16) {
    return fail(crypto_error::bad_input_length);
  }
  return kdf(*key, fc_res_star, {text(sn_name), rand, res}).map(low_128_bits);
}

expected<res_star128, crypto_error> derive_hres_star(byte_span rand, byte_span res_star) {
  if (rand.size() != 16 || res_star.size() != 16) {
    return fail(crypto_error::bad_input_length);
  }
  std::array<std::uint8_t, 32> input{};
  std::copy(rand.begin(), rand.end(), input.begin());
  std::copy(res_star.begin(), res_star.end(), input.begin() + 16);
  return sha256(input).map(low_128_bits);
}

expected<key256, crypto_error> derive_kseaf(byte_span kausf, std::string_view sn_name) {
  return check_key256(kausf).and_then([&] { return kdf(kausf, fc_kseaf, {text(sn_name)}); });
}

expected<key256, crypto_error> derive_kamf(byte_span kseaf, std::string_view supi, byte_span abba) {
  std::string_view p0;
  if (supi.starts_with("imsi-")) {
    p0 = supi.substr(5);
    if (p0.size() < 6 || p0.size() > 15 || !all_digits(p0)) {
      return fail(crypto_error::bad_parameter);
    }
  } else if (supi.starts_with("nai-") && supi.size() > 4) {
    p0 = supi.substr(4);
  } else {
    return fail(crypto_error::bad_parameter);
  }
  if (abba.empty()) {
    return fail(crypto_error::bad_input_length);
  }
  return check_key256(kseaf).and_then([&] { return kdf(kseaf, fc_kamf, {text(p0), abba}); });
}

expected<key128_out, crypto_error> derive_algorithm_key(byte_span key, algorithm_type type,
                                                        std::uint8_t algorithm_id) {
  if (algorithm_id > 15) {
    return fail(crypto_error::bad_parameter);
  }
  const std::array<std::uint8_t, 1> p0{static_cast<std::uint8_t>(type)};
  const std::array<std::uint8_t, 1> p1{algorithm_id};
  return check_key256(key)
      .and_then([&] {
        return kdf(key, fc_algorithm_key, {p0, p1});
      })
      .map(low_128_bits);
}

expected<key256, crypto_error> derive_kgnb(byte_span kamf, std::uint32_t uplink_nas_count,
                                           access_type access) {
  const auto count = be32(uplink_nas_count);
  const std::array<std::uint8_t, 1> p1{static_cast<std::uint8_t>(access)};
  return check_key256(kamf).and_then([&] { return kdf(kamf, fc_kgnb, {count, p1}); });
}

expected<key256, crypto_error> derive_nh(byte_span kamf, byte_span sync_input) {
  if (sync_input.size() != 32) {
    return fail(crypto_error::bad_input_length);
  }
  return check_key256(kamf).and_then([&] { return kdf(kamf, fc_nh, {sync_input}); });
}

expected<key256, crypto_error> derive_kamf_prime(byte_span kamf, kamf_change dir,
                                                 std::uint32_t count) {
  const std::array<std::uint8_t, 1> p0{static_cast<std::uint8_t>(dir)};
  const auto p1 = be32(count);
  return check_key256(kamf).and_then([&] { return kdf(kamf, fc_kamf_prime, {p0, p1}); });
}

}  // namespace glasscore::crypto
