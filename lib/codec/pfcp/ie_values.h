#pragma once
/// \file
/// Encoding and decoding of PFCP leaf IE values (TS 29.244 §8.2), one overload per C++
/// value type. The table codec (table_codec.h) picks the overload from the member's type;
/// the IE type number lives in the table, not here.

#include <cstdint>
#include <string>

#include "glasscore/codec/pfcp/ies.h"
#include "glasscore/core/bytes.h"

namespace glasscore::pfcp::detail {

/// How a leaf value failed (§7.6): too short for what its flags announce -> Invalid
/// length; a value this receiver cannot accept -> Mandatory IE incorrect when mandatory.
enum class value_error : std::uint8_t { too_short, incorrect };

using value_result = expected<void, value_error>;

value_result decode_value(byte_span v, std::uint8_t& out);
value_result decode_value(byte_span v, std::uint16_t& out);
value_result decode_value(byte_span v, std::uint32_t& out);
value_result decode_value(byte_span v, std::string& out);
value_result decode_value(byte_span v, octets& out);
value_result decode_value(byte_span v, cause_value& out);
value_result decode_value(byte_span v, node_id& out);
value_result decode_value(byte_span v, f_seid& out);
value_result decode_value(byte_span v, f_teid& out);
value_result decode_value(byte_span v, ue_ip_address& out);
value_result decode_value(byte_span v, sdf_filter& out);
value_result decode_value(byte_span v, outer_header_removal& out);
value_result decode_value(byte_span v, apply_action& out);
value_result decode_value(byte_span v, outer_header_creation& out);
value_result decode_value(byte_span v, bit_rate& out);
value_result decode_value(byte_span v, volume& out);
value_result decode_value(byte_span v, flag_octets& out);
value_result decode_value(byte_span v, downlink_data_service_information& out);
value_result decode_value(byte_span v, failed_rule_id& out);

void encode_value(std::uint8_t v, byte_writer& w);
void encode_value(std::uint16_t v, byte_writer& w);
void encode_value(std::uint32_t v, byte_writer& w);
void encode_value(const std::string& v, byte_writer& w);
void encode_value(const octets& v, byte_writer& w);
void encode_value(cause_value v, byte_writer& w);
void encode_value(const node_id& v, byte_writer& w);
void encode_value(const f_seid& v, byte_writer& w);
void encode_value(const f_teid& v, byte_writer& w);
void encode_value(const ue_ip_address& v, byte_writer& w);
void encode_value(const sdf_filter& v, byte_writer& w);
void encode_value(const outer_header_removal& v, byte_writer& w);
void encode_value(const apply_action& v, byte_writer& w);
void encode_value(const outer_header_creation& v, byte_writer& w);
void encode_value(const bit_rate& v, byte_writer& w);
void encode_value(const volume& v, byte_writer& w);
void encode_value(const flag_octets& v, byte_writer& w);
void encode_value(const downlink_data_service_information& v, byte_writer& w);
void encode_value(const failed_rule_id& v, byte_writer& w);

}  // namespace glasscore::pfcp::detail
