// Configuration -> UDR, UDM and AUSF options.
#include "glasscore/nf/udm/from_config.h"

namespace glasscore::home {

namespace {

expected<http2::server_options, std::string> server_from(const config::sbi_server& s,
                                                         std::string_view nf) {
  if (s.scheme != config::sbi_scheme::http) {
    return unexpected<std::string>(std::string(nf) +
                                   ".sbi: https is not supported by the home-network NFs yet");
  }
  http2::server_options o;
  o.address = s.address.to_string();
  o.port = s.port;
  return o;
}

std::string api_root(const config::sbi_server& s) {
  const auto host = s.address.family == config::ip_family::v6 ? "[" + s.address.to_string() + "]"
                                                              : s.address.to_string();
  return "http://" + host + ":" + std::to_string(s.port);
}

}  // namespace

expected<udr::udr_options, std::string> udr_options_from(const config::glasscore_config& c) {
  auto server = server_from(c.udr.sbi, "udr");
  if (!server) {
    return unexpected<std::string>(server.error());
  }
  return udr::udr_options{*server};
}

expected<udm::udm_options, std::string> udm_options_from(const config::glasscore_config& c) {
  auto server = server_from(c.udm.sbi, "udm");
  if (!server) {
    return unexpected<std::string>(server.error());
  }
  if (c.udr.sbi.scheme != config::sbi_scheme::http) {
    return unexpected<std::string>("udr.sbi: https is not supported by the UDM's client yet");
  }
  udm::udm_options o;
  o.server = *server;
  o.service.home_network_keys = c.udm.home_network_keys;
  o.service.allow_null_scheme = c.udm.allow_null_scheme;
  if (!c.plmns.empty()) {
    o.service.home_plmn = sbi::plmn_id{c.plmns.front().mcc, c.plmns.front().mnc};
  }
  o.service.api_root = api_root(c.udm.sbi);
  o.udr_locator = fixed_locator({c.udr.sbi.address.to_string(), c.udr.sbi.port});
  return o;
}

expected<ausf::ausf_options, std::string> ausf_options_from(const config::glasscore_config& c) {
  auto server = server_from(c.ausf.sbi, "ausf");
  if (!server) {
    return unexpected<std::string>(server.error());
  }
  if (c.udm.sbi.scheme != config::sbi_scheme::http) {
    return unexpected<std::string>("udm.sbi: https is not supported by the AUSF's client yet");
  }
  ausf::ausf_options o;
  o.server = *server;
  o.service.api_root = api_root(c.ausf.sbi);
  o.udm_locator = fixed_locator({c.udm.sbi.address.to_string(), c.udm.sbi.port});
  return o;
}

}  // namespace glasscore::home
