#pragma once
/// \file
/// Structured logging on spdlog with one logger per component ("amf", "sctp", "crypto"...)
/// and per-component levels, plus redaction of subscriber identities and keys. Redaction is
/// on by default: a production log must not carry a SUPI or a key in clear (TS 33.501 §6.12
/// treats the SUPI as the identity to protect).

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"

namespace glasscore::log {

enum class log_error : std::uint8_t {
  bad_level,   ///< a level name spdlog does not know
  bad_syntax,  ///< an entry that is neither "level" nor "component=level"
};

[[nodiscard]] std::string_view to_string(log_error e);

/// The logger for `component`, created on first use at that component's configured level.
[[nodiscard]] std::shared_ptr<spdlog::logger> get(std::string_view component);

/// Sets levels from a spec such as "info" or "warn,amf=debug,sctp=trace": a bare level is
/// the default for every component, `name=level` overrides one component. Nothing changes
/// when the spec has an error.
[[nodiscard]] expected<void, log_error> configure(std::string_view spec);

/// Turns redaction on or off for the whole process (off only for lab debugging).
void set_redaction(bool enabled);
[[nodiscard]] bool redaction_enabled();

/// A subscriber identity fit for a log line. For "imsi-<digits>" keeps the type and the
/// first five digits (MCC and at least two of the MNC) and masks the rest; for "nai-..."
/// keeps only the realm; for a SUCI keeps everything except a null-scheme output, which is
/// the MSIN in clear (TS 33.501 §6.12.2). Anything unrecognised is masked whole.
[[nodiscard]] std::string redact_identity(std::string_view identity);

/// A key or other secret fit for a log line: its length only, or its hex when redaction
/// is off.
[[nodiscard]] std::string redact_key(byte_span key);

}  // namespace glasscore::log
