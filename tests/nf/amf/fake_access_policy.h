#pragma once
// A PCF for AMF tests: records the AM policy associations the AMF creates and deletes,
// answers with a configurable RFSP index, and can fail like an unreachable PCF.

#include <optional>
#include <string>
#include <vector>

#include "amf/sbi/access_policy.h"

namespace glasscore::amf::test {

class fake_access_policy final : public access_policy {
 public:
  std::optional<home_network_error> create_error;
  std::optional<std::uint16_t> rfsp;
  std::vector<am_policy_request> requests;
  std::vector<std::string> live;     ///< associations created and not deleted
  std::vector<std::string> deleted;  ///< in order

  async::task<expected<am_policy, home_network_error>> create_association(
      am_policy_request request) override {
    requests.push_back(std::move(request));
    if (create_error) {
      co_return fail(*create_error);
    }
    am_policy policy{"pa-" + std::to_string(requests.size()), rfsp};
    live.push_back(policy.association_id);
    co_return policy;
  }

  async::task<expected<void, home_network_error>> delete_association(
      std::string association_id) override {
    deleted.push_back(association_id);
    if (std::erase(live, association_id) == 0) {
      co_return fail(home_network_error::user_not_found);  // 404 CONTEXT_NOT_FOUND
    }
    co_return expected<void, home_network_error>{};
  }
};

}  // namespace glasscore::amf::test
