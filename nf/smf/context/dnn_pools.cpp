#include "smf/context/dnn_pools.h"

#include <algorithm>

namespace glasscore::smf {

namespace {

using type = nas::pdu_session_type_value;

bool allows(const std::vector<type>& list, type t) {
  return std::find(list.begin(), list.end(), t) != list.end();
}

}  // namespace

expected<dnn_pools, std::string> dnn_pools::create(const std::vector<config::dnn_config>& dnns) {
  dnn_pools out;
  for (const auto& d : dnns) {
    pools p{d, std::nullopt, std::nullopt};
    if (d.ipv4_pool) {
      auto v4 = ipv4_pool::create(*d.ipv4_pool);
      if (!v4) {
        return fail("dnn " + d.name + ": " + v4.error());
      }
      p.v4.emplace(std::move(*v4));
    }
    if (d.ipv6_pool) {
      auto v6 = ipv6_prefix_pool::create(*d.ipv6_pool);
      if (!v6) {
        return fail("dnn " + d.name + ": " + v6.error());
      }
      p.v6.emplace(std::move(*v6));
    }
    out.by_dnn_.emplace(d.name, std::move(p));
  }
  return out;
}

const config::dnn_config* dnn_pools::find(const std::string& dnn) const {
  auto it = by_dnn_.find(dnn);
  return it == by_dnn_.end() ? nullptr : &it->second.config;
}

expected<type_choice, nas::gsm_cause> dnn_pools::choose_type(
    const std::string& dnn, std::optional<type> requested,
    const dnn_subscription& subscribed) const {
  auto it = by_dnn_.find(dnn);
  if (it == by_dnn_.end()) {
    return fail(nas::gsm_cause::missing_or_unknown_dnn);
  }
  // A family is possible when the DNN has a pool for it and the subscription allows it
  // alone or as part of IPv4v6 (TS 23.501 §5.8.2.2.1).
  const auto& sub = subscribed.allowed_types;
  const bool v4 = it->second.v4 && (allows(sub, type::ipv4) || allows(sub, type::ipv4v6));
  const bool v6 = it->second.v6 && (allows(sub, type::ipv6) || allows(sub, type::ipv4v6));
  const bool dual = v4 && v6 && allows(sub, type::ipv4v6);
  const type want = requested.value_or(subscribed.default_type);
  switch (want) {
    case type::ipv4v6:
      if (dual) {
        return type_choice{type::ipv4v6, std::nullopt};
      }
      // TS 24.501 §6.4.1.3: grant the one family allowed, saying why.
      if (v4) {
        return type_choice{type::ipv4, nas::gsm_cause::pdu_session_type_ipv4_only_allowed};
      }
      if (v6) {
        return type_choice{type::ipv6, nas::gsm_cause::pdu_session_type_ipv6_only_allowed};
      }
      break;
    case type::ipv4:
      if (v4) {
        return type_choice{type::ipv4, std::nullopt};
      }
      if (v6) {
        return fail(nas::gsm_cause::pdu_session_type_ipv6_only_allowed);
      }
      break;
    case type::ipv6:
      if (v6) {
        return type_choice{type::ipv6, std::nullopt};
      }
      if (v4) {
        return fail(nas::gsm_cause::pdu_session_type_ipv4_only_allowed);
      }
      break;
    default:
      break;  // unstructured and Ethernet sessions are not supported
  }
  return fail(nas::gsm_cause::unknown_pdu_session_type);
}

bool dnn_pools::allocate(sm_context& c) {
  auto it = by_dnn_.find(c.dnn);
  if (it == by_dnn_.end()) {
    return false;
  }
  auto& p = it->second;
  const bool want_v4 = c.type == type::ipv4 || c.type == type::ipv4v6;
  const bool want_v6 = c.type == type::ipv6 || c.type == type::ipv4v6;
  if (want_v4) {
    c.ipv4 = p.v4 ? p.v4->allocate() : std::nullopt;
    if (!c.ipv4) {
      return false;
    }
  }
  if (want_v6) {
    c.ipv6_prefix = p.v6 ? p.v6->allocate() : std::nullopt;
    if (!c.ipv6_prefix) {
      release(c);
      return false;
    }
  }
  return true;
}

void dnn_pools::release(sm_context& c) {
  auto it = by_dnn_.find(c.dnn);
  if (it == by_dnn_.end()) {
    return;
  }
  if (c.ipv4 && it->second.v4) {
    it->second.v4->release(*c.ipv4);
  }
  if (c.ipv6_prefix && it->second.v6) {
    it->second.v6->release(*c.ipv6_prefix);
  }
  c.ipv4.reset();
  c.ipv6_prefix.reset();
}

std::uint64_t dnn_pools::allocated() const {
  std::uint64_t n = 0;
  for (const auto& [name, p] : by_dnn_) {
    n += (p.v4 ? p.v4->allocated() : 0) + (p.v6 ? p.v6->allocated() : 0);
  }
  return n;
}

}  // namespace glasscore::smf
