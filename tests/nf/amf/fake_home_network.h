#pragma once
// A home network for AMF tests: one subscriber, 5G AKA computed with lib/crypto as the
// UDM/AUSF would (TS 33.501 §6.1.3.2), and switches to make it fail in each way the AMF
// must handle.

#include <map>
#include <optional>
#include <string>

#include "amf/sbi/home_network.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"

namespace glasscore::amf::test {

inline constexpr std::array<std::uint8_t, 16> subscriber_k = {
    0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
inline constexpr std::array<std::uint8_t, 16> subscriber_opc = {
    0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e, 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
inline constexpr std::string_view subscriber_supi = "imsi-001010000000001";
inline constexpr std::string_view subscriber_suci = "suci-0-001-01-0000-0-0-0000000001";

class fake_home_network final : public ue_authentication, public subscriber_data {
 public:
  // Failure switches.
  std::optional<home_network_error> authenticate_error;
  std::optional<home_network_error> subscription_error;
  access_subscription subscription{{{1, {}, {}, {}}}, {{1, {}, {}, {}}}, 100000, 200000, {}};

  std::uint64_t sqn = 0x20;  ///< the UDM's SQN (steps of 32, TS 33.102 Annex C.3.2)
  std::vector<std::string> identities_seen;
  int resynchronisations = 0;
  int registrations = 0;
  int deregistrations = 0;

  async::task<expected<auth_challenge, home_network_error>> authenticate(
      std::string supi_or_suci, std::string sn_name,
      std::optional<resynchronisation> resync) override {
    identities_seen.push_back(supi_or_suci);
    if (authenticate_error) {
      co_return fail(*authenticate_error);
    }
    if (supi_or_suci != subscriber_supi && supi_or_suci != subscriber_suci) {
      co_return fail(home_network_error::user_not_found);
    }
    const auto m = crypto::milenage::create(subscriber_k, subscriber_opc).value();
    if (resync) {
      auto sqn_ms = crypto::sqn_ms_from_auts(m, resync->rand, resync->auts);
      if (!sqn_ms) {
        co_return fail(home_network_error::authentication_failed);
      }
      ++resynchronisations;
      sqn = 0;
      for (std::uint8_t b : *sqn_ms) {
        sqn = sqn << 8U | b;
      }
    }
    sqn += 32;
    std::array<std::uint8_t, 6> sqn_bytes{};
    for (int i = 0; i < 6; ++i) {
      sqn_bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(sqn >> (8 * (5 - i)));
    }
    std::array<std::uint8_t, 16> rand{};
    rand[15] = static_cast<std::uint8_t>(++challenges_);
    const std::array<std::uint8_t, 2> amf_field = {0x80, 0x00};
    auto av = crypto::generate_he_auth_vector(m, rand, sqn_bytes, amf_field, sn_name).value();
    auth_challenge c{av.rand, av.autn, crypto::derive_hres_star(av.rand, av.xres_star).value(),
                     "ctx-" + std::to_string(challenges_)};
    pending_[c.confirmation_uri] = {av.xres_star, crypto::derive_kseaf(av.kausf, sn_name).value()};
    co_return c;
  }

  async::task<expected<auth_confirmation, home_network_error>> confirm(
      std::string uri, std::array<std::uint8_t, 16> res_star) override {
    auto it = pending_.find(uri);
    if (it == pending_.end() || it->second.first != res_star) {
      co_return fail(home_network_error::authentication_failed);
    }
    auth_confirmation result{std::string(subscriber_supi), it->second.second};
    pending_.erase(it);
    co_return result;
  }

  async::task<expected<void, home_network_error>> register_amf(std::string) override {
    ++registrations;
    if (subscription_error) {
      co_return fail(*subscription_error);
    }
    co_return expected<void, home_network_error>{};
  }
  async::task<expected<void, home_network_error>> deregister_amf(std::string) override {
    ++deregistrations;
    co_return expected<void, home_network_error>{};
  }
  async::task<expected<access_subscription, home_network_error>> access_and_mobility(
      std::string) override {
    if (subscription_error) {
      co_return fail(*subscription_error);
    }
    co_return subscription;
  }

 private:
  int challenges_ = 0;
  std::map<std::string, std::pair<std::array<std::uint8_t, 16>, crypto::key256>> pending_;
};

}  // namespace glasscore::amf::test
