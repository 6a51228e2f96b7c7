#pragma once
// For the SMF's N4 tests against the UPF's real N4 handler: a data path stand-in that
// records the rules the handler installs.
#include <map>
#include <string_view>

#include "glasscore/pfcp/node.h"
#include "glasscore/transport/socket_address.h"
#include "n4_handler.h"

namespace glasscore::smf::test {

// What the data path would be told; `refuse` makes every installation fail (the handler
// then refuses the establishment), `reported` is the usage each removal reports.
class recording_sink final : public upf::n4::rules_sink {
 public:
  std::map<std::uint64_t, upf::session_rules> sessions;
  bool refuse = false;
  upf::session_counters reported{10, 1000, 20, 2000, 0, 0, 0};

  expected<void, upf::datapath_error> install(const upf::session_rules& r) override {
    if (refuse) {
      return fail(upf::datapath_error::invalid_rules);
    }
    sessions[static_cast<std::uint64_t>(r.seid)] = r;
    return {};
  }
  expected<void, upf::datapath_error> modify(const upf::session_rules& r, bool) override {
    sessions[static_cast<std::uint64_t>(r.seid)] = r;
    return {};
  }
  expected<upf::session_counters, upf::datapath_error> remove(pfcp_seid seid) override {
    if (sessions.erase(static_cast<std::uint64_t>(seid)) == 0) {
      return fail(upf::datapath_error::unknown_seid);
    }
    return reported;
  }
  std::optional<upf::session_counters> counters(pfcp_seid) const override {
    return upf::session_counters{};
  }
};

inline transport::socket_address addr(std::string_view ip) {
  return transport::socket_address::parse(ip, pfcp::pfcp_port).value();
}

}  // namespace glasscore::smf::test
