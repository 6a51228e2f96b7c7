// `glasscore demo`: today, the security of one registration walked end to end between a UE
// and the home network, each side computing its own values and checking the other's. The
// network functions are not built yet; the demo says so instead of pretending.
#include <fmt/core.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "commands.h"
#include "glasscore/core/hex.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/ecies.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "glasscore/crypto/suci.h"

namespace glasscore::app {

namespace {

using namespace glasscore::crypto;

// The demo subscriber: TS 35.207 test set 1 keys on the test PLMN 001/01.
constexpr std::string_view demo_supi = "imsi-001010000000001";
constexpr std::string_view demo_k = "465b5ce8b199b49faa5f0a2ee238a6bc";
constexpr std::string_view demo_opc = "cd63cb71954a9f4e48a5994e37a02baf";

class demo_run {
 public:
  /// Runs `step`, prints its outcome and time, and remembers a failure.
  void check(std::string_view what,
             const std::function<expected<std::string, std::string>()>& step) {
    const auto start = std::chrono::steady_clock::now();
    auto result = step();
    const auto micros =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    total_micros_ += micros;
    ++checks_;
    if (result) {
      fmt::print("  ok    {:<58} {:>8.1f} us  {}\n", what, micros, *result);
    } else {
      ++failures_;
      fmt::print("  FAIL  {:<58} {:>8.1f} us  {}\n", what, micros, result.error());
    }
  }

  int finish() const {
    fmt::print("\n{} of {} checks passed; cryptography took {:.0f} us in all.\n",
               checks_ - failures_, checks_, total_micros_);
    return failures_ == 0 ? 0 : 1;
  }

 private:
  int checks_ = 0;
  int failures_ = 0;
  double total_micros_ = 0;
};

std::string err(crypto_error e) {
  return std::string(to_string(e));
}
std::string shorten(byte_span b) {
  return to_hex(b.first(std::min<std::size_t>(b.size(), 8))) + "...";
}

}  // namespace

int demo_command() {
  fmt::print(
      "Glasscore demo: the security of one 5G registration, UE and home network side by side.\n"
      "This build has the 5G security suite only; the network functions (AMF, AUSF, UDM,\n"
      "SMF, UPF...) and the gNB/UE simulator are not built yet (README, 'Status').\n\n");
  demo_run run;
  const auto k = from_hex(demo_k).value();
  const auto opc = from_hex(demo_opc).value();
  const std::string sn_name = serving_network_name("001", "01").value();
  const milenage usim = milenage::create(k, opc).value();  // the UE's USIM
  const milenage arpf = milenage::create(k, opc).value();  // the UDM's ARPF

  fmt::print("1. SUCI: the UE hides its SUPI {} from everyone but its home network\n", demo_supi);
  struct profile_case {
    ecies_profile profile;
    protection_scheme scheme;
    std::string_view name;
  };
  for (const profile_case& c :
       {profile_case{ecies_profile::a, protection_scheme::profile_a, "Profile A (X25519)"},
        profile_case{ecies_profile::b, protection_scheme::profile_b, "Profile B (P-256)"}}) {
    const auto profile = c.profile;
    const auto hn_private = ecies_generate_private_key(profile);
    const auto hn_public = hn_private.and_then(
        [&](const auto& key) { return ecies_public_key(profile, key, point_format::compressed); });
    suci concealed;
    run.check(fmt::format("UE conceals with {}", c.name),
              [&]() -> expected<std::string, std::string> {
                if (!hn_public) {
                  return fail(err(hn_public.error()));
                }
                auto s = conceal(demo_supi, 2, "0", c.scheme, 1, *hn_public);
                if (!s) {
                  return fail(err(s.error()));
                }
                concealed = *s;
                return format_suci(*s).value_or("?").substr(0, 40) + "...";
              });
    run.check(fmt::format("home network de-conceals {}", c.name),
              [&]() -> expected<std::string, std::string> {
                auto supi = deconceal(
                    concealed, [&](protection_scheme, std::uint8_t id) -> std::optional<byte_span> {
                      return id == 1 ? std::optional<byte_span>(*hn_private) : std::nullopt;
                    });
                if (!supi) {
                  return fail(err(supi.error()));
                }
                return *supi == demo_supi ? expected<std::string, std::string>(*supi)
                                          : fail(std::string("wrong SUPI"));
              });
  }

  fmt::print("\n2. 5G AKA (TS 33.501 §6.1.3.2): the network proves itself, then the UE does\n");
  const auto rand = from_hex("23553cbe9637a89d218ae64dae47bf35").value();
  const auto sqn = from_hex("000000000021").value();
  const auto amf_field = from_hex("8000").value();
  he_auth_vector av;
  res_star128 hxres_star{};
  run.check("UDM generates RAND, AUTN, XRES*, KAUSF", [&]() -> expected<std::string, std::string> {
    auto v = generate_he_auth_vector(arpf, rand, sqn, amf_field, sn_name);
    if (!v) {
      return fail(err(v.error()));
    }
    av = *v;
    return "AUTN " + to_hex(av.autn);
  });
  run.check("AUSF stores HXRES* and sends RAND, AUTN", [&]() -> expected<std::string, std::string> {
    auto h = derive_hres_star(av.rand, av.xres_star);
    if (!h) {
      return fail(err(h.error()));
    }
    hxres_star = *h;
    return "HXRES* " + to_hex(hxres_star);
  });
  autn_contents opened;
  res_star128 res_star{};
  run.check("USIM verifies MAC-A in AUTN and answers RES*",
            [&]() -> expected<std::string, std::string> {
              auto o = open_autn(usim, av.rand, av.autn);
              if (!o) {
                return fail(err(o.error()));
              }
              opened = *o;
              auto r = derive_res_star(o->keys.ck, o->keys.ik, sn_name, av.rand, o->keys.res);
              if (!r) {
                return fail(err(r.error()));
              }
              res_star = *r;
              return "RES* " + to_hex(res_star);
            });
  run.check("AMF checks HRES* = HXRES*, AUSF checks RES* = XRES*",
            [&]() -> expected<std::string, std::string> {
              auto hres = derive_hres_star(av.rand, res_star);
              if (!hres || *hres != hxres_star || res_star != av.xres_star) {
                return fail(std::string("mismatch"));
              }
              return std::string("UE authenticated");
            });

  fmt::print("\n3. Key hierarchy (TS 33.501 Annex A), derived independently by UE and network\n");
  key256 kamf_network{};
  key256 kamf_ue{};
  run.check("KSEAF and KAMF agree on both sides", [&]() -> expected<std::string, std::string> {
    auto net = derive_kseaf(av.kausf, sn_name).and_then([&](const key256& kseaf) {
      return derive_kamf(kseaf, demo_supi, std::vector<std::uint8_t>{0x00, 0x00});
    });
    auto ue_kausf =
        derive_kausf(opened.keys.ck, opened.keys.ik, sn_name, byte_span(av.autn).first(6));
    auto ue = ue_kausf.and_then([&](const key256& kausf) { return derive_kseaf(kausf, sn_name); })
                  .and_then([&](const key256& kseaf) {
                    return derive_kamf(kseaf, demo_supi, std::vector<std::uint8_t>{0x00, 0x00});
                  });
    if (!net || !ue || *net != *ue) {
      return fail(std::string("KAMF differs"));
    }
    kamf_network = *net;
    kamf_ue = *ue;
    return "KAMF " + shorten(kamf_network);
  });
  run.check("KgNB for the gNB and the first NH", [&]() -> expected<std::string, std::string> {
    auto kgnb = derive_kgnb(kamf_network, 0, access_type::three_gpp);
    auto nh = kgnb.and_then([&](const key256& key) { return derive_nh(kamf_network, key); });
    if (!nh) {
      return fail(err(nh.error()));
    }
    return "KgNB " + shorten(*kgnb) + " NH " + shorten(*nh);
  });

  fmt::print("\n4. NAS security: each algorithm pair protects a message the other side checks\n");
  const std::vector<std::uint8_t> nas_message = {0x7e, 0x00, 0x43};  // Registration Complete
  for (std::uint8_t alg = 1; alg <= 3; ++alg) {
    run.check(fmt::format("NEA{0}/NIA{0}: protect, verify, decipher, reject tampering", alg),
              [&]() -> expected<std::string, std::string> {
                auto ue_int = derive_algorithm_key(kamf_ue, algorithm_type::nas_int, alg);
                auto ue_enc = derive_algorithm_key(kamf_ue, algorithm_type::nas_enc, alg);
                auto amf_int = derive_algorithm_key(kamf_network, algorithm_type::nas_int, alg);
                auto amf_enc = derive_algorithm_key(kamf_network, algorithm_type::nas_enc, alg);
                if (!ue_int || !ue_enc || !amf_int || !amf_enc) {
                  return fail(std::string("key derivation failed"));
                }
                const algorithm_input in{0, 1, direction::uplink};  // COUNT 0, 3GPP access
                std::vector<std::uint8_t> sealed = {0x00};          // sequence number
                sealed.insert(sealed.end(), nas_message.begin(), nas_message.end());
                auto ok = cipher(static_cast<cipher_algorithm>(alg), *ue_enc, in,
                                 mutable_byte_span(sealed).subspan(1), nas_message.size() * 8);
                auto mac = integrity(static_cast<integrity_algorithm>(alg), *ue_int, in, sealed,
                                     sealed.size() * 8);
                auto check = integrity(static_cast<integrity_algorithm>(alg), *amf_int, in, sealed,
                                       sealed.size() * 8);
                if (!ok || !mac || !check || *mac != *check) {
                  return fail(std::string("MAC does not verify"));
                }
                sealed.back() ^= 0x01;
                if (integrity(static_cast<integrity_algorithm>(alg), *amf_int, in, sealed,
                              sealed.size() * 8) == *mac) {
                  return fail(std::string("tampered message accepted"));
                }
                sealed.back() ^= 0x01;
                if (!cipher(static_cast<cipher_algorithm>(alg), *amf_enc, in,
                            mutable_byte_span(sealed).subspan(1), nas_message.size() * 8) ||
                    !std::equal(nas_message.begin(), nas_message.end(), sealed.begin() + 1)) {
                  return fail(std::string("deciphering failed"));
                }
                return "NAS-MAC " + to_hex(*mac);
              });
  }
  return run.finish();
}

}  // namespace glasscore::app
