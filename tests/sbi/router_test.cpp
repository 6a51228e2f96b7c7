// Router, query parsing, discovery query, problem+json, JSON Patch and 3gpp-Sbi-* headers.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "glasscore/sbi/headers.h"
#include "glasscore/sbi/json_patch.h"
#include "glasscore/sbi/nrf_discovery.h"
#include "glasscore/sbi/problem.h"
#include "glasscore/sbi/query.h"
#include "glasscore/sbi/router.h"

namespace glasscore::sbi {
namespace {

http2::request make(std::string method, std::string path) {
  http2::request r;
  r.method = std::move(method);
  r.scheme = "http";
  r.path = std::move(path);
  return r;
}

// Dispatches synchronously (all test handlers answer inline).
http2::response run(const router& rt, const http2::request& req) {
  http2::response out;
  int calls = 0;
  rt.dispatch(req, [&](http2::response r) {
    out = std::move(r);
    ++calls;
  });
  EXPECT_EQ(calls, 1);
  return out;
}

nlohmann::json body(const http2::response& r) {
  return nlohmann::json::parse(r.body);
}

const std::string* header(const http2::response& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (h.name == name) {
      return &h.value;
    }
  }
  return nullptr;
}

class router_test : public testing::Test {
 protected:
  void SetUp() override {
    rt_.add("PUT", "/nnrf-nfm/v1/nf-instances/{nfInstanceID}",
            [this](const http2::request&, const route_match& m, const reply_fn& reply) {
              last_ = m;
              reply(json_response(201, "{}"));
            });
    rt_.add("GET", "/nnrf-nfm/v1/nf-instances/{nfInstanceID}",
            [](const http2::request&, const route_match& m, const reply_fn& reply) {
              reply(json_response(200, "\"" + m.param("nfInstanceID") + "\""));
            });
    rt_.add("GET", "/nnrf-disc/v1/nf-instances",
            [this](const http2::request&, const route_match& m, const reply_fn& reply) {
              last_ = m;
              reply(json_response(200, "{}"));
            });
    rt_.add("GET", "/boom", [](const http2::request&, const route_match&, const reply_fn&) {
      throw std::runtime_error("bug");
    });
  }
  router rt_;
  route_match last_;
};

TEST_F(router_test, extracts_and_decodes_path_params) {
  auto r = run(rt_, make("PUT", "/nnrf-nfm/v1/nf-instances/abc%2Ddef"));
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(last_.param("nfInstanceID"), "abc-def");
  EXPECT_EQ(last_.param("other"), "");
  r = run(rt_, make("GET", "/nnrf-nfm/v1/nf-instances/x1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "\"x1\"");
}

TEST_F(router_test, unknown_resource_is_404_with_cause) {
  for (const char* path : {"/nnrf-nfm/v1/nf-instances", "/nnrf-nfm/v1/nf-instances/a/b",
                           "/nnrf-nfm/v2/nf-instances/a", "/", "", "/nnrf-nfm/v1/nf-instances/"}) {
    auto r = run(rt_, make("GET", path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(*header(r, "content-type"), "application/problem+json");
    EXPECT_EQ(body(r)["cause"], "RESOURCE_URI_STRUCTURE_NOT_FOUND") << path;
    EXPECT_EQ(body(r)["status"], 404);
  }
}

TEST_F(router_test, wrong_method_is_405_with_allow) {
  auto r = run(rt_, make("DELETE", "/nnrf-nfm/v1/nf-instances/a"));
  EXPECT_EQ(r.status, 405);
  ASSERT_NE(header(r, "allow"), nullptr);
  EXPECT_EQ(*header(r, "allow"), "PUT, GET");
}

TEST_F(router_test, query_is_parsed_and_bad_encoding_is_400) {
  auto r = run(
      rt_,
      make("GET",
           "/nnrf-disc/v1/nf-instances?target-nf-type=AMF&snssais=%5B%7B%22sst%22%3A1%7D%5D&x"));
  EXPECT_EQ(r.status, 200);
  ASSERT_NE(last_.query.find("snssais"), nullptr);
  EXPECT_EQ(*last_.query.find("snssais"), R"([{"sst":1}])");
  EXPECT_EQ(*last_.query.find("x"), "");
  r = run(rt_, make("GET", "/nnrf-disc/v1/nf-instances?a=%G1"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body(r)["cause"], "INVALID_QUERY_PARAM");
  r = run(rt_, make("GET", "/nnrf-disc/v1/nf-instances?a=%4"));
  EXPECT_EQ(r.status, 400);
}

TEST_F(router_test, throwing_handler_gets_500) {
  auto r = run(rt_, make("GET", "/boom"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(body(r)["cause"], "SYSTEM_FAILURE");
}

TEST(sbi_query, percent_coding) {
  EXPECT_EQ(percent_decode("a%20b+c%2c"), "a b+c,");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%a"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_EQ(percent_encode("{\"sst\":1}"), "%7B%22sst%22%3A1%7D");
  EXPECT_EQ(percent_decode(percent_encode("ä ,/?")), "ä ,/?");
  EXPECT_EQ(split_form_array("a,b,,c"), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(split_form_array("a"), (std::vector<std::string>{"a"}));
  auto q = query_params::parse("a=1&&b=x%2Cy&a=2");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->count("a"), 2U);
  EXPECT_EQ(*q->find("a"), "1");
  EXPECT_EQ(*q->find("b"), "x,y");
  EXPECT_EQ(q->to_string(), "a=1&b=x%2Cy&a=2");
  EXPECT_FALSE(query_params::parse("=1"));
}

query_params q(std::string_view s) {
  auto r = query_params::parse(s);
  EXPECT_TRUE(r) << s;
  return r ? *r : query_params{};
}

TEST(sbi_discovery_query, parses_every_filter) {
  auto d = parse_discovery_query(
      q("target-nf-type=SMF&requester-nf-type=AMF&service-names=nsmf-pdusession,nsmf-event-exposure"
        "&requester-nf-instance-id=4947a69a-f61b-4bc1-b9da-47c9c5d14b64"
        "&target-nf-instance-id=5947a69a-f61b-4bc1-b9da-47c9c5d14b64"
        "&snssais=%5B%7B%22sst%22%3A1%2C%22sd%22%3A%22000080%22%7D%5D&dnn=internet"
        "&target-plmn-list=%5B%7B%22mcc%22%3A%22001%22%2C%22mnc%22%3A%2201%22%7D%5D"
        "&tai=%7B%22plmnId%22%3A%7B%22mcc%22%3A%22001%22%2C%22mnc%22%3A%2201%22%7D%2C%22tac%22%3A%"
        "22000001%22%7D"
        "&limit=5&unknown-param=1"));
  ASSERT_TRUE(d) << d.error().detail;
  EXPECT_EQ(d->target_nf_type, nf_type::smf);
  EXPECT_EQ(d->requester_nf_type, nf_type::amf);
  EXPECT_EQ(d->service_names, (std::vector<std::string>{"nsmf-pdusession", "nsmf-event-exposure"}));
  EXPECT_EQ(d->requester_nf_instance_id, "4947a69a-f61b-4bc1-b9da-47c9c5d14b64");
  EXPECT_EQ(d->target_nf_instance_id, "5947a69a-f61b-4bc1-b9da-47c9c5d14b64");
  ASSERT_EQ(d->snssais.size(), 1U);
  EXPECT_EQ(d->snssais[0], (snssai{1, "000080"}));
  EXPECT_EQ(d->dnn, "internet");
  EXPECT_EQ(d->target_plmn_list, (std::vector<plmn_id>{{"001", "01"}}));
  ASSERT_TRUE(d->tai_filter);
  EXPECT_EQ(d->tai_filter->tac, "000001");
  EXPECT_EQ(d->limit, 5U);
  // Formatting and parsing again gives the same query.
  auto again = parse_discovery_query(q(to_query(*d).to_string()));
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_EQ(*again, *d);
}

TEST(sbi_discovery_query, errors_have_the_right_cause) {
  struct c {
    const char* query;
    const char* cause;
    const char* param;
  };
  const c cases[] = {
      {"requester-nf-type=AMF", "MANDATORY_QUERY_PARAM_MISSING", "target-nf-type"},
      {"target-nf-type=SMF", "MANDATORY_QUERY_PARAM_MISSING", "requester-nf-type"},
      {"target-nf-type=FOO&requester-nf-type=AMF", "MANDATORY_QUERY_PARAM_INCORRECT",
       "target-nf-type"},
      {"target-nf-type=SMF&requester-nf-type=amf", "MANDATORY_QUERY_PARAM_INCORRECT",
       "requester-nf-type"},
      {"target-nf-type=SMF&requester-nf-type=AMF&snssais=%5B%7B%22sst%22%3A999%7D%5D",
       "OPTIONAL_QUERY_PARAM_INCORRECT", "snssais"},
      {"target-nf-type=SMF&requester-nf-type=AMF&snssais=sst1", "OPTIONAL_QUERY_PARAM_INCORRECT",
       "snssais"},
      {"target-nf-type=SMF&requester-nf-type=AMF&snssais=%5B%5D", "OPTIONAL_QUERY_PARAM_INCORRECT",
       "snssais"},
      {"target-nf-type=SMF&requester-nf-type=AMF&tai=%7B%7D", "OPTIONAL_QUERY_PARAM_INCORRECT",
       "tai"},
      {"target-nf-type=SMF&requester-nf-type=AMF&target-nf-instance-id=1",
       "OPTIONAL_QUERY_PARAM_INCORRECT", "target-nf-instance-id"},
      {"target-nf-type=SMF&requester-nf-type=AMF&service-names=a,,b",
       "OPTIONAL_QUERY_PARAM_INCORRECT", "service-names"},
      {"target-nf-type=SMF&requester-nf-type=AMF&limit=0", "OPTIONAL_QUERY_PARAM_INCORRECT",
       "limit"},
  };
  for (const auto& x : cases) {
    auto d = parse_discovery_query(q(x.query));
    ASSERT_FALSE(d) << x.query;
    EXPECT_EQ(d.error().status, 400);
    EXPECT_EQ(d.error().cause, x.cause) << x.query;
    ASSERT_EQ(d.error().invalid_params.size(), 1U);
    EXPECT_EQ(d.error().invalid_params[0].param, x.param) << x.query;
  }
}

TEST(sbi_problem, bad_body_maps_decode_errors) {
  auto e = bad_body({decode_error_kind::incorrect, "/nfType", "unknown value 'FOO'"});
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.cause, "MANDATORY_IE_INCORRECT");
  auto r = problem_response(e);
  EXPECT_EQ(r.status, 400);
  auto j = body(r);
  EXPECT_EQ(j["title"], "Bad Request");
  EXPECT_EQ(j["detail"], "nfType: unknown value 'FOO'");
  EXPECT_EQ(j["invalidParams"][0]["param"], "/nfType");
  EXPECT_EQ(bad_body({decode_error_kind::syntax, "", "x"}).cause, "INVALID_MSG_FORMAT");
  EXPECT_EQ(bad_body({decode_error_kind::missing, "/a", "x"}).cause, "MANDATORY_IE_MISSING");
  // Invalid UTF-8 in a detail does not throw.
  auto bad = problem_response(400, cause::invalid_query_param, std::string("\xff\xfe"));
  EXPECT_EQ(bad.status, 400);
}

TEST(sbi_json_patch, applies_and_rejects) {
  const auto doc = nlohmann::json::parse(R"({"nfStatus":"REGISTERED","load":1})");
  auto r = apply_json_patch(doc, nlohmann::json::parse(
                                     R"([{"op":"replace","path":"/nfStatus","value":"SUSPENDED"},
          {"op":"add","path":"/capacity","value":5},{"op":"remove","path":"/load"}])"));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, nlohmann::json::parse(R"({"nfStatus":"SUSPENDED","capacity":5})"));
  EXPECT_FALSE(apply_json_patch(doc, nlohmann::json::parse(R"({"op":"add"})")));
  auto e = apply_json_patch(doc, nlohmann::json::parse(R"([{"op":"frob","path":"/a"}])"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().pointer, "/0/op");
  e = apply_json_patch(doc, nlohmann::json::parse(R"([{"op":"replace","path":"/nfStatus"}])"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().pointer, "/0/value");
  // Not applicable: nothing thrown, an error returned.
  EXPECT_FALSE(apply_json_patch(doc, nlohmann::json::parse(R"([{"op":"remove","path":"/nope"}])")));
  EXPECT_FALSE(apply_json_patch(
      doc, nlohmann::json::parse(R"([{"op":"replace","path":"nfStatus","value":1}])")));
  EXPECT_FALSE(
      apply_json_patch(doc, nlohmann::json::parse(R"([{"op":"test","path":"/load","value":2}])")));
}

TEST(sbi_headers, parse_and_format) {
  EXPECT_EQ(parse_message_priority("24"), 24);
  EXPECT_EQ(parse_message_priority(" 0 "), 0);
  EXPECT_FALSE(parse_message_priority("32"));
  EXPECT_FALSE(parse_message_priority("-1"));
  EXPECT_FALSE(parse_message_priority("x"));
  EXPECT_EQ(format_message_priority(7), "7");

  auto cb = parse_callback("Nnrf_NFManagement_NFStatusNotify; apiversion=1");
  ASSERT_TRUE(cb);
  EXPECT_EQ(cb->type, "Nnrf_NFManagement_NFStatusNotify");
  EXPECT_EQ(cb->api_version, 1U);
  EXPECT_EQ(parse_callback(format_callback(*cb)), cb);
  EXPECT_FALSE(parse_callback(""));
  EXPECT_FALSE(parse_callback("A; version=1"));

  EXPECT_EQ(parse_target_api_root("http://127.0.0.1:8000/prefix"), "http://127.0.0.1:8000/prefix");
  EXPECT_FALSE(parse_target_api_root("127.0.0.1:8000"));
  EXPECT_FALSE(parse_target_api_root("http://h/"));
  EXPECT_FALSE(parse_target_api_root("http://h?x=1"));

  auto ci = parse_correlation_info("imsi-001010000000001, IMEI-490154203237518");
  ASSERT_TRUE(ci);
  ASSERT_EQ(ci->size(), 2U);
  EXPECT_EQ((*ci)[0], (std::pair<std::string, std::string>{"imsi", "001010000000001"}));
  EXPECT_EQ((*ci)[1].first, "imei");
  EXPECT_EQ(format_correlation_info(*ci), "imsi-001010000000001, imei-490154203237518");
  EXPECT_FALSE(parse_correlation_info("imsi"));

  std::vector<http2::header> hs = {{"3gpp-Sbi-Discovery-target-nf-type", "SMF"},
                                   {"3gpp-sbi-discovery-dnn", "internet"},
                                   {"3gpp-sbi-unknown", "x"},
                                   {"content-type", "application/json"}};
  auto d = discovery_headers(hs);
  ASSERT_EQ(d.size(), 2U);
  EXPECT_EQ(d[0].first, "target-nf-type");
  EXPECT_EQ(d[1].second, "internet");

  http2::request req;
  req.headers = {{"content-type", "Application/JSON; charset=utf-8"}};
  EXPECT_TRUE(has_content_type(req, "application/json"));
  EXPECT_FALSE(has_content_type(req, "application/json-patch+json"));
}

}  // namespace
}  // namespace glasscore::sbi
