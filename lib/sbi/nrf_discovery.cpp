// NFDiscover query parameters, TS 29.510 §6.2.3.2.3.1.
#include "glasscore/sbi/nrf_discovery.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "json_util.h"

namespace glasscore::sbi {

namespace {

using detail::json;

sbi_error query_error(std::string_view cause_value, const std::string& name, std::string reason) {
  sbi_error e;
  e.status = 400;
  e.cause = std::string(cause_value);
  e.detail = name + ": " + reason;
  e.invalid_params.push_back(invalid_param{name, std::move(reason)});
  return e;
}

sbi_error optional_bad(const std::string& name, std::string reason) {
  return query_error(cause::optional_query_param_incorrect, name, std::move(reason));
}

expected<nf_type, sbi_error> mandatory_type(const query_params& q, const std::string& name) {
  const auto* v = q.find(name);
  if (v == nullptr) {
    return unexpected<sbi_error>(
        query_error(cause::mandatory_query_param_missing, name, "missing"));
  }
  auto t = parse_nf_type(*v);
  if (!t || q.count(name) != 1) {
    return unexpected<sbi_error>(query_error(cause::mandatory_query_param_incorrect, name,
                                             t ? "repeated" : "unknown NF type '" + *v + "'"));
  }
  return *t;
}

// A JSON-valued parameter decoded with a model reader.
template <class T>
std::optional<sbi_error> json_param(const query_params& q, const std::string& name, T& out,
                                    bool& present) {
  const auto* v = q.find(name);
  present = v != nullptr;
  if (!present) {
    return std::nullopt;
  }
  auto j = parse_json_param(*v);
  if (!j) {
    return optional_bad(name, "not JSON");
  }
  detail::reader r;
  detail::read(r, *j, "", out);
  if (r.failed()) {
    return optional_bad(name, r.error().to_string());
  }
  return std::nullopt;
}

}  // namespace

expected<discovery_query, sbi_error> parse_discovery_query(const query_params& q) {
  discovery_query d;
  auto target = mandatory_type(q, "target-nf-type");
  if (!target) {
    return unexpected<sbi_error>(target.error());
  }
  auto requester = mandatory_type(q, "requester-nf-type");
  if (!requester) {
    return unexpected<sbi_error>(requester.error());
  }
  d.target_nf_type = *target;
  d.requester_nf_type = *requester;

  if (const auto* v = q.find("service-names")) {
    d.service_names = split_form_array(*v);
    for (const auto& s : d.service_names) {
      if (s.empty()) {
        return unexpected<sbi_error>(optional_bad("service-names", "empty service name"));
      }
    }
  }
  for (const char* name : {"requester-nf-instance-id", "target-nf-instance-id"}) {
    if (const auto* v = q.find(name)) {
      if (!is_uuid(*v)) {
        return unexpected<sbi_error>(optional_bad(name, "not a UUID"));
      }
      (std::string_view(name) == "target-nf-instance-id" ? d.target_nf_instance_id
                                                         : d.requester_nf_instance_id) = *v;
    }
  }
  bool present = false;
  if (auto e = json_param(q, "snssais", d.snssais, present)) {
    return unexpected<sbi_error>(*e);
  }
  if (present && d.snssais.empty()) {
    return unexpected<sbi_error>(optional_bad("snssais", "must not be empty"));
  }
  if (auto e = json_param(q, "target-plmn-list", d.target_plmn_list, present)) {
    return unexpected<sbi_error>(*e);
  }
  if (present && d.target_plmn_list.empty()) {
    return unexpected<sbi_error>(optional_bad("target-plmn-list", "must not be empty"));
  }
  tai t;
  if (auto e = json_param(q, "tai", t, present)) {
    return unexpected<sbi_error>(*e);
  }
  if (present) {
    d.tai_filter = t;
  }
  if (const auto* v = q.find("dnn")) {
    if (v->empty()) {
      return unexpected<sbi_error>(optional_bad("dnn", "empty"));
    }
    d.dnn = *v;
  }
  if (const auto* v = q.find("limit")) {
    std::uint32_t n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (v->empty() || ec != std::errc() || ptr != v->data() + v->size() || n < 1) {
      return unexpected<sbi_error>(optional_bad("limit", "must be an integer >= 1"));
    }
    d.limit = n;
  }
  return d;
}

query_params to_query(const discovery_query& d) {
  query_params q;
  q.add("target-nf-type", std::string(to_string(d.target_nf_type)));
  q.add("requester-nf-type", std::string(to_string(d.requester_nf_type)));
  if (!d.service_names.empty()) {
    std::string v;
    for (const auto& s : d.service_names) {
      v += (v.empty() ? "" : ",") + s;
    }
    q.add("service-names", v);
  }
  if (d.requester_nf_instance_id) {
    q.add("requester-nf-instance-id", *d.requester_nf_instance_id);
  }
  if (d.target_nf_instance_id) {
    q.add("target-nf-instance-id", *d.target_nf_instance_id);
  }
  if (!d.snssais.empty()) {
    q.add("snssais", to_text(detail::value(d.snssais)));
  }
  if (d.dnn) {
    q.add("dnn", *d.dnn);
  }
  if (!d.target_plmn_list.empty()) {
    q.add("target-plmn-list", to_text(detail::value(d.target_plmn_list)));
  }
  if (d.tai_filter) {
    q.add("tai", to_text(to_json(*d.tai_filter)));
  }
  if (d.limit) {
    q.add("limit", std::to_string(*d.limit));
  }
  return q;
}

}  // namespace glasscore::sbi
