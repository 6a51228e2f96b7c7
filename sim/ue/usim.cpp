// The USIM: 5G AKA on the UE side with the SQN rules of TS 33.102 Annex C.
#include "glasscore/sim/usim.h"

#include <algorithm>
#include <utility>

namespace glasscore::sim {

namespace {
constexpr std::uint64_t ind_mask = (std::uint64_t{1} << usim_ind_bits) - 1;
}  // namespace

std::uint64_t sqn_to_u64(const crypto::sqn48& sqn) {
  std::uint64_t v = 0;
  for (auto b : sqn) {
    v = (v << 8) | b;
  }
  return v;
}

crypto::sqn48 sqn_from_u64(std::uint64_t value) {
  crypto::sqn48 out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[out.size() - 1 - i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
  return out;
}

usim::usim(usim_config config, crypto::milenage m)
    : config_(std::move(config)), milenage_(std::move(m)) {
  set_sqn_ms(config_.sqn_ms);
}

expected<usim, crypto::crypto_error> usim::create(const usim_config& config) {
  if (config.opc.has_value() == config.op.has_value()) {
    return fail(crypto::crypto_error::bad_parameter);
  }
  crypto::key128 opc{};
  if (config.opc) {
    opc = *config.opc;
  } else {
    auto computed = crypto::compute_opc(config.k, *config.op);
    if (!computed) {
      return fail(computed.error());
    }
    opc = *computed;
  }
  if (!config.supi.starts_with("imsi-") || (config.mnc_length != 2 && config.mnc_length != 3)) {
    return fail(crypto::crypto_error::bad_parameter);
  }
  auto m = crypto::milenage::create(config.k, opc);
  if (!m) {
    return fail(m.error());
  }
  return usim(config, std::move(*m));
}

expected<auth_success, auth_refusal> usim::authenticate(byte_span rand, byte_span autn,
                                                        std::string_view sn_name) {
  if (rand.size() != 16 || autn.size() != 16) {
    return fail(auth_refusal{auth_failure::bad_input, std::nullopt});
  }
  // TS 33.102 §6.3.3: recover SQN with AK and verify MAC-A first; a challenge whose MAC
  // fails says nothing trustworthy about SQN.
  auto opened = crypto::open_autn(milenage_, rand, autn);
  if (!opened) {
    if (opened.error() == crypto::crypto_error::mac_mismatch) {
      return fail(auth_refusal{auth_failure::mac_failure, std::nullopt});
    }
    return fail(auth_refusal{auth_failure::bad_input, std::nullopt});
  }
  // TS 33.501 §6.1.3.2 step 5 / TS 33.102 Annex H: the "AMF separation bit" (bit 0 of the
  // AMF field) must be 1 for a 5G authentication vector.
  if ((opened->amf[0] & 0x80) == 0) {
    return fail(auth_refusal{auth_failure::non_5g_auth, std::nullopt});
  }
  // TS 33.102 C.2.1: SQN = SEQ || IND; fresh if SEQ > SEQ_MS(IND), and, with an age limit L,
  // if SEQ_MS - SEQ < L where SEQ_MS is the highest SEQ accepted for any IND (C.2.2).
  const std::uint64_t sqn = sqn_to_u64(opened->sqn);
  const std::uint64_t seq = sqn >> usim_ind_bits;
  const std::size_t ind = static_cast<std::size_t>(sqn & ind_mask);
  const std::uint64_t highest = *std::max_element(seq_ms_.begin(), seq_ms_.end());
  const bool fresh = seq > seq_ms_[ind] &&
                     (config_.age_limit == 0 || highest < seq || highest - seq < config_.age_limit);
  if (!fresh) {
    auto auts = crypto::build_auts(milenage_, rand, sqn_ms());
    if (!auts) {
      return fail(auth_refusal{auth_failure::bad_input, std::nullopt});
    }
    return fail(auth_refusal{auth_failure::synch_failure, *auts});
  }
  const auto& keys = opened->keys;
  auto res_star = crypto::derive_res_star(keys.ck, keys.ik, sn_name, rand, keys.res);
  // A.2: KAUSF binds SQN xor AK, the first six octets of AUTN.
  auto kausf = crypto::derive_kausf(keys.ck, keys.ik, sn_name, autn.first(6));
  auto kseaf =
      kausf.and_then([&](const crypto::key256& k) { return crypto::derive_kseaf(k, sn_name); });
  if (!res_star || !kseaf) {
    return fail(auth_refusal{auth_failure::bad_input, std::nullopt});
  }
  seq_ms_[ind] = seq;
  return auth_success{*res_star, *kausf, *kseaf, opened->sqn};
}

expected<crypto::suci, crypto::crypto_error> usim::conceal_supi() const {
  return crypto::conceal(config_.supi, config_.mnc_length, config_.routing_indicator,
                         config_.scheme, config_.hn_public_key_id, config_.hn_public_key);
}

crypto::sqn48 usim::sqn_ms() const {
  std::size_t best = 0;
  for (std::size_t i = 1; i < seq_ms_.size(); ++i) {
    if (seq_ms_[i] > seq_ms_[best]) {
      best = i;
    }
  }
  return sqn_from_u64(seq_ms_[best] << usim_ind_bits | best);
}

void usim::set_sqn_ms(const crypto::sqn48& sqn) {
  // Every IND starts at the given SEQ: nothing at or below it is fresh any more.
  const std::uint64_t value = sqn_to_u64(sqn);
  seq_ms_.fill(value >> usim_ind_bits);
  seq_ms_[static_cast<std::size_t>(value & ind_mask)] = value >> usim_ind_bits;
}

}  // namespace glasscore::sim
