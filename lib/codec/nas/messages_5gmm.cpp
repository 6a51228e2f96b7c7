// Decoding dispatch for 5GMM messages (TS 24.501 §8.2, §9.7).
#include "glasscore/codec/nas/messages_5gmm.h"

namespace glasscore::nas {

namespace {

constexpr std::uint8_t epd_5gmm = 0x7E;

template <class Message>
expected<gmm_message, nas_error> decode_as(byte_reader& r) {
  return decode_ies<Message>(r).map([](Message m) { return gmm_message{std::move(m)}; });
}

}  // namespace

expected<gmm_message, nas_error> decode_gmm(byte_span plain) {
  byte_reader r(plain);
  auto epd = r.read_u8();
  auto header = epd ? r.read_u8() : epd;
  auto type = header ? r.read_u8() : header;
  if (!type) {
    return fail(nas_error::truncated);
  }
  if (*epd != epd_5gmm) {
    return fail(nas_error::unknown_protocol);
  }
  if ((*header & 0x0F) != 0) {
    return fail(nas_error::bad_security_header);  // protected messages go through security.h
  }
  switch (static_cast<gmm_message_type>(*type)) {
    case gmm_message_type::registration_request:
      return decode_as<registration_request>(r);
    case gmm_message_type::registration_accept:
      return decode_as<registration_accept>(r);
    case gmm_message_type::registration_complete:
      return decode_as<registration_complete>(r);
    case gmm_message_type::registration_reject:
      return decode_as<registration_reject>(r);
    case gmm_message_type::deregistration_request_ue_originating:
      return decode_as<deregistration_request_ue_originating>(r);
    case gmm_message_type::deregistration_accept_ue_originating:
      return decode_as<deregistration_accept_ue_originating>(r);
    case gmm_message_type::deregistration_request_ue_terminated:
      return decode_as<deregistration_request_ue_terminated>(r);
    case gmm_message_type::deregistration_accept_ue_terminated:
      return decode_as<deregistration_accept_ue_terminated>(r);
    case gmm_message_type::service_request:
      return decode_as<service_request>(r);
    case gmm_message_type::service_reject:
      return decode_as<service_reject>(r);
    case gmm_message_type::service_accept:
      return decode_as<service_accept>(r);
    case gmm_message_type::control_plane_service_request:
      return decode_as<control_plane_service_request>(r);
    case gmm_message_type::nssa_command:
      return decode_as<nssa_command>(r);
    case gmm_message_type::nssa_complete:
      return decode_as<nssa_complete>(r);
    case gmm_message_type::nssa_result:
      return decode_as<nssa_result>(r);
    case gmm_message_type::configuration_update_command:
      return decode_as<configuration_update_command>(r);
    case gmm_message_type::configuration_update_complete:
      return decode_as<configuration_update_complete>(r);
    case gmm_message_type::authentication_request:
      return decode_as<authentication_request>(r);
    case gmm_message_type::authentication_response:
      return decode_as<authentication_response>(r);
    case gmm_message_type::authentication_reject:
      return decode_as<authentication_reject>(r);
    case gmm_message_type::authentication_failure:
      return decode_as<authentication_failure>(r);
    case gmm_message_type::authentication_result:
      return decode_as<authentication_result>(r);
    case gmm_message_type::identity_request:
      return decode_as<identity_request>(r);
    case gmm_message_type::identity_response:
      return decode_as<identity_response>(r);
    case gmm_message_type::security_mode_command:
      return decode_as<security_mode_command>(r);
    case gmm_message_type::security_mode_complete:
      return decode_as<security_mode_complete>(r);
    case gmm_message_type::security_mode_reject:
      return decode_as<security_mode_reject>(r);
    case gmm_message_type::gmm_status:
      return decode_as<gmm_status>(r);
    case gmm_message_type::notification:
      return decode_as<notification>(r);
    case gmm_message_type::notification_response:
      return decode_as<notification_response>(r);
    case gmm_message_type::ul_nas_transport:
      return decode_as<ul_nas_transport>(r);
    case gmm_message_type::dl_nas_transport:
      return decode_as<dl_nas_transport>(r);
  }
  return fail(nas_error::unknown_message_type);
}

expected<void, nas_error> encode_gmm(const gmm_message& message, byte_writer& w) {
  return std::visit(
      [&w](const auto& m) {
        w.write_u8(epd_5gmm);
        w.write_u8(0x00);  // plain NAS message, spare half octet
        w.write_u8(static_cast<std::uint8_t>(m.type));
        return encode_ies(m, w);
      },
      message);
}

gmm_message_type type_of(const gmm_message& message) {
  return std::visit([](const auto& m) { return m.type; }, message);
}

}  // namespace glasscore::nas
