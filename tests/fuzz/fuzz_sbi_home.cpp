// Fuzz target for the home-network SBI entry points (DESIGN.md §5): the UEAU, AUSF, SDM,
// UECM and UDR model decoders (a body that decodes must encode to JSON that decodes to the
// same value), the SQN patch reader, and the AUSF's and UDM's request handling through
// their routers, sans-I/O, with canned peers. The first input byte picks the entry point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "glasscore/nf/ausf/ausf_service.h"
#include "glasscore/nf/udm/udm_service.h"
#include "glasscore/sbi/ausf_models.h"
#include "glasscore/sbi/common.h"
#include "glasscore/sbi/sdm_models.h"
#include "glasscore/sbi/udr_models.h"
#include "glasscore/sbi/ueau_models.h"
#include "glasscore/sbi/uecm_models.h"

namespace {

using namespace glasscore;

class fixed_clock final : public async::clock {
 public:
  [[nodiscard]] async::time_point now() const override { return async::time_point{}; }
};

template <class Decode>
void round_trip(const nlohmann::json& j, Decode decode) {
  auto v = decode(j, std::string());
  if (!v) {
    return;
  }
  auto again = decode(nlohmann::json::parse(sbi::to_text(sbi::to_json(*v))), std::string());
  if (!again || !(*again == *v)) {
    __builtin_trap();  // encoder and decoder disagree
  }
}

void run_models(std::string_view text) {
  auto parsed = sbi::parse_json(text);
  if (!parsed) {
    return;
  }
  const auto& j = *parsed;
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_authentication_info_request(x, p);
  });
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_authentication_info_result(x, p);
  });
  round_trip(
      j, [](const auto& x, const std::string& p) { return sbi::decode_authentication_info(x, p); });
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_ue_authentication_ctx(x, p);
  });
  round_trip(
      j, [](const auto& x, const std::string& p) { return sbi::decode_confirmation_data(x, p); });
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_confirmation_data_response(x, p);
  });
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_access_and_mobility_subscription_data(x, p);
  });
  round_trip(j, [](const auto& x, const std::string& p) { return sbi::decode_nssai(x, p); });
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_smf_selection_subscription_data(x, p);
  });
  round_trip(j, [](const auto& x, const std::string& p) { return sbi::decode_sm_data(x, p); });
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_amf_3gpp_access_registration(x, p);
  });
  round_trip(
      j, [](const auto& x, const std::string& p) { return sbi::decode_deregistration_data(x, p); });
  round_trip(j, [](const auto& x, const std::string& p) {
    return sbi::decode_authentication_subscription(x, p);
  });
  if (auto patch = sbi::decode_sqn_patch(j)) {
    if (!(sbi::decode_sqn_patch(sbi::to_json(*patch)).value() == *patch)) {
      __builtin_trap();
    }
  }
}

// A UDR that knows one subscriber (TS 35.207 set 1 keys) and takes every SQN step, and a
// UDM that answers every generate-auth-data with a fixed vector.
void canned_udr(home::peer_request req, const home::peer_callback& cb) {
  if (req.method == "PATCH") {
    cb(http2::response{204, {}, {}});
  } else if (req.path.find("authentication-subscription") != std::string::npos) {
    cb(http2::response{200,
                       {{"content-type", "application/json"}},
                       R"({"authenticationMethod":"5G_AKA",
      "encPermanentKey":"465b5ce8b199b49faa5f0a2ee238a6bc","encOpcKey":"cd63cb71954a9f4e48a5994e37a02baf",
      "sequenceNumber":{"sqn":"000000000020"},"authenticationManagementField":"8000"})"});
  } else {
    cb(http2::response{404, {}, R"({"status":404,"cause":"USER_NOT_FOUND"})"});
  }
}

void canned_udm(home::peer_request, const home::peer_callback& cb) {
  cb(http2::response{200,
                     {{"content-type", "application/json"}},
                     R"({"authType":"5G_AKA","supi":"imsi-001010000000001","authenticationVector":
    {"avType":"5G_HE_AKA","rand":"00112233445566778899aabbccddeeff","xresStar":"00112233445566778899aabbccddeeff",
     "autn":"00112233445566778899aabbccddeeff","kausf":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}})"});
}

struct nfs {
  nfs() {
    udm::udm_service_options o;
    o.allow_null_scheme = true;
    udm = udm::udm_service::create(o, canned_udr).value();
    udm->add_routes(udm_router);
    ausf::ausf_service_options ao;
    ao.new_context_id = [] { return std::string("ctx"); };
    ausf = std::make_unique<ausf::ausf_service>(clock, ao, canned_udm);
    ausf->add_routes(ausf_router);
  }
  fixed_clock clock;
  std::unique_ptr<udm::udm_service> udm;
  sbi::router udm_router;
  std::unique_ptr<ausf::ausf_service> ausf;
  sbi::router ausf_router;
};

void run_request(const sbi::router& r, std::string method, std::string path, std::string body) {
  http2::request req;
  req.method = std::move(method);
  req.scheme = "http";
  req.path = std::move(path);
  req.headers.push_back({"content-type", "application/json"});
  req.body = std::move(body);
  r.dispatch(req, [](const http2::response&) {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static nfs* n = new nfs();  // one instance: contexts accumulate like in a real AUSF
  if (size == 0) {
    return 0;
  }
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      run_models(rest);
      break;
    case 1:
      run_request(n->ausf_router, "POST", "/nausf-auth/v1/ue-authentications", std::string(rest));
      break;
    case 2:
      run_request(n->ausf_router, "PUT",
                  "/nausf-auth/v1/ue-authentications/ctx/5g-aka-confirmation", std::string(rest));
      break;
    case 3: {
      // The path variable is the input up to the first newline, the body the remainder.
      const auto nl = rest.find('\n');
      const std::string id(rest.substr(0, nl));
      const std::string body(nl == std::string_view::npos ? "" : rest.substr(nl + 1));
      run_request(n->udm_router, "POST",
                  "/nudm-ueau/v1/" + id + "/security-information/generate-auth-data", body);
      break;
    }
    default:
      run_request(n->udm_router, "PUT",
                  "/nudm-uecm/v1/imsi-001010000000001/registrations/amf-3gpp-access",
                  std::string(rest));
      break;
  }
  if (n->ausf->context_count() > 1000) {
    n->ausf->expire();  // the fixed clock never advances; keep memory bounded
  }
  return 0;
}
