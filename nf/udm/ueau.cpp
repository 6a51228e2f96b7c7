// UDM UEAU: generate-auth-data (TS 29.503 §5.4.2.2) with the SIDF and the ARPF (TS 33.501
// §6.1.3.2), and the per-SUPI FIFO that keeps one UDM from racing itself on an SQN.
#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "glasscore/core/log.h"
#include "glasscore/crypto/aka.h"
#include "glasscore/crypto/milenage.h"
#include "glasscore/nf/udm/udm_service.h"
#include "glasscore/sbi/udr_models.h"
#include "glasscore/store/subscriber_store.h"

namespace glasscore::udm {

namespace {

constexpr std::string_view udr_name = "UDR";

sbi::sbi_error failure(int status, std::string_view c, std::string detail) {
  return sbi::sbi_error{status, std::string(c), std::move(detail), {}};
}

void openssl_random(std::span<std::uint8_t> out) {
  // RAND_bytes fails only when the CSPRNG cannot be seeded; a vector with a predictable
  // RAND must never leave, so that is a fatal internal invariant, not a network input.
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    std::abort();
  }
}

std::string auth_subscription_path(const std::string& supi) {
  return "/nudr-dr/v2/subscription-data/" + supi +
         "/authentication-data/authentication-subscription";
}

}  // namespace

struct udm_service::auth_job {
  std::string supi;
  sbi::authentication_info_request request;
  auth_callback callback;
  std::function<void()> done;  // releases the SUPI's FIFO
  unsigned attempts = 0;
  std::optional<crypto::milenage> arpf;
  std::array<std::uint8_t, 2> amf{0x80, 0x00};
  std::uint64_t sqn = 0;  // the SQN committed for this vector

  void finish(expected<sbi::authentication_info_result, sbi::sbi_error> r) {
    if (r) {
      log::get("udm")->debug("generate-auth-data {}: 5G HE AV after {} attempt(s)",
                             log::redact_identity(supi), attempts);
    } else {
      log::get("udm")->warn("generate-auth-data {}: {} {} ({})", log::redact_identity(supi),
                            r.error().status, r.error().cause, r.error().detail);
    }
    auto cb = std::move(callback);
    auto release = std::move(done);
    cb(std::move(r));
    release();
  }
};

udm_service::udm_service(udm_service_options options, sidf s, home::peer_requester udr)
    : options_(std::move(options)), sidf_(std::move(s)), udr_(std::move(udr)) {
  if (!options_.random) {
    options_.random = openssl_random;
  }
  if (options_.sqn_attempts == 0) {
    options_.sqn_attempts = 1;
  }
}

udm_service::~udm_service() {
  alive_.reset();
}

expected<std::unique_ptr<udm_service>, std::string> udm_service::create(udm_service_options options,
                                                                        home::peer_requester udr) {
  auto s = sidf::create(options.home_network_keys, options.allow_null_scheme);
  if (!s) {
    return unexpected<std::string>("UDM: " + s.error());
  }
  return std::unique_ptr<udm_service>(
      new udm_service(std::move(options), std::move(*s), std::move(udr)));
}

void udm_service::serialize(const std::string& key, procedure p) {
  auto& q = queues_[key];
  q.push_back(std::move(p));
  if (q.size() == 1) {
    start_next(key);
  }
}

void udm_service::start_next(const std::string& key) {
  auto it = queues_.find(key);
  if (it == queues_.end() || it->second.empty()) {
    return;
  }
  auto p = it->second.front();  // a copy: popping must not destroy the running procedure
  p([this, alive = std::weak_ptr<bool>(alive_), key] {
    if (alive.expired()) {
      return;
    }
    auto q = queues_.find(key);
    if (q == queues_.end()) {
      return;
    }
    q->second.pop_front();
    if (q->second.empty()) {
      queues_.erase(q);
    } else {
      start_next(key);
    }
  });
}

void udm_service::generate_auth_data(const std::string& supi_or_suci,
                                     sbi::authentication_info_request request, auth_callback done) {
  auto supi = sidf_.resolve(supi_or_suci);
  if (!supi) {
    log::get("udm")->warn("generate-auth-data {}: {} {} ({})", log::redact_identity(supi_or_suci),
                          supi.error().status, supi.error().cause, supi.error().detail);
    done(fail(supi.error()));
    return;
  }
  auto job = std::make_shared<auth_job>();
  job->supi = std::move(*supi);
  job->request = std::move(request);
  job->callback = std::move(done);
  const std::string key = job->supi;
  serialize(key, [this, job](std::function<void()> release) {
    job->done = std::move(release);
    attempt(job);
  });
}

void udm_service::attempt(const std::shared_ptr<auth_job>& job) {
  ++job->attempts;
  udr_(home::json_request("GET", auth_subscription_path(job->supi), ""),
       [this, alive = std::weak_ptr<bool>(alive_), job](home::peer_result r) {
         if (alive.expired()) {
           return;
         }
         if (!home::is_success(r)) {
           job->finish(fail(home::peer_error(r, udr_name)));
           return;
         }
         step_sqn(job, *r);
       });
}

void udm_service::step_sqn(const std::shared_ptr<auth_job>& job, const http2::response& resp) {
  auto body = sbi::parse_json(resp.body);
  auto sub = body ? sbi::decode_authentication_subscription(*body)
                  : unexpected<sbi::decode_error>(body.error());
  if (!sub) {
    job->finish(fail(failure(500, sbi::cause::unspecified_nf_failure,
                             "UDR authentication subscription: " + sub.error().to_string())));
    return;
  }
  if (sub->authentication_method != sbi::auth_type::five_g_aka) {
    job->finish(fail(
        failure(403, cause::authentication_rejected, "the subscriber's method is not 5G AKA")));
    return;
  }
  if (!sub->enc_permanent_key || !sub->enc_opc_key || !sub->sequence_number ||
      !sub->sequence_number->sqn) {
    job->finish(fail(failure(500, sbi::cause::unspecified_nf_failure,
                             "UDR authentication subscription lacks K, OPc or SQN")));
    return;
  }
  auto arpf = crypto::milenage::create(*sub->enc_permanent_key, *sub->enc_opc_key);
  if (!arpf) {
    job->finish(fail(failure(500, sbi::cause::system_failure, "unusable K/OPc")));
    return;
  }
  job->arpf.emplace(*arpf);
  if (sub->authentication_management_field) {
    job->amf = *sub->authentication_management_field;
  }
  const std::uint64_t sqn_he = sbi::sqn_from_octets(*sub->sequence_number->sqn);

  expected<std::uint64_t, store::store_error> next = store::next_sqn(sqn_he);
  if (const auto& resync = job->request.resynchronization_info) {
    // TS 33.102 §6.3.5: verify MAC-S over SQN_MS before trusting it; then go above both.
    auto sqn_ms = crypto::sqn_ms_from_auts(*job->arpf, resync->rand, resync->auts);
    if (!sqn_ms) {
      job->finish(
          fail(failure(403, cause::authentication_rejected, "AUTS: MAC-S does not verify")));
      return;
    }
    next = store::resynchronised_sqn(sqn_he, sbi::sqn_from_octets(*sqn_ms));
  }
  if (!next) {
    job->finish(fail(
        failure(403, cause::authentication_rejected, "SQN space exhausted (TS 33.102 Annex C)")));
    return;
  }
  job->sqn = *next;
  const sbi::sqn_update update{sbi::sqn_to_octets(sqn_he), sbi::sqn_to_octets(*next)};
  udr_(home::json_request("PATCH", auth_subscription_path(job->supi),
                          sbi::to_text(sbi::to_json(update)), "application/json-patch+json"),
       [this, alive = std::weak_ptr<bool>(alive_), job](home::peer_result r) {
         if (alive.expired()) {
           return;
         }
         if (r && r->status == 409) {
           // Another UDM stepped the SQN between our read and write: read again.
           if (job->attempts < options_.sqn_attempts) {
             attempt(job);
             return;
           }
           job->finish(fail(
               failure(503, sbi::cause::nf_congestion, "SQN update kept conflicting at the UDR")));
           return;
         }
         if (!home::is_success(r)) {
           job->finish(fail(home::peer_error(r, udr_name)));
           return;
         }
         // The SQN is committed at the UDR: only now may a vector carry it.
         crypto::rand128 rand{};
         options_.random(rand);
         const auto sqn = sbi::sqn_to_octets(job->sqn);
         auto av = crypto::generate_he_auth_vector(*job->arpf, rand, sqn, job->amf,
                                                   job->request.serving_network_name);
         if (!av) {
           job->finish(fail(failure(500, sbi::cause::system_failure, "vector generation failed")));
           return;
         }
         sbi::authentication_info_result result;
         result.type = sbi::auth_type::five_g_aka;
         result.authentication_vector =
             sbi::av_5g_he_aka{av->rand, av->xres_star, av->autn, av->kausf};
         result.supi = job->supi;
         job->finish(std::move(result));
       });
}

}  // namespace glasscore::udm
