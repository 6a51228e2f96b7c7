// Shared setup of the simulator tests: a manual loop, the scripted network, gNBs and UEs.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "glasscore/async/manual_loop.h"
#include "glasscore/sim/scenario.h"
#include "scripted_network.h"

namespace glasscore::sim::test {

class sim_fixture : public testing::Test {
 protected:
  /// A gNB of the scripted network that has completed NG Setup.
  gnb& ready_gnb(gnb_config config = {}) {
    gnb& cell = net.add_gnb(std::move(config));
    cell.start();
    loop.run_pending();
    EXPECT_EQ(cell.state(), gnb_state::ready);
    return cell;
  }

  /// A UE provisioned in the network; `tweak` may alter its USIM before creation.
  sim_ue& make_ue(const std::string& supi, gnb& cell,
                  crypto::protection_scheme scheme = crypto::protection_scheme::null_scheme,
                  const std::function<void(usim_config&)>& tweak = {}, ue_nas_config config = {}) {
    auto card_config = net.add_subscriber(supi, scheme);
    if (tweak) {
      tweak(card_config);
    }
    auto card = usim::create(card_config);
    EXPECT_TRUE(card.has_value());
    auto ue =
        std::make_unique<sim_ue>(std::move(*card), std::move(config), cell, loop,
                                 [this](sim_ue& u, const ue_event& e) { events[&u].push_back(e); });
    auto& ref = *ue;
    ues.push_back(std::move(ue));
    return ref;
  }

  /// The events one UE reported, in order.
  std::vector<ue_event_type> event_types(sim_ue& ue) {
    std::vector<ue_event_type> out;
    for (const auto& e : events[&ue]) {
      out.push_back(e.type);
    }
    return out;
  }

  async::manual_loop loop;
  scripted_network net{loop};
  std::map<const sim_ue*, std::vector<ue_event>> events;
  std::vector<std::unique_ptr<sim_ue>> ues;  // after net: destroyed before the gNBs
};

}  // namespace glasscore::sim::test
