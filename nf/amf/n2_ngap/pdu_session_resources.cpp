#include "amf/n2_ngap/pdu_session_resources.h"

namespace glasscore::amf {

namespace {

template <class M>
void set_ids(M& m, ngap::ue_ids ids) {
  m.amf_ue_ngap_id = value_of(ids.amf);
  m.ran_ue_ngap_id = value_of(ids.ran);
}

}  // namespace

ngap::ngap_pdu build_session_setup_request(
    ngap::ue_ids ids, std::uint8_t pdu_session_id, const nas::s_nssai& slice,
    std::optional<std::vector<std::uint8_t>> nas, std::vector<std::uint8_t> transfer,
    std::optional<std::pair<std::uint64_t, std::uint64_t>> ue_ambr_ul_dl) {
  ngap::pdu_session_resource_setup_request m;
  set_ids(m, ids);
  auto& item = m.pdu_session_resource_setup_list_su_req.emplace_back();
  item.pdu_session_id = pdu_session_id;
  item.pdu_session_nas_pdu = std::move(nas);
  item.s_nssai = ngap::make_s_nssai(slice.sst, slice.sd);
  item.pdu_session_resource_setup_request_transfer = std::move(transfer);
  if (ue_ambr_ul_dl) {
    // §8.2.1.2: the gNB needs the UE-AMBR for the non-GBR flows it sets up.
    auto& ambr = m.ue_aggregate_maximum_bit_rate.emplace();
    ambr.ue_aggregate_maximum_bit_rate_ul = static_cast<ngap::bit_rate>(ue_ambr_ul_dl->first);
    ambr.ue_aggregate_maximum_bit_rate_dl = static_cast<ngap::bit_rate>(ue_ambr_ul_dl->second);
  }
  return ngap::make_pdu(std::move(m));
}

ngap::ngap_pdu build_session_release_command(ngap::ue_ids ids, std::uint8_t pdu_session_id,
                                             std::optional<std::vector<std::uint8_t>> nas,
                                             std::vector<std::uint8_t> transfer) {
  ngap::pdu_session_resource_release_command m;
  set_ids(m, ids);
  m.nas_pdu = std::move(nas);
  auto& item = m.pdu_session_resource_to_release_list_rel_cmd.emplace_back();
  item.pdu_session_id = pdu_session_id;
  item.pdu_session_resource_release_command_transfer = std::move(transfer);
  return ngap::make_pdu(std::move(m));
}

ngap::ngap_pdu build_session_modify_request(ngap::ue_ids ids, std::uint8_t pdu_session_id,
                                            std::optional<std::vector<std::uint8_t>> nas,
                                            std::vector<std::uint8_t> transfer) {
  ngap::pdu_session_resource_modify_request m;
  set_ids(m, ids);
  auto& item = m.pdu_session_resource_modify_list_mod_req.emplace_back();
  item.pdu_session_id = pdu_session_id;
  item.nas_pdu = std::move(nas);
  item.pdu_session_resource_modify_request_transfer = std::move(transfer);
  return ngap::make_pdu(std::move(m));
}

std::optional<std::vector<session_n2_answer>> session_answers_of(const ngap::ngap_pdu& pdu) {
  std::vector<session_n2_answer> out;
  auto add = [&out](std::uint8_t id, n2_sm_type type, const std::vector<std::uint8_t>& bytes) {
    out.push_back({id, {type, bytes}});
  };
  if (const auto* setup = ngap::message_of<ngap::pdu_session_resource_setup_response>(pdu)) {
    for (const auto& i : setup->pdu_session_resource_setup_list_su_res.value_or(
             ngap::pdu_session_resource_setup_list_su_res{})) {
      add(i.pdu_session_id, n2_sm_type::pdu_res_setup_rsp,
          i.pdu_session_resource_setup_response_transfer);
    }
    for (const auto& i : setup->pdu_session_resource_failed_to_setup_list_su_res.value_or(
             ngap::pdu_session_resource_failed_to_setup_list_su_res{})) {
      add(i.pdu_session_id, n2_sm_type::pdu_res_setup_fail,
          i.pdu_session_resource_setup_unsuccessful_transfer);
    }
  } else if (const auto* release =
                 ngap::message_of<ngap::pdu_session_resource_release_response>(pdu)) {
    for (const auto& i : release->pdu_session_resource_released_list_rel_res) {
      add(i.pdu_session_id, n2_sm_type::pdu_res_rel_rsp,
          i.pdu_session_resource_release_response_transfer);
    }
  } else if (const auto* modify =
                 ngap::message_of<ngap::pdu_session_resource_modify_response>(pdu)) {
    for (const auto& i : modify->pdu_session_resource_modify_list_mod_res.value_or(
             ngap::pdu_session_resource_modify_list_mod_res{})) {
      add(i.pdu_session_id, n2_sm_type::pdu_res_mod_rsp,
          i.pdu_session_resource_modify_response_transfer);
    }
    for (const auto& i : modify->pdu_session_resource_failed_to_modify_list_mod_res.value_or(
             ngap::pdu_session_resource_failed_to_modify_list_mod_res{})) {
      add(i.pdu_session_id, n2_sm_type::pdu_res_mod_fail,
          i.pdu_session_resource_modify_unsuccessful_transfer);
    }
  } else if (const auto* notify = ngap::message_of<ngap::pdu_session_resource_notify>(pdu)) {
    for (const auto& i : notify->pdu_session_resource_notify_list.value_or(
             ngap::pdu_session_resource_notify_list{})) {
      add(i.pdu_session_id, n2_sm_type::pdu_res_nty, i.pdu_session_resource_notify_transfer);
    }
    for (const auto& i : notify->pdu_session_resource_released_list_not.value_or(
             ngap::pdu_session_resource_released_list_not{})) {
      add(i.pdu_session_id, n2_sm_type::pdu_res_nty_rel,
          i.pdu_session_resource_notify_released_transfer);
    }
  } else {
    return std::nullopt;
  }
  return out;
}

}  // namespace glasscore::amf
