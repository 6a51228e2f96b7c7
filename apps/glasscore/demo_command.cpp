// `glasscore demo`: the core and the simulator in one process, end to end, on the embedded
// configuration (DESIGN.md §1): an empty subscriber store is provisioned, the NRF, UDR,
// UDM, AUSF, AMF, PCF, SMF and UPF start and find each other through the NRF, a simulated
// gNB connects over SCTP, and simulated UEs register with each SUCI protection scheme,
// re-register with their 5G-GUTI, establish PDU sessions and ping a host in a data network
// through the UPF, and deregister; a wrong key and an unknown subscriber are refused.
// Every step is checked, and the exit code is 0 only if every check passed.
#include <fmt/core.h>
#include <unistd.h>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "commands.h"
#include "embedded_config.h"
#include "glasscore/async/asio_executor.h"
#include "glasscore/config/config.h"
#include "glasscore/core/log.h"
#include "glasscore/nf/core/core_network.h"
#include "glasscore/sim/data_network.h"
#include "glasscore/sim/home_network_key.h"
#include "glasscore/sim/scenario.h"
#include "glasscore/sim/sctp_gnb.h"
#include "glasscore/store/sqlite_store.h"
#include "glasscore/transport/sctp_isolation.h"

namespace glasscore::app {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// Lab subscriber keys (TS 35.208 test set 1 K, with its OPc), published: they protect nothing.
constexpr crypto::key128 lab_k = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                                  0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
constexpr crypto::key128 lab_opc = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                                    0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
constexpr std::size_t subscribers = 3;

std::string imsi(std::size_t index) {
  return fmt::format("00101{:010}", index + 1);
}

class tally {
 public:
  bool check(bool ok, std::string_view what, std::string_view detail = {}) {
    ++checks_;
    failures_ += ok ? 0 : 1;
    fmt::print("  {}  {:<62} {}\n", ok ? "ok  " : "FAIL", what, detail);
    return ok;
  }
  int finish() const {
    fmt::print("\n{} of {} checks passed.\n", checks_ - failures_, checks_);
    return failures_ == 0 ? 0 : 1;
  }

 private:
  int checks_ = 0;
  int failures_ = 0;
};

class demo_network {
 public:
  explicit demo_network(config::glasscore_config config) : config_(std::move(config)) {}

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
    const auto deadline = clock_type::now() + limit;
    while (!done() && clock_type::now() < deadline) {
      io_.run_one_for(5ms);  // one handler at a time: `done` is seen as soon as it holds
    }
    return done();
  }

  expected<void, std::string> start_core(const std::string& data_dir,
                                         const transport::sctp_options& sctp) {
    core_network::core_options options;
    options.ephemeral_sbi_ports = true;  // never clash with a `glasscore run` on this host
    options.data_directory = data_dir;
    options.n2 = sctp;
    options.n2.local = *transport::socket_address::parse("127.0.0.1", transport::ngap_sctp_port);
    auto started = core_network::core_network::start(io_, config_, options, registry_);
    if (!started) {
      return fail(started.error());
    }
    core_ = std::move(*started);
    return {};
  }

  expected<void, std::string> start_gnb(const transport::sctp_options& sctp) {
    sim::gnb_config g;
    g.name = "demo-gnb";
    g.gnb_id = 0x19;
    auto local = sctp;
    local.local = *transport::socket_address::parse("127.0.0.1", 0);
    auto gnb = sim::sctp_gnb::connect(io_, timers_, g, local, core_->n2_address());
    if (!gnb) {
      return fail(gnb.error());
    }
    gnb_ = std::move(*gnb);
    return {};
  }

  sim::usim_config card(std::size_t index, crypto::protection_scheme scheme) const {
    sim::usim_config c;
    c.supi = "imsi-" + imsi(index);
    c.k = lab_k;
    c.opc = lab_opc;
    c.scheme = scheme;
    // A missing key shows as a failed registration, which the caller checks.
    (void)sim::set_home_network_key(c, config_.udm.home_network_keys);
    return c;
  }

  std::unique_ptr<sim::sim_ue> make_ue(const sim::usim_config& c) {
    auto card = sim::usim::create(c);
    if (!card) {
      return nullptr;
    }
    auto ue = std::make_unique<sim::sim_ue>(std::move(*card), sim::ue_nas_config{}, gnb_->cell(),
                                            timers_, [this](sim::sim_ue&, const sim::ue_event& e) {
                                              last_event_ = e;
                                              seen_.push_back(e.type);
                                            });
    ue->set_session_handler([this](sim::sim_ue& u, const sim::session_event& e) {
      last_session_ = e;
      if (e.type == sim::session_event_type::established && gnb_->user_plane() != nullptr) {
        gnb_->user_plane()->set_ue_address(u, e.pdu_session_id, e.ipv4, e.ipv6_interface_id);
      }
    });
    return ue;
  }

  // Runs one 5GSM procedure until the UE reports its outcome; that and how long it took.
  std::pair<std::optional<sim::session_event>, double> session_procedure(
      const std::function<bool()>& start) {
    last_session_.reset();
    const auto t0 = clock_type::now();
    if (!start()) {
      return {std::nullopt, 0};
    }
    run_until([&] { return last_session_.has_value(); });
    return {last_session_,
            std::chrono::duration<double, std::milli>(clock_type::now() - t0).count()};
  }

  // The gNB's GTP-U side on 127.0.0.1:2152 and a data network namespace with one host.
  expected<void, std::string> start_user_plane() {
    if (core_->upf() == nullptr) {
      return fail("no UPF: " + core_->user_plane_note());
    }
    if (auto up = gnb_->enable_user_plane(io_, {127, 0, 0, 1}); !up) {
      return fail(up.error());
    }
    auto dn = sim::data_network::create({});
    if (!dn) {
      return fail(dn.error());
    }
    dn_ = std::move(*dn);
    return {};
  }

  // Pings the data network's host from each UE's PDU session 1, all at once.
  void ping_all(const std::vector<sim::sim_ue*>& ues, std::uint32_t count) {
    sim::ping_config p;
    p.target_ipv4 = {dn_->host().bytes[0], dn_->host().bytes[1], dn_->host().bytes[2],
                     dn_->host().bytes[3]};
    p.count = count;
    p.interval = 100ms;
    for (auto* ue : ues) {
      (void)gnb_->user_plane()->start_ping(*ue, 1, p);
    }
    run_until([&] { return gnb_->user_plane()->traffic_done(); }, 20s);
  }

  // IPv6 from one UE's PDU session 1: its /64 from the SMF's Router Advertisement (TS
  // 23.501 §5.8.2.2.3), then `count` pings to the data network's IPv6 host.
  bool ping6(sim::sim_ue& ue, std::uint32_t count) {
    auto& up = *gnb_->user_plane();
    const auto* t = up.traffic(ue, 1);
    if (t == nullptr || !run_until([&] { return t->ipv6_prefix.has_value(); })) {
      return false;
    }
    sim::ping_config p;
    p.target_ipv6 = dn_->host6();
    p.count = count;
    p.interval = 100ms;
    const auto received = t->ping.received;
    return up.start_ping(ue, 1, p).has_value() &&
           run_until([&] { return up.traffic_done(); }, 20s) &&
           t->ping.received == received + count;
  }

  // Runs one UE procedure until a UE reports an event (of type `until`, if given); that
  // event and how long it took. seen() lists every event reported meanwhile.
  std::pair<std::optional<sim::ue_event>, double> procedure(
      const std::function<bool()>& start, std::optional<sim::ue_event_type> until = {}) {
    last_event_.reset();
    seen_.clear();
    const auto t0 = clock_type::now();
    if (!start()) {
      return {std::nullopt, 0};
    }
    run_until([&] { return last_event_ && (!until || last_event_->type == *until); });
    return {last_event_, std::chrono::duration<double, std::milli>(clock_type::now() - t0).count()};
  }

  [[nodiscard]] const std::vector<sim::ue_event_type>& seen() const { return seen_; }
  [[nodiscard]] std::string data_network_host() const {
    return dn_ ? dn_->host().to_string() : std::string("none");
  }
  core_network::core_network& core() { return *core_; }
  sim::sctp_gnb& gnb() { return *gnb_; }

  // Stops everything on this thread while the loop can still drain.
  void stop() {
    gnb_.reset();
    dn_.reset();
    if (core_) {
      core_->stop();
      run_until([&] { return !core_->busy(); }, 2s);
    }
    core_.reset();
    io_.run_for(50ms);
  }

 private:
  config::glasscore_config config_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  async::asio_timer_service timers_{io_};
  metrics::registry registry_;
  std::unique_ptr<core_network::core_network> core_;
  std::unique_ptr<sim::sctp_gnb> gnb_;
  std::optional<sim::ue_event> last_event_;
  std::optional<sim::session_event> last_session_;
  std::vector<sim::ue_event_type> seen_;
  std::unique_ptr<sim::data_network> dn_;
};

std::string describe(const std::optional<sim::ue_event>& e) {
  if (!e) {
    return "no answer";
  }
  std::string text(sim::to_string(e->type));
  if (e->cause) {
    text += fmt::format(" (5GMM cause #{})", static_cast<int>(*e->cause));
  }
  return text;
}

std::string describe(const std::optional<sim::session_event>& e) {
  if (!e) {
    return "no answer";
  }
  std::string text(sim::to_string(e->type));
  if (e->gsm_cause) {
    text += fmt::format(" (5GSM cause #{})", static_cast<int>(*e->gsm_cause));
  }
  if (e->gmm_cause) {
    text += fmt::format(" (5GMM cause #{})", static_cast<int>(*e->gmm_cause));
  }
  return text;
}

bool is(const std::optional<sim::ue_event>& e, sim::ue_event_type t) {
  return e && e->type == t;
}

std::string guti_text(const sim::sim_ue& ue) {
  const auto& g = ue.nas().guti();
  return g ? fmt::format("5G-GUTI {}-{}-{:02x}-{:03x}-{:02x}-{:08x}", g->plmn.mcc, g->plmn.mnc,
                         g->amf_region_id, g->amf_set_id, g->amf_pointer, g->tmsi)
           : "no 5G-GUTI";
}

}  // namespace

int demo_command() {
  (void)log::configure("warn");
  fmt::print(
      "Glasscore demo: a 5G core (NRF, UDR, UDM, AUSF, AMF, PCF, SMF, UPF) and a simulated gNB\n"
      "with UEs, in one process, over real SCTP (N2), HTTP/2 (SBI), PFCP (N4) and GTP-U (N3),\n"
      "on the embedded configuration.\n\n");
  tally t;
  auto config = config::parse_config(embedded_config());
  if (!t.check(config.has_value(), "embedded configuration is valid")) {
    return t.finish();
  }
  std::string sctp_how;
  const auto sctp = transport::self_contained_userspace_sctp(sctp_how);
  std::error_code ec;
  const auto data_dir =
      std::filesystem::temp_directory_path() / fmt::format("glasscore-demo-{}", ::getpid());
  std::filesystem::remove_all(data_dir, ec);

  fmt::print("\n1. Subscribers: an empty SQLite store in {}\n", data_dir.string());
  {
    auto db = store::open_sqlite_store(data_dir);
    bool ok = db.has_value();
    for (std::size_t i = 0; ok && i < subscribers; ++i) {
      store::subscriber s;
      s.imsi = imsi(i);
      s.auth.k = lab_k;
      s.auth.opc.value = lab_opc;
      store::slice_subscription slice;
      slice.is_default = true;
      slice.default_dnn = "internet";
      store::dnn_subscription internet;
      internet.dnn = "internet";
      internet.pdu_session_types = {store::pdu_session_type::ipv4, store::pdu_session_type::ipv6,
                                    store::pdu_session_type::ipv4v6};
      slice.dnns.push_back(internet);
      s.slices.push_back(slice);
      ok = (*db)->create(s).has_value();
    }
    if (!t.check(ok, fmt::format("{} subscribers provisioned", subscribers),
                 fmt::format("{} .. {}", imsi(0), imsi(subscribers - 1)))) {
      return t.finish();
    }
  }

  demo_network net(*config);
  fmt::print("\n2. The core starts; every NF registers with the NRF (TS 29.510)\n");
  auto core = net.start_core(data_dir.string(), sctp);
  if (!t.check(core.has_value(), "NRF, UDR, UDM, AUSF, AMF, PCF, SMF and UPF started",
               core ? "" : core.error())) {
    return t.finish();
  }
  fmt::print("        {}\n        N2 transport: {}\n", net.core().describe(), sctp_how);
  t.check(net.run_until([&] {
    return net.core().registered_with_nrf() == net.core().registering_with_nrf();
  }),
          "UDR, UDM, AUSF, AMF, PCF and SMF registered with the NRF");

  fmt::print("\n3. A gNB connects and sets up NGAP (TS 38.413 §8.7.1)\n");
  auto gnb = net.start_gnb(sctp);
  const bool gnb_ready = gnb.has_value() && net.run_until([&] { return net.gnb().ready(); });
  if (!t.check(gnb_ready, "NG Setup accepted", gnb ? "" : gnb.error())) {
    net.stop();
    return t.finish();
  }

  fmt::print(
      "\n4. UEs register: SUCI, 5G AKA through AUSF/UDM/UDR, NAS security mode, Registration "
      "Accept\n");
  struct scheme_case {
    crypto::protection_scheme scheme;
    std::string_view name;
  };
  const scheme_case schemes[] = {{crypto::protection_scheme::profile_a, "SUCI profile A (X25519)"},
                                 {crypto::protection_scheme::profile_b, "SUCI profile B (P-256)"},
                                 {crypto::protection_scheme::null_scheme, "SUCI null scheme"}};
  std::vector<std::unique_ptr<sim::sim_ue>> ues;
  for (std::size_t i = 0; i < subscribers; ++i) {
    auto ue = net.make_ue(net.card(i, schemes[i].scheme));
    auto [event, ms] =
        net.procedure([&] { return ue && ue->nas().start_registration().has_value(); });
    t.check(is(event, sim::ue_event_type::registered),
            fmt::format("imsi-{} registers with {}", imsi(i), schemes[i].name),
            is(event, sim::ue_event_type::registered)
                ? fmt::format("{:.1f} ms, {}", ms, guti_text(*ue))
                : describe(event));
    ues.push_back(std::move(ue));
  }
  // The UE counts itself registered on Registration Accept, the AMF on Registration
  // Complete, which follows it.
  t.check(net.run_until([&] { return net.core().amf_status().registered == subscribers; }),
          fmt::format("the AMF holds {} registered UEs", subscribers));

  fmt::print("\n5. A UE deregisters and registers again with its 5G-GUTI\n");
  if (auto& ue = ues.front(); ue && ue->nas().guti()) {
    const auto old_tmsi = ue->nas().guti()->tmsi;
    auto [off, off_ms] =
        net.procedure([&] { return ue->nas().start_deregistration().has_value(); });
    t.check(is(off, sim::ue_event_type::deregistered), "deregistration (UE-initiated, normal)",
            is(off, sim::ue_event_type::deregistered) ? fmt::format("{:.1f} ms", off_ms)
                                                      : describe(off));
    // A UE registers again in a new RRC connection, once the AMF released the old one
    // (TS 23.502 §4.2.2.3.2 step 5).
    net.run_until([&] { return net.gnb().cell().find(*ue) == nullptr; });
    auto [again, ms] = net.procedure([&] { return ue->nas().start_registration().has_value(); });
    const bool new_tmsi = ue->nas().guti() && ue->nas().guti()->tmsi != old_tmsi;
    t.check(is(again, sim::ue_event_type::registered) && new_tmsi,
            "registration with the 5G-GUTI, then a new 5G-TMSI (TS 33.501 §6.12.3)",
            is(again, sim::ue_event_type::registered)
                ? fmt::format("{:.1f} ms, {}", ms, guti_text(*ue))
                : describe(again));
  }

  fmt::print("\n6. An idle UE updates its registration; the network de-registers another\n");
  if (ues.size() > 2 && ues[1] && ues[2]) {
    auto& idle = ues[1];
    net.gnb().cell().request_release(*idle,
                                     ngap::make_cause(ngap::cause_radio_network::user_inactivity));
    const bool went_idle = net.run_until([&] { return !idle->nas().connected(); });
    const auto sqn_before = sim::sqn_to_u64(idle->card().sqn_ms());
    auto [update, ms] = net.procedure([&] {
      return went_idle &&
             idle->nas().start_registration(nas::registration_type::periodic_updating).has_value();
    });
    const bool no_new_aka = sim::sqn_to_u64(idle->card().sqn_ms()) == sqn_before;
    t.check(is(update, sim::ue_event_type::registered) && no_new_aka,
            "periodic update of an idle UE, its security context continues",
            is(update, sim::ue_event_type::registered)
                ? fmt::format("{:.1f} ms, {}, {}", ms, guti_text(*idle),
                              no_new_aka ? "no new authentication" : "authenticated again")
                : describe(update));

    // TS 24.501 §5.5.2.3: DEREGISTRATION REQUEST with "re-registration required"; the UE
    // answers, is released, and registers again.
    auto& called_back = ues[2];
    auto [back, back_ms] =
        net.procedure([&] { return net.core().amf().deregister(called_back->card().supi(), true); },
                      sim::ue_event_type::registered);
    const bool as_specified = net.seen() == std::vector{sim::ue_event_type::network_deregistered,
                                                        sim::ue_event_type::registered};
    t.check(as_specified, "network-initiated de-registration, UE registers again",
            as_specified ? fmt::format("{:.1f} ms, {}", back_ms, guti_text(*called_back))
                         : describe(back));
  }

  fmt::print(
      "\n7. PDU sessions: each UE gets an address from the SMF and pings a host in a data "
      "network\n   through the UPF (N1/N2 via the AMF, SBI to UDM and PCF, PFCP to the UPF, "
      "GTP-U on N3, TUN on N6)\n");
  if (::geteuid() != 0) {
    fmt::print(
        "        skipped: the UPF's TUN device and the data network's network namespace need "
        "root\n");
  } else if (auto up = net.start_user_plane(); t.check(
                 up.has_value(), "the gNB's GTP-U side, and a data network namespace with a host",
                 up ? fmt::format("host {}", net.data_network_host()) : up.error())) {
    std::vector<sim::sim_ue*> with_session;
    for (auto& ue : ues) {
      if (!ue) {
        continue;
      }
      // The first UE asks for dual stack (IPv4v6), the others for IPv4.
      const bool dual = with_session.empty();
      auto [e, ms] = net.session_procedure([&] {
        return ue->nas()
            .start_pdu_session(
                1, "internet", nas::s_nssai{1, {}, {}, {}},
                dual ? nas::pdu_session_type_value::ipv4v6 : nas::pdu_session_type_value::ipv4)
            .has_value();
      });
      const bool ok = e && e->type == sim::session_event_type::established && e->ipv4 &&
                      (!dual || e->ipv6_interface_id);
      t.check(ok,
              fmt::format("{} establishes PDU session 1 ({}, DNN internet)", ue->card().supi(),
                          dual ? "IPv4v6" : "IPv4"),
              ok ? fmt::format("{:.1f} ms, address {}.{}.{}.{}", ms, (*e->ipv4)[0], (*e->ipv4)[1],
                               (*e->ipv4)[2], (*e->ipv4)[3])
                 : describe(e));
      if (ok) {
        with_session.push_back(ue.get());
      }
    }
    // The UE has its accept before the SMF has told the UPF where the gNB's tunnel is;
    // downlink packets meanwhile would be buffered (dropped, until the data path buffers).
    net.run_until([&] { return net.core().smf().active_sessions() == with_session.size(); });
    constexpr std::uint32_t pings = 5;
    net.ping_all(with_session, pings);
    bool all_back = !with_session.empty();
    std::string rtts;
    for (auto* ue : with_session) {
      const auto* traffic = net.gnb().user_plane()->traffic(*ue, 1);
      all_back = all_back && traffic != nullptr && traffic->ping.received == pings &&
                 traffic->wrong_destination == 0;
      if (traffic != nullptr) {
        rtts += fmt::format("{}{}/{} back, rtt min {} avg {} p99 {} us", rtts.empty() ? "" : "; ",
                            traffic->ping.received, traffic->ping.sent, traffic->ping.min().count(),
                            traffic->ping.avg().count(), traffic->ping.percentile(99).count());
      }
    }
    t.check(all_back,
            fmt::format("{} pings from each UE to {} come back", pings, net.data_network_host()));
    fmt::print("        {}\n", rtts);
    if (!with_session.empty()) {
      t.check(net.ping6(*with_session.front(), 3),
              "the IPv4v6 UE learns its /64 from the SMF's Router Advertisement and pings "
              "2001:db8:200::2 over IPv6");
    }
    if (!with_session.empty()) {
      auto* ue = with_session.front();
      const auto before = net.core().smf().sessions();
      auto [e, ms] =
          net.session_procedure([&] { return ue->nas().release_pdu_session(1).has_value(); });
      const bool released = e && e->type == sim::session_event_type::released && net.run_until([&] {
        return net.core().smf().sessions() == before - 1;
      });
      t.check(released, "UE-requested release: the SMF removes the SM context",
              released ? fmt::format("{:.1f} ms", ms) : describe(e));
    }
  }

  fmt::print("\n8. The network refuses what it must\n");
  {
    auto bad = net.card(1, crypto::protection_scheme::profile_a);
    bad.k[0] ^= 0xff;
    auto ue = net.make_ue(bad);
    auto [event, ms] =
        net.procedure([&] { return ue && ue->nas().start_registration().has_value(); });
    t.check(event && event->type != sim::ue_event_type::registered,
            "a USIM with the wrong key is not let in", describe(event));
    auto stranger = net.make_ue(net.card(41, crypto::protection_scheme::profile_b));
    auto [refused, ms2] =
        net.procedure([&] { return stranger && stranger->nas().start_registration().has_value(); });
    t.check(is(refused, sim::ue_event_type::registration_rejected) && refused->cause &&
                *refused->cause == nas::gmm_cause::services_not_allowed_5gs,
            "an unknown subscriber gets Registration Reject #7", describe(refused));
  }

  fmt::print("\n9. Every UE deregisters (switch-off)\n");
  bool all_off = true;
  for (auto& ue : ues) {
    auto [event, ms] =
        net.procedure([&] { return ue && ue->nas().start_deregistration(true).has_value(); });
    all_off = all_off && is(event, sim::ue_event_type::deregistered);
  }
  t.check(all_off, "all UEs deregistered");
  t.check(net.run_until([&] { return net.core().amf_status().registered == 0; }),
          "the AMF holds no registered UE");

  ues.clear();  // the UEs detach from the gNB, which goes with the network
  net.stop();
  std::filesystem::remove_all(data_dir, ec);
  return t.finish();
}

}  // namespace glasscore::app
