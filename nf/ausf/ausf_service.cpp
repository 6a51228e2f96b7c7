// Nausf_UEAuthentication for 5G AKA (TS 29.509 §5.2.2.2, TS 33.501 §6.1.3.2).
#include "glasscore/nf/ausf/ausf_service.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "glasscore/core/hex.h"
#include "glasscore/core/log.h"
#include "glasscore/crypto/key_derivation.h"
#include "glasscore/sbi/ausf_models.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/ueau_models.h"

namespace glasscore::ausf {

namespace {

using sbi::reply_fn;

constexpr std::string_view json_type = "application/json";
constexpr std::string_view collection = "/nausf-auth/v1/ue-authentications";

std::string random_context_id() {
  std::array<std::uint8_t, 16> id{};
  // A failing CSPRNG is an internal invariant, never network input (see UDM's RAND).
  if (RAND_bytes(id.data(), static_cast<int>(id.size())) != 1) {
    std::abort();
  }
  return to_hex(id);
}

}  // namespace

ausf_service::ausf_service(const async::clock& clock, ausf_service_options options,
                           home::peer_requester udm)
    : clock_(clock), options_(std::move(options)), udm_(std::move(udm)) {
  if (!options_.new_context_id) {
    options_.new_context_id = random_context_id;
  }
}

ausf_service::~ausf_service() {
  alive_.reset();
}

void ausf_service::add_routes(sbi::router& r) {
  r.add("POST", collection,
        [this](const http2::request& req, const sbi::route_match&, reply_fn reply) {
          authenticate(req, std::move(reply));
        });
  r.add("PUT", std::string(collection) + "/{authCtxId}/5g-aka-confirmation",
        [this](const http2::request& req, const sbi::route_match& m, const reply_fn& reply) {
          confirm(req, m.param("authCtxId"), reply);
        });
}

void ausf_service::authenticate(const http2::request& req, reply_fn reply) {
  auto body = sbi::json_body(req, json_type);
  if (!body) {
    reply(std::move(body.error()));
    return;
  }
  auto info = sbi::decode_authentication_info(*body);
  if (!info) {
    reply(sbi::problem_response(sbi::bad_body(info.error())));
    return;
  }
  sbi::authentication_info_request request;
  request.serving_network_name = info->serving_network_name;
  request.resynchronization_info = info->resynchronization_info;  // TS 29.509 §5.2.2.2.2
  request.ausf_instance_id = options_.instance_id;
  const std::string snn = info->serving_network_name;
  udm_(home::json_request(
           "POST",
           "/nudm-ueau/v1/" + info->supi_or_suci + "/security-information/generate-auth-data",
           sbi::to_text(sbi::to_json(request))),
       [this, alive = std::weak_ptr<bool>(alive_), snn, reply](home::peer_result res) {
         if (alive.expired()) {
           return;
         }
         if (!home::is_success(res)) {
           reply(sbi::problem_response(home::peer_error(res, "UDM")));
           return;
         }
         auto j = sbi::parse_json(res->body);
         auto result = j ? sbi::decode_authentication_info_result(*j)
                         : unexpected<sbi::decode_error>(j.error());
         if (!result || result->type != sbi::auth_type::five_g_aka ||
             !result->authentication_vector || !result->supi) {
           reply(sbi::problem_response(500, sbi::cause::unspecified_nf_failure,
                                       "UDM answer is not a 5G HE AKA vector with a SUPI"));
           return;
         }
         const auto& av = *result->authentication_vector;
         // TS 33.501 §6.1.3.2 step 4: the SEAF gets HXRES*, never XRES* (Annex A.5).
         auto hxres = crypto::derive_hres_star(av.rand, av.xres_star);
         if (!hxres) {
           reply(sbi::problem_response(500, sbi::cause::system_failure, "HXRES* failed"));
           return;
         }
         std::string id = options_.new_context_id();
         contexts_[id] = context{*result->supi, snn, av.xres_star, av.kausf,
                                 clock_.now() + options_.context_lifetime};
         const std::string resource = options_.api_root + std::string(collection) + "/" + id;
         sbi::ue_authentication_ctx ctx;
         ctx.type = sbi::auth_type::five_g_aka;
         ctx.auth_data = sbi::av_5g_aka{av.rand, *hxres, av.autn};
         ctx.links.emplace("5g-aka", resource + "/5g-aka-confirmation");
         ctx.serving_network_name = snn;
         auto resp = sbi::json_response(201, sbi::to_text(sbi::to_json(ctx)));
         resp.headers.push_back({"location", resource});
         reply(std::move(resp));
       });
}

void ausf_service::confirm(const http2::request& req, const std::string& id,
                           const reply_fn& reply) {
  auto body = sbi::json_body(req, json_type);
  if (!body) {
    reply(std::move(body.error()));
    return;
  }
  auto data = sbi::decode_confirmation_data(*body);
  if (!data) {
    reply(sbi::problem_response(sbi::bad_body(data.error())));
    return;
  }
  auto it = contexts_.find(id);
  if (it == contexts_.end() || it->second.expires <= clock_.now()) {
    if (it != contexts_.end()) {
      contexts_.erase(it);
    }
    reply(sbi::problem_response(404, cause::context_not_found, "no such authentication context"));
    return;
  }
  const context ctx = std::move(it->second);
  contexts_.erase(it);  // one confirmation per challenge
  sbi::confirmation_data_response out;
  // TS 33.501 §6.1.3.2 step 10; constant time so the comparison leaks nothing of XRES*.
  const bool match = data->res_star && CRYPTO_memcmp(data->res_star->data(), ctx.xres_star.data(),
                                                     ctx.xres_star.size()) == 0;
  if (match) {
    auto kseaf = crypto::derive_kseaf(ctx.kausf, ctx.serving_network_name);
    if (!kseaf) {
      reply(sbi::problem_response(500, sbi::cause::system_failure, "KSEAF failed"));
      return;
    }
    out.result = sbi::auth_result::success;
    out.supi = ctx.supi;
    out.kseaf = *kseaf;
  } else {
    out.result = sbi::auth_result::failure;
  }
  log::get("ausf")->info("5G AKA confirmation for {}: {}", log::redact_identity(ctx.supi),
                         sbi::to_string(out.result));
  reply(sbi::json_response(200, sbi::to_text(sbi::to_json(out))));
}

void ausf_service::expire() {
  const auto now = clock_.now();
  std::erase_if(contexts_, [now](const auto& entry) { return entry.second.expires <= now; });
}

}  // namespace glasscore::ausf
