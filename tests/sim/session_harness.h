// The 5GSM tests' harness: a UE wired to a gNB of the scripted network (like sim_ue, but
// recording session events), registered with the network's NAS security context, plus the
// network's 5GSM side written by hand with the NAS codec: a copy of the network's context
// opens every uplink NAS PDU the UE sends after registration, and downlink 5GSM messages
// are protected with the network's own context and sent in DL NAS TRANSPORT.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fixture.h"
#include "glasscore/codec/nas/messages_5gsm.h"

namespace glasscore::sim::test {

class session_ue final : public ue_nas_notifier, public gnb_ue_link {
 public:
  session_ue(usim card, ue_nas_config config, gnb& cell, async::timer_service& timers)
      : card_(std::move(card)), cell_(cell), nas_(std::move(config), card_, *this, timers) {}
  ~session_ue() override { cell_.detach(*this); }
  session_ue(const session_ue&) = delete;
  session_ue& operator=(const session_ue&) = delete;

  void on_uplink_nas(uplink_nas message) override { (void)cell_.handle_uplink_nas(*this, message); }
  void on_ue_event(const ue_event& e) override { events.push_back(e.type); }
  void on_session_event(const session_event& e) override { session_events.push_back(e); }
  void on_downlink_nas(byte_span pdu) override { nas_.handle_downlink_nas(pdu); }
  void on_rrc_release() override { nas_.handle_connection_released(); }

  ue_nas& nas() { return nas_; }

  std::vector<ue_event_type> events;
  std::vector<session_event> session_events;

 private:
  usim card_;
  gnb& cell_;
  ue_nas nas_;
};

/// One uplink 5GSM message as the network would read it.
struct uplink_gsm {
  nas::ul_nas_transport transport;
  std::optional<nas::gsm_pdu> gsm;
};

class session_fixture : public sim_fixture {
 protected:
  /// A registered UE whose signalling connection stays up.
  session_ue& registered_ue(const std::string& supi, ue_nas_config config = {}) {
    net.script.release_after_registration = false;
    gnb& cell = cell_ ? *cell_ : (cell_ = &ready_gnb(), *cell_);
    auto card = usim::create(net.add_subscriber(supi, crypto::protection_scheme::null_scheme));
    EXPECT_TRUE(card.has_value());
    auto ue = std::make_unique<session_ue>(std::move(*card), std::move(config), cell, loop);
    auto& ref = *ue;
    session_ues_.push_back(std::move(ue));
    EXPECT_TRUE(ref.nas().start_registration());
    loop.run_pending();
    EXPECT_EQ(ref.nas().state(), gmm_state::registered);
    auto& nu = net.ue(supi);
    shadow_ = *nu.nas_ctx;  // opens what the network opened, in the same order
    seen_ = nu.uplink_pdus.size();
    return ref;
  }

  /// Every uplink NAS message since the last call, opened and decoded.
  std::vector<uplink_gsm> uplink(const std::string& supi) {
    std::vector<uplink_gsm> out;
    auto& pdus = net.ue(supi).uplink_pdus;
    for (; seen_ < pdus.size(); ++seen_) {
      auto plain = shadow_->unprotect(pdus[seen_], crypto::direction::uplink);
      EXPECT_TRUE(plain.has_value());
      if (!plain) {
        continue;
      }
      auto m = nas::decode_gmm(*plain);
      EXPECT_TRUE(m.has_value());
      const auto* ul = m ? std::get_if<nas::ul_nas_transport>(&*m) : nullptr;
      if (ul == nullptr) {
        continue;
      }
      uplink_gsm u{*ul, std::nullopt};
      if (auto g = nas::decode_gsm(ul->payload_container.value)) {
        u.gsm = *g;
      }
      out.push_back(std::move(u));
    }
    return out;
  }

  /// Sends a DL NAS TRANSPORT, protected with the network's context.
  void downlink(const std::string& supi, const nas::dl_nas_transport& m) {
    byte_writer w;
    ASSERT_TRUE(nas::encode_gmm(m, w));
    auto sealed = net.ue(supi).nas_ctx->protect(w.view(), crypto::direction::downlink, true);
    ASSERT_TRUE(sealed.has_value());
    net.send_raw_nas(supi, std::move(*sealed));
    loop.run_pending();
  }

  /// Sends raw 5GSM bytes in a DL NAS TRANSPORT for `psi`.
  void downlink_gsm_bytes(const std::string& supi, std::uint8_t psi,
                          std::vector<std::uint8_t> bytes) {
    nas::dl_nas_transport m;
    m.payload_type.value = nas::payload_type::n1_sm;
    m.payload_container.value = std::move(bytes);
    m.pdu_session_id = nas::octet_value{psi};
    downlink(supi, m);
  }

  void downlink_gsm(const std::string& supi, std::uint8_t psi, std::uint8_t pti,
                    nas::gsm_message body) {
    byte_writer w;
    ASSERT_TRUE(nas::encode_gsm(nas::gsm_pdu{psi, pti, std::move(body)}, w));
    downlink_gsm_bytes(supi, psi, w.release());
  }

  std::optional<nas::security_context> shadow_;
  std::size_t seen_ = 0;
  gnb* cell_ = nullptr;
  std::vector<std::unique_ptr<session_ue>> session_ues_;  // destroyed before the network
};

}  // namespace glasscore::sim::test
