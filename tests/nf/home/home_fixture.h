#pragma once
// Shared by the home-network NF tests: a temporary SQLite subscriber store with one
// subscriber (TS 35.207 test set 1 keys), home network keys for SUCI Profile A and B, and
// the UE side of 5G AKA computed independently with lib/crypto.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "glasscore/config/config_types.h"
#include "glasscore/core/hex.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/ecies.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/crypto/suci.h"
#include "glasscore/store/sqlite_store.h"

namespace glasscore::home_test {

inline constexpr const char* imsi = "001010000000001";
inline constexpr const char* supi = "imsi-001010000000001";
inline constexpr const char* k_hex = "465b5ce8b199b49faa5f0a2ee238a6bc";
inline constexpr const char* opc_hex = "cd63cb71954a9f4e48a5994e37a02baf";
inline constexpr const char* snn = "5G:mnc001.mcc001.3gppnetwork.org";
inline constexpr const char* ausf_id = "11111111-2222-4333-8444-555555555555";
inline constexpr const char* amf_id = "f7d6eda4-ec05-41f1-a812-4d11a1d37550";

class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("glasscore-home-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline store::subscriber sample_subscriber(std::string id = imsi) {
  store::subscriber s;
  s.imsi = std::move(id);
  s.msisdn = "491700000001";
  s.auth.k = from_hex_array<16>(k_hex).value();
  s.auth.opc = {store::operator_key_kind::opc, from_hex_array<16>(opc_hex).value()};
  s.auth.sqn = 0;
  s.ue_ambr = {200'000, 1'000'000};
  store::slice_subscription embb;
  embb.nssai = {1, std::nullopt};
  embb.is_default = true;
  embb.default_dnn = "internet";
  store::dnn_subscription internet;
  internet.dnn = "internet";
  store::dnn_subscription iot;
  iot.dnn = "iot";
  iot.pdu_session_types = {store::pdu_session_type::ipv4v6, store::pdu_session_type::ipv4};
  embb.dnns = {internet, iot};
  store::slice_subscription ims;
  ims.nssai = {1, 0x000001};
  ims.default_dnn = "ims";
  store::dnn_subscription ims_dnn;
  ims_dnn.dnn = "ims";
  ims_dnn.default_5qi = 5;
  ims.dnns = {ims_dnn};
  s.slices = {embb, ims};
  return s;
}

/// Home network key pairs: Profile A id 1, Profile B id 2.
struct hn_keys {
  std::array<std::uint8_t, 32> a_private{};
  std::vector<std::uint8_t> a_public;
  std::array<std::uint8_t, 32> b_private{};
  std::vector<std::uint8_t> b_public;

  static hn_keys generate() {
    hn_keys k;
    k.a_private = crypto::ecies_generate_private_key(crypto::ecies_profile::a).value();
    k.a_public = crypto::ecies_public_key(crypto::ecies_profile::a, k.a_private).value();
    k.b_private = crypto::ecies_generate_private_key(crypto::ecies_profile::b).value();
    k.b_public = crypto::ecies_public_key(crypto::ecies_profile::b, k.b_private).value();
    return k;
  }
  [[nodiscard]] std::vector<config::home_network_key> config() const {
    return {config::home_network_key{1, config::suci_scheme::profile_a, a_private},
            config::home_network_key{2, config::suci_scheme::profile_b, b_private}};
  }
  /// The UE's SUCI for `scheme` (0 null, 1 Profile A with key 1, 2 Profile B with key 2).
  [[nodiscard]] std::string suci(int scheme, std::uint8_t key_id = 0) const {
    using crypto::protection_scheme;
    const auto s = static_cast<protection_scheme>(scheme);
    const std::uint8_t id = key_id != 0 ? key_id : static_cast<std::uint8_t>(scheme);
    const auto& pub = scheme == 2 ? b_public : a_public;
    auto c = crypto::conceal(supi, 2, "0", s, scheme == 0 ? 0 : id, pub);
    EXPECT_TRUE(c);
    return crypto::format_suci(*c).value();
  }
};

/// What the UE computes from RAND and AUTN (TS 33.501 §6.1.3.2 step 6), independently of
/// the network's code path: MAC-A check, SQN, RES*, and KSEAF from its own KAUSF.
struct ue_answer {
  std::uint64_t sqn = 0;
  std::array<std::uint8_t, 16> res_star{};
  std::array<std::uint8_t, 32> kseaf{};
  crypto::milenage usim;
};

inline std::optional<ue_answer> answer_challenge(byte_span rand, byte_span autn,
                                                 std::string_view sn = snn) {
  auto usim = crypto::milenage::create(from_hex(k_hex).value(), from_hex(opc_hex).value()).value();
  auto opened = crypto::open_autn(usim, rand, autn);
  if (!opened) {
    return std::nullopt;
  }
  ue_answer a{0, {}, {}, usim};
  for (auto b : opened->sqn) {
    a.sqn = (a.sqn << 8) | b;
  }
  a.res_star =
      crypto::derive_res_star(opened->keys.ck, opened->keys.ik, sn, rand, opened->keys.res).value();
  auto kausf = crypto::derive_kausf(opened->keys.ck, opened->keys.ik, sn, autn.first(6)).value();
  a.kseaf = crypto::derive_kseaf(kausf, sn).value();
  return a;
}

inline std::array<std::uint8_t, 6> sqn_octets(std::uint64_t v) {
  std::array<std::uint8_t, 6> s{};
  for (int i = 5; i >= 0; --i) {
    s[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    v >>= 8;
  }
  return s;
}

inline std::string hex_member(const nlohmann::json& j, const char* a, const char* b) {
  return j.at(a).at(b).get<std::string>();
}

}  // namespace glasscore::home_test
