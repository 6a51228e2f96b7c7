#pragma once
// Shared pieces of the AMF N2 tests: a configuration, a notifier that records what the AMF
// sends (decoded again, as a gNB would), and a UE side that records what it is told.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "amf/context/served_area.h"
#include "glasscore/codec/ngap/messages.h"
#include "glasscore/config/config.h"

namespace glasscore::amf::test {

// 001/01 with TACs 1 and 2, slices 1 and 1/000001.
inline config::glasscore_config test_config() {
  auto c = config::parse_config(R"(
plmns: [{mcc: "001", mnc: "01"}]
tacs: [1, 2]
slices: [{sst: 1}, {sst: 1, sd: "000001"}]
dnns: [{name: internet, ipv4_pool: 10.45.0.0/16}]
udm: {suci: {allow_null_scheme: true}}
)");
  EXPECT_TRUE(c) << "test configuration must parse";
  if (!c) {
    for (const auto& p : c.error()) {
      ADD_FAILURE() << p.path << ": " << p.message;
    }
  }
  return c.value_or(config::glasscore_config{});
}

inline ngap::plmn_identity plmn(const char* mcc, const char* mnc) {
  return ngap::make_plmn(mcc, mnc).value();
}

inline ngap::plmn_identity home() {
  return plmn("001", "01");
}

}  // namespace glasscore::amf::test
