// The scripted network of the simulator tests (see scripted_network.h).
#include "scripted_network.h"

#include <type_traits>
#include <utility>
#include <variant>

#include "glasscore/core/hex.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "glasscore/crypto/suci.h"

namespace glasscore::sim::test {

namespace {

// TS 35.207 test set 1: every scripted subscriber shares these keys.
const crypto::key128 test_k = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                               0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
const crypto::key128 test_opc = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                                 0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};

std::string sn_name() {
  return crypto::serving_network_name("001", "01").value();
}

std::vector<std::uint8_t> encode_nas(const nas::gmm_message& m) {
  byte_writer w;
  if (!nas::encode_gmm(m, w)) {
    return {};
  }
  return w.release();
}

nas::registration_reject reject_with(nas::gmm_cause cause,
                                     std::optional<nas::gprs_timer_2> t3346 = {}) {
  nas::registration_reject r;
  r.cause.value = cause;
  r.t3346_value = t3346;
  return r;
}

}  // namespace

class scripted_network::association final : public gnb_notifier {
 public:
  explicit association(scripted_network& net) : net_(net) {}
  void on_ngap_send(std::uint16_t stream, std::vector<std::uint8_t> pdu) override {
    // Posted, as a socket would deliver it: no re-entrant calls between gNB and network.
    auto deliver = [this, stream, bytes = std::move(pdu)]() mutable {
      net_.handle(*this, stream, std::move(bytes));
    };
    if (net_.script.uplink_delay.count() > 0) {
      (void)net_.loop_.schedule_after(net_.script.uplink_delay, std::move(deliver));
    } else {
      net_.loop_.post(std::move(deliver));
    }
  }
  gnb& cell() { return *cell_; }
  void attach(std::unique_ptr<gnb> cell) { cell_ = std::move(cell); }

 private:
  scripted_network& net_;
  std::unique_ptr<gnb> cell_;
};

scripted_network::scripted_network(async::manual_loop& loop) : loop_(loop) {
  private_a_ = crypto::ecies_generate_private_key(crypto::ecies_profile::a).value();
  private_b_ = crypto::ecies_generate_private_key(crypto::ecies_profile::b).value();
  public_a_ = crypto::ecies_public_key(crypto::ecies_profile::a, private_a_).value();
  public_b_ = crypto::ecies_public_key(crypto::ecies_profile::b, private_b_).value();
}

scripted_network::~scripted_network() = default;

const std::vector<std::uint8_t>& scripted_network::hn_public_key(
    crypto::protection_scheme s) const {
  if (s == crypto::protection_scheme::profile_a) {
    return public_a_;
  }
  if (s == crypto::protection_scheme::profile_b) {
    return public_b_;
  }
  return no_key_;
}

usim_config scripted_network::add_subscriber(const std::string& supi,
                                             crypto::protection_scheme scheme) {
  auto ue = std::make_unique<network_ue>();
  ue->supi = supi;
  ue->k = test_k;
  ue->opc = test_opc;
  subscribers_[supi] = std::move(ue);
  usim_config c;
  c.supi = supi;
  c.k = test_k;
  c.opc = test_opc;
  c.scheme = scheme;
  c.hn_public_key_id = scheme == crypto::protection_scheme::null_scheme ? 0 : 1;
  c.hn_public_key = hn_public_key(scheme);
  return c;
}

gnb& scripted_network::add_gnb(gnb_config config) {
  auto& a = associations_.emplace_back(std::make_unique<association>(*this));
  a->attach(std::make_unique<gnb>(std::move(config), *a, loop_));
  return a->cell();
}

void scripted_network::send_ngap(gnb& cell, const ngap::ngap_pdu& pdu) {
  auto bytes = ngap::encode(pdu);
  if (!bytes) {
    return;
  }
  loop_.post([&cell, b = std::move(*bytes)] { cell.handle_ngap(1, b); });
}

void scripted_network::handle(association& a, std::uint16_t stream,
                              std::vector<std::uint8_t> bytes) {
  auto decoded = ngap::decode<ngap::ngap_pdu>(bytes);
  if (!decoded) {
    ++error_indications_;
    return;
  }
  const auto& pdu = decoded->value;
  if (ngap::message_of<ngap::ng_setup_request>(pdu) != nullptr) {
    ++ng_setups_;
    if (script.ng_setup_failure_wait) {
      const auto wait = *script.ng_setup_failure_wait;
      script.ng_setup_failure_wait.reset();
      send_ngap(a.cell(),
                ngap::build_ng_setup_failure(
                    ngap::make_cause(ngap::cause_misc::control_processing_overload), wait));
      return;
    }
    ngap::amf_identity amf;
    amf.name = "scripted-amf";
    const auto plmn = ngap::make_plmn("001", "01").value();
    amf.guamis.push_back(ngap::make_guami(plmn, 0xca, 1, 1));
    amf.plmn = plmn;
    amf.slices.push_back(ngap::make_s_nssai(1));
    send_ngap(a.cell(), ngap::build_ng_setup_response(amf));
  } else if (const auto* init = ngap::message_of<ngap::initial_ue_message>(pdu)) {
    ue_streams_.push_back(stream);
    on_initial_ue_message(a, *init);
  } else if (const auto* ul = ngap::message_of<ngap::uplink_nas_transport>(pdu)) {
    ue_streams_.push_back(stream);
    on_uplink_nas(glasscore::amf_ue_ngap_id{ul->amf_ue_ngap_id}, ul->nas_pdu);
  } else if (ngap::message_of<ngap::initial_context_setup_response>(pdu) != nullptr) {
    ++ics_responses_;
  } else if (const auto* done = ngap::message_of<ngap::ue_context_release_complete>(pdu)) {
    ++release_completes_;
    connections_.erase(done->amf_ue_ngap_id);
  } else if (ngap::message_of<ngap::error_indication>(pdu) != nullptr) {
    ++error_indications_;
  }
}

network_ue* scripted_network::find_by_guti(std::uint32_t tmsi) {
  for (auto& [supi, ue] : subscribers_) {
    if (ue->guti && ue->guti->tmsi == tmsi) {
      return ue.get();
    }
  }
  return nullptr;
}

std::optional<glasscore::amf_ue_ngap_id> scripted_network::connection_of(
    const network_ue& ue) const {
  for (const auto& [id, c] : connections_) {
    if (c.ue == &ue) {
      return glasscore::amf_ue_ngap_id{id};
    }
  }
  return std::nullopt;
}

void scripted_network::on_initial_ue_message(association& a, const ngap::initial_ue_message& m) {
  const glasscore::amf_ue_ngap_id id{next_amf_id_++};
  auto& c = connections_[value_of(id)];
  c.cell = &a.cell();
  c.ran = glasscore::ran_ue_ngap_id{m.ran_ue_ngap_id};
  initial_ids_.emplace_back(&a.cell(), m.ran_ue_ngap_id);
  if (m.five_g_s_tmsi) {
    const auto& t = m.five_g_s_tmsi->five_g_tmsi;
    c.ue = find_by_guti(load_be32(t.data()));
    if (c.ue != nullptr) {
      c.ue->initial_ue_message_had_s_tmsi = true;
    }
  }
  on_uplink_nas(id, m.nas_pdu);
}

void scripted_network::on_uplink_nas(glasscore::amf_ue_ngap_id id, byte_span bytes) {
  auto it = connections_.find(value_of(id));
  if (it == connections_.end()) {
    return;
  }
  network_ue* ue = it->second.ue;
  auto header = nas::peek_security_header(bytes);
  if (!header) {
    return;
  }
  std::vector<std::uint8_t> plain;
  bool was_protected = false;
  if (*header == nas::security_header_type::plain) {
    plain.assign(bytes.begin(), bytes.end());
  } else {
    if (ue == nullptr && *header == nas::security_header_type::integrity_protected) {
      // A protected initial Registration Request without 5G-S-TMSI: find the UE by the
      // GUTI in its cleartext part.
      auto parts = nas::protected_pdu::parse(bytes);
      auto inner = parts ? nas::decode_gmm(parts->message)
                         : decltype(nas::decode_gmm(bytes))(fail(nas::nas_error::truncated));
      if (inner) {
        if (const auto* r = std::get_if<nas::registration_request>(&*inner)) {
          if (const auto* g = std::get_if<nas::guti_5g>(&r->mobile_identity.value)) {
            ue = it->second.ue = find_by_guti(g->tmsi);
          }
        }
      }
    }
    if (ue == nullptr || !ue->nas_ctx) {
      return;
    }
    auto opened = ue->nas_ctx->unprotect(bytes, crypto::direction::uplink);
    if (!opened) {
      ++ue->uplink_integrity_failures;
      return;
    }
    plain = std::move(*opened);
    was_protected = true;
  }
  auto message = nas::decode_gmm(plain);
  if (!message) {
    return;
  }
  if (const auto* r = std::get_if<nas::registration_request>(&*message)) {
    on_registration_request(id, ue, *r, was_protected);
    if (auto* known = connections_[value_of(id)].ue) {
      known->uplink_types.push_back(nas::type_of(*message));
      known->uplink_pdus.emplace_back(bytes.begin(), bytes.end());
    }
    return;
  }
  if (ue == nullptr) {
    return;
  }
  ue->uplink_types.push_back(nas::type_of(*message));
  ue->uplink_pdus.emplace_back(bytes.begin(), bytes.end());
  std::visit(
      [&](const auto& m) {
        using t = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<t, nas::authentication_response>) {
          if (!m.res_star || m.res_star->value != ue->xres_star) {
            send_nas(id, nas::authentication_reject{}, false);
            return;
          }
          auto kseaf = crypto::derive_kseaf(ue->kausf, sn_name());
          const std::vector<std::uint8_t> abba{0x00, 0x00};
          ue->kamf = crypto::derive_kamf(kseaf.value(), ue->supi, abba).value();
          send_smc(id);
        } else if constexpr (std::is_same_v<t, nas::authentication_failure>) {
          ue->auth_failure_cause = m.cause.value;
          if (script.ignore_authentication_failure) {
            return;
          }
          if (m.cause.value == nas::gmm_cause::synch_failure && m.auts && ue->rand) {
            const auto mil = crypto::milenage::create(ue->k, ue->opc).value();
            auto sqn_ms = crypto::sqn_ms_from_auts(mil, *ue->rand, m.auts->value);
            if (sqn_ms) {
              // TS 33.102 §6.3.5: the HE resets SQN_HE to SQN_MS and sends a fresh vector.
              ue->resync_sqn_ms = *sqn_ms;
              ue->sqn = sqn_to_u64(*sqn_ms);
              start_authentication(id);
              return;
            }
          }
          send_nas(id, nas::authentication_reject{}, false);
        } else if constexpr (std::is_same_v<t, nas::security_mode_complete>) {
          ue->imeisv = m.imeisv;
          if (m.nas_message_container) {
            auto inner = nas::decode_gmm(m.nas_message_container->value);
            if (inner && std::holds_alternative<nas::registration_request>(*inner)) {
              ue->smc_container = std::get<nas::registration_request>(*inner);
            }
          }
          accept_registration(id);
        } else if constexpr (std::is_same_v<t, nas::security_mode_reject>) {
          ue->smc_reject_cause = m.cause.value;
          ue->nas_ctx.reset();
        } else if constexpr (std::is_same_v<t, nas::registration_complete>) {
          ++ue->registrations_completed;
          if (script.release_after_registration) {
            release(id);
          }
        } else if constexpr (std::is_same_v<t, nas::deregistration_request_ue_originating>) {
          ++ue->deregistrations;
          if (script.ignore_deregistration) {
            return;
          }
          if (!m.deregistration.switch_off) {
            send_nas(id, nas::deregistration_accept_ue_originating{}, true);
          }
          release(id);
        } else if constexpr (std::is_same_v<t, nas::deregistration_accept_ue_terminated>) {
          ++ue->dereg_accepts_from_ue;
          release(id);
        }
      },
      *message);
}

void scripted_network::on_registration_request(glasscore::amf_ue_ngap_id id, network_ue* known,
                                               const nas::registration_request& r,
                                               bool was_protected) {
  network_ue* ue = known;
  const auto type = r.mobile_identity.type();
  if (const auto* s = std::get_if<crypto::suci>(&r.mobile_identity.value)) {
    auto supi = crypto::deconceal(
        *s,
        [this](crypto::protection_scheme scheme, std::uint8_t key_id) -> std::optional<byte_span> {
          if (key_id != 1) {
            return std::nullopt;
          }
          return scheme == crypto::protection_scheme::profile_a ? byte_span(private_a_)
                                                                : byte_span(private_b_);
        },
        crypto::null_scheme_policy::allow);
    if (supi && subscribers_.contains(*supi)) {
      ue = subscribers_.at(*supi).get();
      ue->suci_scheme = s->scheme;
    }
  } else if (const auto* g = std::get_if<nas::guti_5g>(&r.mobile_identity.value)) {
    ue = find_by_guti(g->tmsi);
  }
  if (ue == nullptr) {
    send_nas_bytes(id, encode_nas(reject_with(nas::gmm_cause::ue_identity_cannot_be_derived)));
    return;
  }
  connections_[value_of(id)].ue = ue;
  ue->registration_identity = type;
  ue->protected_registration_verified = false;
  if (was_protected && r.nas_message_container && ue->kamf) {
    // §4.4.6: the container's value is ciphered with the current context and the COUNT of
    // the message carrying it.
    auto k_enc = crypto::derive_algorithm_key(*ue->kamf, crypto::algorithm_type::nas_enc,
                                              static_cast<std::uint8_t>(ue->nas_ctx->ciphering()));
    auto inner = r.nas_message_container->value;
    const crypto::algorithm_input in{ue->nas_ctx->count(crypto::direction::uplink).value(), 1,
                                     crypto::direction::uplink};
    if (k_enc && crypto::cipher(ue->nas_ctx->ciphering(), *k_enc, in, inner, inner.size() * 8)) {
      auto full = nas::decode_gmm(inner);
      ue->protected_registration_verified =
          full && std::holds_alternative<nas::registration_request>(*full);
    }
  }
  if (script.reject_cause) {
    send_nas_bytes(id, encode_nas(reject_with(*script.reject_cause, script.reject_t3346)));
    return;
  }
  start_authentication(id);
}

void scripted_network::start_authentication(glasscore::amf_ue_ngap_id id) {
  network_ue* ue = connections_.at(value_of(id)).ue;
  // TS 33.102 C.3.2: the UDM steps SEQ by one and uses IND 0.
  ue->sqn += std::uint64_t{1} << usim_ind_bits;
  crypto::rand128 rand{};
  for (std::size_t i = 0; i < rand.size(); ++i) {
    rand[i] = static_cast<std::uint8_t>(ue->sqn * 7 + i * 13 + ue->supi.size());
  }
  const auto mil = crypto::milenage::create(ue->k, ue->opc).value();
  const auto av =
      crypto::generate_he_auth_vector(mil, rand, sqn_from_u64(ue->sqn), script.amf_field, sn_name())
          .value();
  ue->rand = rand;
  ue->xres_star = av.xres_star;
  ue->kausf = av.kausf;
  ue->ksi = static_cast<std::uint8_t>((ue->ksi + 1) % 7);
  nas::authentication_request req;
  req.ng_ksi.ksi = ue->ksi;
  req.abba = nas::octet_string{{0x00, 0x00}};
  req.rand = nas::fixed_octets<16>{av.rand};
  req.autn = nas::fixed_octets<16>{av.autn};
  send_nas(id, req, ue->nas_ctx.has_value());
}

void scripted_network::send_smc(glasscore::amf_ue_ngap_id id) {
  network_ue* ue = connections_.at(value_of(id)).ue;
  const auto& algs = script.algorithms;
  auto k_int =
      crypto::derive_algorithm_key(*ue->kamf, crypto::algorithm_type::nas_int, algs.integrity);
  auto k_enc =
      crypto::derive_algorithm_key(*ue->kamf, crypto::algorithm_type::nas_enc, algs.ciphering);
  ue->nas_ctx.emplace(k_int.value(), k_enc.value(),
                      static_cast<crypto::integrity_algorithm>(algs.integrity),
                      static_cast<crypto::cipher_algorithm>(algs.ciphering));
  nas::security_mode_command smc;
  smc.algorithms = algs;
  smc.ng_ksi.ksi = ue->ksi;
  // The replayed capabilities are the ones the UE sent (default UE: 5G-EA0-3, 5G-IA0-3).
  smc.replayed_ue_security_capability = nas::ue_security_capability{0xf0, 0xf0, {}, {}, {}};
  if (script.corrupt_replayed_capability) {
    smc.replayed_ue_security_capability.nr_ea = 0x70;  // NEA0 "not supported": bidding down
  }
  if (script.request_imeisv) {
    smc.imeisv_request = nas::nibble_value{1};
  }
  if (script.set_rinmr) {
    smc.additional_security_information = nas::octet_value{0x02};
  }
  // §4.4.6: integrity protected with the new context, not ciphered (header type 3).
  auto sealed = ue->nas_ctx->protect(encode_nas(smc), crypto::direction::downlink, false, true);
  send_nas_bytes(id, sealed.value());
}

void scripted_network::accept_registration(glasscore::amf_ue_ngap_id id) {
  const auto& c = connections_.at(value_of(id));
  network_ue* ue = c.ue;
  ue->guti = nas::guti_5g{nas::plmn_id{"001", "01"}, 0xca, 1, 1, next_tmsi_++};
  nas::registration_accept accept;
  accept.result.access = 1;
  accept.guti = nas::mobile_identity{*ue->guti};
  nas::tai_list tais;
  tais.lists.push_back(
      {nas::tai_list::list_type::tacs_one_plmn, nas::plmn_id{"001", "01"}, {1}, 0, {}});
  accept.tai_list = tais;
  accept.allowed_nssai = nas::nssai{{nas::s_nssai{1, std::nullopt, {}, {}}}};
  accept.t3512_value = nas::gprs_timer_3::from_seconds(script.t3512_seconds);
  auto sealed = ue->nas_ctx->protect(encode_nas(accept), crypto::direction::downlink, true).value();
  if (script.tamper_registration_accept > 0) {
    --script.tamper_registration_accept;
    sealed[3] ^= 0x40;
  }
  // TS 33.501 A.9: KgNB from KAMF and the uplink NAS COUNT (of the Security Mode Complete).
  ue->kgnb = crypto::derive_kgnb(*ue->kamf, ue->nas_ctx->count(crypto::direction::uplink).value(),
                                 crypto::access_type::three_gpp)
                 .value();
  ngap::ue_context_setup setup;
  setup.serving_guami = ngap::make_guami(ngap::make_plmn("001", "01").value(), 0xca, 1, 1);
  setup.allowed_nssai.push_back(ngap::make_s_nssai(1));
  setup.kgnb = *ue->kgnb;
  setup.nas = std::move(sealed);
  send_ngap(*c.cell, ngap::build_initial_context_setup_request({id, c.ran}, setup));
}

void scripted_network::send_nas(glasscore::amf_ue_ngap_id id, const nas::gmm_message& m,
                                bool protect) {
  network_ue* ue = connections_.at(value_of(id)).ue;
  auto plain = encode_nas(m);
  if (protect && ue != nullptr && ue->nas_ctx) {
    send_nas_bytes(id, ue->nas_ctx->protect(plain, crypto::direction::downlink, true).value());
    return;
  }
  send_nas_bytes(id, std::move(plain));
}

void scripted_network::send_nas_bytes(glasscore::amf_ue_ngap_id id, std::vector<std::uint8_t> nas) {
  const auto& c = connections_.at(value_of(id));
  send_ngap(*c.cell, ngap::build_downlink_nas_transport({id, c.ran}, nas));
}

void scripted_network::release(glasscore::amf_ue_ngap_id id) {
  const auto& c = connections_.at(value_of(id));
  send_ngap(*c.cell, ngap::build_ue_context_release_command(
                         {id, c.ran}, ngap::make_cause(ngap::cause_nas::normal_release)));
}

void scripted_network::deregister(const std::string& supi, bool reregistration_required,
                                  std::optional<nas::gmm_cause> cause) {
  auto& u = ue(supi);
  auto id = connection_of(u);
  if (!id) {
    return;
  }
  nas::deregistration_request_ue_terminated m;
  m.deregistration.access_type = 1;
  m.deregistration.reregistration_required = reregistration_required;
  if (cause) {
    m.cause = nas::gmm_cause_ie{*cause};
  }
  send_nas(*id, m, true);
}

void scripted_network::configuration_update(const std::string& supi) {
  auto& u = ue(supi);
  auto id = connection_of(u);
  if (!id) {
    return;
  }
  u.guti = nas::guti_5g{nas::plmn_id{"001", "01"}, 0xca, 1, 1, next_tmsi_++};
  nas::configuration_update_command m;
  m.update_indication = nas::nibble_value{0x01};
  m.guti = nas::mobile_identity{*u.guti};
  send_nas(*id, m, true);
}

void scripted_network::send_raw_nas(const std::string& supi, std::vector<std::uint8_t> nas) {
  auto id = connection_of(ue(supi));
  if (id) {
    send_nas_bytes(*id, std::move(nas));
  }
}

}  // namespace glasscore::sim::test
