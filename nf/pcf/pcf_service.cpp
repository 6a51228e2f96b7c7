// Npcf_SMPolicyControl (TS 29.512) and Npcf_AMPolicyControl (TS 29.507) routes with static
// policies and in-memory associations.
#include "glasscore/nf/pcf/pcf_service.h"

#include <algorithm>

#include "glasscore/nf/pcf/policy_rules.h"
#include "glasscore/sbi/problem.h"

namespace glasscore::pcf {

namespace {

constexpr std::string_view json_type = "application/json";
constexpr std::string_view sm_collection = "/npcf-smpolicycontrol/v1/sm-policies";
constexpr std::string_view am_collection = "/npcf-am-policy-control/v1/policies";

/// The features this PCF supports of either API: none of the optional ones, so the
/// negotiated list (TS 29.500 §6.6.2: the intersection) is "0" whatever was offered.
constexpr std::string_view supported_features = "0";

http2::response created(std::string location, const nlohmann::json& body) {
  auto r = sbi::json_response(201, sbi::to_text(body));
  r.headers.push_back({"location", std::move(location)});
  return r;
}

http2::response not_found(std::string_view what) {
  return sbi::problem_response(404, cause::context_not_found, "no such " + std::string(what));
}

/// 400 for a body that did not decode. A wrong value is MANDATORY_IE_INCORRECT only under a
/// member the operation requires, OPTIONAL_IE_INCORRECT otherwise (TS 29.500 §5.2.7.2).
http2::response bad_request(const sbi::decode_error& e,
                            std::initializer_list<std::string_view> required) {
  const auto slash = e.pointer.find('/', 1);
  const auto top = std::string_view(e.pointer).substr(
      e.pointer.empty() ? 0 : 1, slash == std::string::npos ? std::string::npos : slash - 1);
  const bool optional =
      !e.pointer.empty() && std::find(required.begin(), required.end(), top) == required.end();
  return sbi::problem_response(sbi::bad_body(e, optional));
}

http2::response too_many() {
  return sbi::problem_response(500, sbi::cause::insufficient_resources,
                               "too many policy associations");
}

}  // namespace

pcf_service::pcf_service(pcf_service_options options, pcf_metrics metrics)
    : options_(std::move(options)), metrics_(metrics) {
  update_gauges();
}

void pcf_service::add_routes(sbi::router& r) {
  const std::string sm(sm_collection);
  const std::string am(am_collection);
  r.add("POST", sm,
        [this](const http2::request& req, const sbi::route_match&, sbi::reply_fn reply) {
          auto resp = create_sm_policy(req);
          count("sm_create", resp);
          reply(std::move(resp));
        });
  r.add("GET", sm + "/{smPolicyId}",
        [this](const http2::request&, const sbi::route_match& m, sbi::reply_fn reply) {
          auto resp = get_sm_policy(m.param("smPolicyId"));
          count("sm_get", resp);
          reply(std::move(resp));
        });
  r.add("POST", sm + "/{smPolicyId}/update",
        [this](const http2::request& req, const sbi::route_match& m, sbi::reply_fn reply) {
          auto resp = update_sm_policy(req, m.param("smPolicyId"));
          count("sm_update", resp);
          reply(std::move(resp));
        });
  r.add("POST", sm + "/{smPolicyId}/delete",
        [this](const http2::request& req, const sbi::route_match& m, sbi::reply_fn reply) {
          auto resp = delete_sm_policy(req, m.param("smPolicyId"));
          count("sm_delete", resp);
          reply(std::move(resp));
        });
  r.add("POST", am,
        [this](const http2::request& req, const sbi::route_match&, sbi::reply_fn reply) {
          auto resp = create_am_policy(req);
          count("am_create", resp);
          reply(std::move(resp));
        });
  r.add("GET", am + "/{polAssoId}",
        [this](const http2::request&, const sbi::route_match& m, sbi::reply_fn reply) {
          auto resp = get_am_policy(m.param("polAssoId"));
          count("am_get", resp);
          reply(std::move(resp));
        });
  r.add("DELETE", am + "/{polAssoId}",
        [this](const http2::request&, const sbi::route_match& m, sbi::reply_fn reply) {
          auto resp = delete_am_policy(m.param("polAssoId"));
          count("am_delete", resp);
          reply(std::move(resp));
        });
}

bool pcf_service::full() const {
  return sm_policies_.size() + am_policies_.size() >= options_.max_associations;
}

void pcf_service::update_gauges() {
  if (metrics_.sm_associations != nullptr) {
    metrics_.sm_associations->set(static_cast<double>(sm_policies_.size()));
  }
  if (metrics_.am_associations != nullptr) {
    metrics_.am_associations->set(static_cast<double>(am_policies_.size()));
  }
}

void pcf_service::count(std::string_view operation, const http2::response& r) {
  if (metrics_.requests != nullptr) {
    metrics_.requests->with({operation, std::to_string(r.status)}).inc();
  }
}

// TS 29.512 §4.2.2.2: the SMF creates the SM policy association at PDU session
// establishment; the PCF answers the policy decision and the association's URI.
http2::response pcf_service::create_sm_policy(const http2::request& req) {
  auto body = sbi::json_body(req, json_type);
  if (!body) {
    return std::move(body.error());
  }
  auto context = sbi::decode_sm_policy_context_data(*body);
  if (!context) {
    return bad_request(context.error(), {"supi", "pduSessionId", "pduSessionType", "dnn",
                                         "notificationUri", "sliceInfo"});
  }
  const auto* dnn = find_dnn(options_.dnns, context->dnn);
  if (dnn == nullptr) {
    return sbi::problem_response(403, cause::policy_context_denied,
                                 "DNN '" + context->dnn + "' is not served by this network");
  }
  // A new association for a PDU session that already has one replaces it: the SMF only
  // creates one per session, so the old one belongs to a session it has forgotten.
  for (auto it = sm_policies_.begin(); it != sm_policies_.end(); ++it) {
    if (it->second.context.supi == context->supi &&
        it->second.context.pdu_session_id == context->pdu_session_id) {
      sm_policies_.erase(it);
      break;
    }
  }
  if (full()) {
    update_gauges();
    return too_many();
  }
  auto decision = decide_sm_policy(
      *context, *dnn,
      context->supp_feat ? std::optional<std::string>(supported_features) : std::nullopt);
  const auto id = std::to_string(next_sm_id_++);
  auto json = sbi::to_json(decision);
  sm_policies_.emplace(id, sm_policy{std::move(*context), std::move(decision)});
  update_gauges();
  return created(options_.api_root + std::string(sm_collection) + "/" + id, json);
}

http2::response pcf_service::get_sm_policy(const std::string& id) const {
  const auto it = sm_policies_.find(id);
  if (it == sm_policies_.end()) {
    return not_found("SM policy association");
  }
  return sbi::json_response(
      200,
      sbi::to_text(sbi::to_json(sbi::sm_policy_control{it->second.context, it->second.decision})));
}

// TS 29.512 §4.2.4.2: the SMF reports changes (policy control request triggers, new
// subscription values); the PCF answers the updated decision.
http2::response pcf_service::update_sm_policy(const http2::request& req, const std::string& id) {
  const auto it = sm_policies_.find(id);
  if (it == sm_policies_.end()) {
    return not_found("SM policy association");
  }
  auto body = sbi::json_body(req, json_type);
  if (!body) {
    return std::move(body.error());
  }
  auto update = sbi::decode_sm_policy_update_context_data(*body);
  if (!update) {
    return bad_request(update.error(), {});
  }
  auto& ctx = it->second.context;
  auto apply = [](auto& field, auto& value) {
    if (value) {
      field = std::move(value);
    }
  };
  apply(ctx.access_type, update->access_type);
  apply(ctx.rat_type, update->rat_type);
  apply(ctx.serving_network, update->serving_network);
  apply(ctx.user_location_info, update->user_location_info);
  apply(ctx.ipv4_address, update->ipv4_address);
  apply(ctx.ipv6_address_prefix, update->ipv6_address_prefix);
  apply(ctx.subs_sess_ambr, update->subs_sess_ambr);
  apply(ctx.subs_def_qos, update->subs_def_qos);
  const auto* dnn = find_dnn(options_.dnns, ctx.dnn);
  if (dnn == nullptr) {
    // The DNN was removed from the configuration (SIGHUP) since the association was made.
    return sbi::problem_response(403, cause::policy_context_denied,
                                 "DNN '" + ctx.dnn + "' is no longer served");
  }
  it->second.decision = decide_sm_policy(ctx, *dnn, it->second.decision.supp_feat);
  return sbi::json_response(200, sbi::to_text(sbi::to_json(it->second.decision)));
}

std::optional<std::size_t> pcf_service::change_dnn_policy(std::string_view dnn,
                                                          const config::session_ambr& ambr,
                                                          std::uint8_t default_5qi) {
  const auto* found = find_dnn(options_.dnns, dnn);
  if (found == nullptr) {
    return std::nullopt;
  }
  auto* configured = &options_.dnns[static_cast<std::size_t>(found - options_.dnns.data())];
  configured->ambr = ambr;
  configured->default_5qi = default_5qi;
  std::size_t sent = 0;
  for (auto& [id, policy] : sm_policies_) {
    if (find_dnn(options_.dnns, policy.context.dnn) != configured) {
      continue;
    }
    auto decision = decide_sm_policy(policy.context, *configured, policy.decision.supp_feat);
    if (decision == policy.decision) {
      continue;  // e.g. the subscription still caps the AMBR below the new value
    }
    policy.decision = std::move(decision);
    if (!notify_) {
      continue;
    }
    // §4.2.3.2: the notification names the association (resourceUri) and carries the
    // whole new decision; it goes to {notificationUri}/update (§5.5.3).
    sbi::sm_policy_notification n;
    n.resource_uri = options_.api_root + std::string(sm_collection) + "/" + id;
    n.sm_policy_decision = policy.decision;
    notify_(policy.context.notification_uri + "/update", sbi::to_text(sbi::to_json(n)));
    ++sent;
  }
  return sent;
}

// TS 29.512 §4.2.5.2: the SMF deletes the association at PDU session release. The body
// (SmPolicyDeleteData) only carries reports; it is checked but not kept.
http2::response pcf_service::delete_sm_policy(const http2::request& req, const std::string& id) {
  const auto it = sm_policies_.find(id);
  if (it == sm_policies_.end()) {
    return not_found("SM policy association");
  }
  if (!req.body.empty()) {
    auto body = sbi::json_body(req, json_type);
    if (!body) {
      return std::move(body.error());
    }
    auto data = sbi::decode_sm_policy_delete_data(*body);
    if (!data) {
      return bad_request(data.error(), {});
    }
  }
  sm_policies_.erase(it);
  update_gauges();
  return http2::response{204, {}, {}};
}

// TS 29.507 §4.2.2.2: the AMF creates the AM policy association at registration.
http2::response pcf_service::create_am_policy(const http2::request& req) {
  auto body = sbi::json_body(req, json_type);
  if (!body) {
    return std::move(body.error());
  }
  auto request = sbi::decode_policy_association_request(*body);
  if (!request) {
    return bad_request(request.error(), {"notificationUri", "supi", "suppFeat"});
  }
  if (full()) {
    return too_many();
  }
  sbi::policy_association a;
  a.request = std::move(*request);
  a.rfsp = options_.rfsp;
  a.supp_feat = std::string(supported_features);
  // No triggers: static policies never change, so nothing needs reporting
  // (TS 29.507 §4.2.2.2: triggers are only those the PCF subscribes to).
  const auto id = std::to_string(next_am_id_++);
  auto json = sbi::to_json(a);
  am_policies_.emplace(id, std::move(a));
  update_gauges();
  return created(options_.api_root + std::string(am_collection) + "/" + id, json);
}

http2::response pcf_service::get_am_policy(const std::string& id) const {
  const auto it = am_policies_.find(id);
  if (it == am_policies_.end()) {
    return not_found("AM policy association");
  }
  return sbi::json_response(200, sbi::to_text(sbi::to_json(it->second)));
}

// TS 29.507 §4.2.4.2: the AMF deletes the association at deregistration.
http2::response pcf_service::delete_am_policy(const std::string& id) {
  if (am_policies_.erase(id) == 0) {
    return not_found("AM policy association");
  }
  update_gauges();
  return http2::response{204, {}, {}};
}

}  // namespace glasscore::pcf
