#pragma once
// An SMF for AMF tests: records every Nsmf_PDUSession request the AMF makes and answers as
// told (a reference per created context, or a failure; N1/N2 to give back on update).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "amf/sbi/session_management.h"

namespace glasscore::amf::test {

class fake_session_management final : public session_management {
 public:
  // Answer switches.
  std::optional<sm_failure> create_failure;
  std::optional<sm_failure> update_failure;
  std::optional<sm_failure> release_failure;
  sm_context_updated update_answer;  ///< given back by every successful update

  std::vector<sm_context_create> creates;
  std::vector<std::pair<std::string, sm_context_update>> updates;
  std::vector<std::string> releases;

  async::task<expected<sm_context_created, sm_failure>> create_sm_context(
      sm_context_create request) override {
    creates.push_back(std::move(request));
    if (create_failure) {
      co_return fail(*create_failure);
    }
    co_return sm_context_created{"sm-" + std::to_string(creates.size())};
  }
  async::task<expected<sm_context_updated, sm_failure>> update_sm_context(
      std::string ref, sm_context_update update) override {
    updates.emplace_back(std::move(ref), std::move(update));
    if (update_failure) {
      co_return fail(*update_failure);
    }
    co_return update_answer;
  }
  async::task<expected<void, sm_failure>> release_sm_context(std::string ref) override {
    releases.push_back(std::move(ref));
    if (release_failure) {
      co_return fail(*release_failure);
    }
    co_return expected<void, sm_failure>{};
  }
};

}  // namespace glasscore::amf::test
