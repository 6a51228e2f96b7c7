#pragma once
// Shared helpers for the store tests: a temporary data directory removed at the end, and a
// subscriber with every field set to a non-default value (so a field lost on the way through
// a backend or the JSON format shows up as a difference).

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "glasscore/store/subscriber.h"

namespace glasscore::store::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class temp_dir {
 public:
  temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        (std::filesystem::path(base != nullptr ? base : "/tmp") / "glasscore-store-XXXXXX")
            .string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed";
    }
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A valid subscriber; `rich` sets every optional part and non-default values.
inline subscriber sample_subscriber(std::string imsi, bool rich = true) {
  subscriber s;
  s.imsi = std::move(imsi);
  for (std::size_t i = 0; i < 16; ++i) {
    s.auth.k[i] = static_cast<std::uint8_t>(0x46 + i);
    s.auth.opc.value[i] = static_cast<std::uint8_t>(0xcd - i);
  }
  slice_subscription slice;
  slice.is_default = true;
  slice.default_dnn = "internet";
  slice.dnns.emplace_back().dnn = "internet";
  s.slices.push_back(slice);
  if (!rich) {
    return s;
  }
  s.msisdn = "4915112345678";
  s.auth.method = auth_method::eap_aka_prime;
  s.auth.opc.kind = operator_key_kind::op;
  s.auth.amf = {0x90, 0x01};
  s.auth.sqn = 0xABCDEF012345;
  s.ue_ambr = {123'456, 654'321};
  slice_subscription second;
  second.nssai = {.sst = 2, .sd = 0x00A0B1};
  second.default_dnn = "ims";
  dnn_subscription& ims = second.dnns.emplace_back();
  ims.dnn = "ims";
  ims.pdu_session_types = {pdu_session_type::ipv4v6, pdu_session_type::ipv6};
  ims.ssc_modes = {ssc_mode::ssc3, ssc_mode::ssc1};
  ims.session_ambr = {1000, 2000};
  ims.default_5qi = 5;
  ims.default_arp = {.priority_level = 1, .may_preempt = true, .preemptable = false};
  dnn_subscription& mec = second.dnns.emplace_back();
  mec.dnn = "mec.example-1";
  mec.pdu_session_types = {pdu_session_type::ethernet};
  mec.ssc_modes = {ssc_mode::ssc2};
  s.slices.push_back(second);
  return s;
}

}  // namespace glasscore::store::test
