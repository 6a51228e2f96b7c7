// A UE session's TUN device in a network namespace of its own (see ue_tun.h).
#include "glasscore/sim/ue_tun.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>
#include <vector>

#include "glasscore/config/config_types.h"
#include "glasscore/core/log.h"
#include "glasscore/sim/data_network.h"
#include "glasscore/transport/network_namespace.h"
#include "glasscore/transport/unique_fd.h"

namespace glasscore::sim {

namespace {

constexpr std::string_view netns_directory = "/run/netns/";  // where `ip netns add` mounts
constexpr int packets_per_wakeup = 64;  // bounded: the loop's other work goes on

bool valid_prefix(std::string_view prefix) {
  return !prefix.empty() && std::ranges::all_of(prefix, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

std::string ipv6_text(const std::array<std::uint8_t, 16>& address) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  (void)::inet_ntop(AF_INET6, address.data(), text.data(), text.size());
  return text.data();
}

// Runs in a thread of its own, which enters the namespace and ends there: the caller's
// thread keeps its namespace whatever happens. The device's descriptor works from any
// thread afterwards.
expected<transport::tun_device, std::string> open_in_namespace(
    const std::string& ns, const std::string& device,
    const std::optional<std::array<std::uint8_t, 4>>& ipv4) {
  expected<transport::tun_device, std::string> result = fail(std::string("not opened"));
  std::thread opener([&] {
    const std::string path = std::string(netns_directory) + ns;
    const transport::unique_fd ns_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!ns_fd.valid() || ::setns(ns_fd.get(), CLONE_NEWNET) != 0) {
      result = fail("cannot enter network namespace " + ns);
      return;
    }
    auto tun = transport::tun_device::open(device);
    if (!tun) {
      result = fail("TUN device " + device + ": " + transport::to_string(tun.error()));
      return;
    }
    if (ipv4) {
      const auto address = config::ip_address::v4((*ipv4)[0], (*ipv4)[1], (*ipv4)[2], (*ipv4)[3]);
      if (auto up = tun->set_ipv4_address_and_up(address.to_string(), 32); !up) {
        result = fail("TUN device " + device + " address " + address.to_string() + ": " +
                      transport::to_string(up.error()));
        return;
      }
    } else if (!transport::set_link_up(device)) {
      result = fail("cannot set TUN device " + device + " up");
      return;
    }
    (void)transport::set_link_up("lo");  // local tools (a listener on 127.0.0.1) work too
    result = std::move(*tun);
  });
  opener.join();
  return result;
}

}  // namespace

std::optional<std::string> ue_namespace_name(std::string_view prefix, std::string_view supi,
                                             std::uint8_t pdu_session_id) {
  constexpr std::string_view imsi = "imsi-";
  if (!valid_prefix(prefix) || !supi.starts_with(imsi) || supi.size() == imsi.size() ||
      !std::ranges::all_of(supi.substr(imsi.size()), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::string name(prefix);
  name += supi.substr(imsi.size());
  name += "-" + std::to_string(pdu_session_id);
  // A file name under /run/netns (NAME_MAX).
  if (name.size() > 255) {
    return std::nullopt;
  }
  return name;
}

std::string ue_tun_device_name(std::uint8_t pdu_session_id) {
  return "gc-ue" + std::to_string(pdu_session_id);
}

ue_tun::ue_tun(user_plane& up, const gnb_ue_link& ue, std::uint8_t pdu_session_id,
               std::string namespace_name)
    : up_(up),
      ue_(ue),
      pdu_session_id_(pdu_session_id),
      namespace_(std::move(namespace_name)),
      device_(ue_tun_device_name(pdu_session_id)) {}

expected<std::unique_ptr<ue_tun>, std::string> ue_tun::create(
    asio::io_context& io, user_plane& up, const gnb_ue_link& ue, std::uint8_t pdu_session_id,
    std::string namespace_name, std::optional<std::array<std::uint8_t, 4>> ipv4) {
  std::unique_ptr<ue_tun> t(new ue_tun(up, ue, pdu_session_id, std::move(namespace_name)));
  const std::string& ns = t->namespace_;
  std::error_code ignored;
  if (std::filesystem::exists(std::string(netns_directory) + ns, ignored)) {
    // Left by a run that did not end cleanly: start from an empty namespace.
    log::get("sim")->info("removing stale network namespace {}", ns);
    (void)run_command({"ip", "netns", "delete", ns});
  }
  if (auto added = run_command({"ip", "netns", "add", ns}); !added) {
    return fail(added.error());
  }
  t->namespace_created_ = true;  // from here on, the destructor removes it
  auto tun = open_in_namespace(ns, t->device_, ipv4);
  if (!tun) {
    return fail(tun.error());
  }
  t->tun_ = std::move(*tun);
  if (ipv4) {
    if (auto route = run_command({"ip", "-n", ns, "route", "add", "default", "dev", t->device_});
        !route) {
      return fail(route.error());
    }
  }
  t->watch_.emplace(io, t->tun_->fd(), [p = t.get()] { p->drain(); });
  up.set_packet_sink(ue, pdu_session_id, t.get());
  return t;
}

ue_tun::~ue_tun() {
  up_.set_packet_sink(ue_, pdu_session_id_, nullptr);
  watch_.reset();
  tun_.reset();  // closing the last descriptor removes the device
  if (namespace_created_) {
    if (auto deleted = run_command({"ip", "netns", "delete", namespace_}); !deleted) {
      log::get("sim")->warn("network namespace {}: {}", namespace_, deleted.error());
    }
  }
}

void ue_tun::drain() {
  for (int i = 0; i < packets_per_wakeup; ++i) {
    auto buffer = buffers_.acquire();
    if (!buffer) {
      return;  // both buffers are never held at once; defensive only
    }
    auto got = tun_->read(*buffer);
    if (!got) {
      if (got.error().code != transport::transport_errc::would_block) {
        ++counters_.read_errors;
        continue;  // a packet too long was dropped; others may follow
      }
      return;
    }
    if (up_.send_uplink(ue_, pdu_session_id_, buffer->data())) {
      ++counters_.uplink_packets;
    } else {
      ++counters_.uplink_dropped;
    }
  }
}

void ue_tun::on_downlink_packet(byte_span ip_packet) {
  auto buffer = buffers_.acquire();
  if (!buffer || !tun_) {
    ++counters_.downlink_dropped;
    return;
  }
  auto room = buffer->append(ip_packet.size());
  if (!room) {
    ++counters_.downlink_dropped;
    return;
  }
  std::ranges::copy(ip_packet, room->begin());
  if (tun_->write(*buffer)) {
    ++counters_.downlink_packets;
  } else {
    ++counters_.downlink_dropped;
  }
}

void ue_tun::on_ipv6_address(const std::array<std::uint8_t, 16>& address) {
  // nodad: the address is the session's alone (TS 23.501 §5.8.2.2.3: the /64 is allocated
  // to this PDU session), and usable at once.
  const std::string text = ipv6_text(address) + "/64";
  for (const auto& step : {std::vector<std::string>{"ip", "-n", namespace_, "-6", "address",
                                                    "replace", text, "dev", device_, "nodad"},
                           std::vector<std::string>{"ip", "-n", namespace_, "-6", "route",
                                                    "replace", "default", "dev", device_}}) {
    if (auto ok = run_command(step); !ok) {
      log::get("sim")->warn("UE TUN {} in {}: {}", device_, namespace_, ok.error());
      return;
    }
  }
}

expected<std::unique_ptr<ue_tun_manager>, std::string> ue_tun_manager::create(
    asio::io_context& io, user_plane& up, ue_tun_config config) {
  if (!valid_prefix(config.namespace_prefix)) {
    return fail("UE namespace prefix '" + config.namespace_prefix +
                "' must be letters, digits, '-', '_' or '.'");
  }
  if (::geteuid() != 0) {
    return fail(std::string(
        "a TUN device per UE needs root (network namespaces and TUN devices: CAP_SYS_ADMIN "
        "and CAP_NET_ADMIN)"));
  }
  if (::access("/dev/net/tun", R_OK | W_OK) != 0) {
    return fail(std::string("a TUN device per UE needs /dev/net/tun (the tun kernel module)"));
  }
  return std::unique_ptr<ue_tun_manager>(new ue_tun_manager(io, up, std::move(config)));
}

ue_tun_manager::~ue_tun_manager() = default;

expected<void, std::string> ue_tun_manager::handle_session_event(sim_ue& ue,
                                                                 const session_event& event) {
  const auto key = std::pair<const gnb_ue_link*, std::uint8_t>(&ue, event.pdu_session_id);
  switch (event.type) {
    case session_event_type::established: {
      tuns_.erase(key);  // established anew: the namespace starts over
      if (!event.ipv4 && !event.ipv6_interface_id) {
        return {};  // an Ethernet or Unstructured session: nothing to route
      }
      auto name =
          ue_namespace_name(config_.namespace_prefix, ue.card().supi(), event.pdu_session_id);
      if (!name) {
        return fail("no namespace name for " + ue.card().supi());
      }
      auto tun = ue_tun::create(io_, up_, ue, event.pdu_session_id, *name, event.ipv4);
      if (!tun) {
        return fail(tun.error());
      }
      tuns_[key] = std::move(*tun);
      return {};
    }
    case session_event_type::released:
    case session_event_type::failed:
    case session_event_type::rejected:
      tuns_.erase(key);
      return {};
    case session_event_type::release_rejected:
    case session_event_type::modified:
    case session_event_type::modification_rejected:
    case session_event_type::modification_failed:
      return {};
  }
  return {};
}

const ue_tun* ue_tun_manager::find(const gnb_ue_link& ue, std::uint8_t pdu_session_id) const {
  auto it = tuns_.find({&ue, pdu_session_id});
  return it == tuns_.end() ? nullptr : it->second.get();
}

}  // namespace glasscore::sim
