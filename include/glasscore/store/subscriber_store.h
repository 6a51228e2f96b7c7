#pragma once
/// \file
/// The UDR's storage interface: what the UDR's SBI (TS 29.504/29.505) and the
/// `glasscore subscriber` command need from a subscriber database. Backends implement it:
/// SQLite in a data directory (`sqlite_store.h`, the embedded default) and, later,
/// PostgreSQL. Every operation is one transaction; no backend hands out the same SQN twice.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "glasscore/core/expected.h"
#include "glasscore/store/subscriber.h"

namespace glasscore::store {

enum class store_errc : std::uint8_t {
  not_found,       ///< no subscriber with that IMSI
  already_exists,  ///< create/import of an IMSI that is already stored
  invalid_data,    ///< a record fails validate(), or stored data is unreadable
  sqn_exhausted,   ///< the 48-bit SQN space is used up; the subscriber needs a new K
  newer_schema,    ///< the database was written by a newer Glasscore
  busy,            ///< another process held the database locked past the busy timeout
  io,              ///< any other storage failure (file system, SQL error)
};

[[nodiscard]] std::string_view to_string(store_errc e);

/// What went wrong, for a person: `message` is complete ("subscriber 001010000000001 not
/// found"); `index` is the record's position when a batch (import) failed on one record.
struct store_error {
  store_errc code = store_errc::io;
  std::string message;
  std::optional<std::size_t> index;
};

/// Bits of IND at the low end of SQN = SEQ || IND (TS 33.102 Annex C.3.2 profile: 5 bits).
inline constexpr unsigned sqn_ind_bits = 5;

/// The SQN policy, TS 33.102 Annex C (referenced by TS 33.501 §6.1.3.2 for 5G AKA and
/// §6.1.3.1 for EAP-AKA'): SQN = SEQ || IND with a 5-bit IND. Each new vector takes
/// SEQ + 1 with IND = 0, so SQN steps by 32. A single UDR generates every vector, so one IND
/// value suffices; a USIM using the Annex C.2.2 array scheme accepts it (SEQ always grows in
/// slot 0) and so does one using the plain "SQN > SQN_MS" check of Annex C.2.1.
/// Fails with sqn_exhausted rather than wrap: a wrapped SQN would be refused by the USIM
/// and, worse, could replay an old one.
[[nodiscard]] expected<std::uint64_t, store_error> next_sqn(std::uint64_t sqn_he);

/// The SQN after a resynchronisation (TS 33.102 §6.3.5): the USIM reported SQN_MS in AUTS;
/// the next vector must be above it and above everything already handed out, so the result
/// is next_sqn(max(SQN_HE, SQN_MS)). SQN_HE never goes down.
[[nodiscard]] expected<std::uint64_t, store_error> resynchronised_sqn(std::uint64_t sqn_he,
                                                                      std::uint64_t sqn_ms);

/// One page of a listing, in IMSI order.
struct subscriber_page {
  std::vector<subscriber> subscribers;
  /// Pass as `after` to get the next page; empty on the last page.
  std::optional<std::string> next_after;
};

/// Abstract subscriber database. Implementations are not required to be thread-safe: one
/// object per thread (or event loop); several objects, in several processes, may use the same
/// database at once.
class subscriber_store {
 public:
  subscriber_store() = default;
  subscriber_store(const subscriber_store&) = delete;
  subscriber_store& operator=(const subscriber_store&) = delete;
  virtual ~subscriber_store() = default;

  /// The subscriber with this IMSI, or not_found.
  [[nodiscard]] virtual expected<subscriber, store_error> get(std::string_view imsi) = 0;

  /// Adds a new subscriber (validated first); already_exists if the IMSI is taken.
  [[nodiscard]] virtual expected<void, store_error> create(const subscriber& s) = 0;

  /// Replaces every field of a stored subscriber (validated first); not_found if absent.
  /// The stored SQN never goes down: it becomes max(stored, s.auth.sqn), because lowering it
  /// would hand out SQNs again (raise it to skip ahead; resync handles a USIM that is ahead).
  [[nodiscard]] virtual expected<void, store_error> replace(const subscriber& s) = 0;

  /// Deletes a subscriber; not_found if absent.
  [[nodiscard]] virtual expected<void, store_error> remove(std::string_view imsi) = 0;

  /// Up to `limit` subscribers with an IMSI after `after` (all when `after` is empty), in
  /// IMSI order. A limit of 0 is treated as 1.
  [[nodiscard]] virtual expected<subscriber_page, store_error> list(std::string_view after,
                                                                    std::size_t limit) = 0;

  /// Number of stored subscribers.
  [[nodiscard]] virtual expected<std::size_t, store_error> count() = 0;

  /// Stores every record or none (one transaction). Records are validated first; the first
  /// failure is reported with its `index`. An IMSI already stored, or twice in `batch`, is
  /// already_exists unless `replace_existing`, in which case the record replaces the stored
  /// one with replace()'s SQN rule.
  [[nodiscard]] virtual expected<void, store_error> import_all(std::span<const subscriber> batch,
                                                               bool replace_existing) = 0;

  /// Advances SQN_HE for a new authentication vector and returns the SQN to put in it
  /// (next_sqn()). Atomic and durable: the new value is committed before it is returned, so
  /// no crash, restart or concurrent caller ever gets the same SQN twice.
  [[nodiscard]] virtual expected<std::uint64_t, store_error> advance_sqn(std::string_view imsi) = 0;

  /// Resynchronisation after an AUTS (TS 33.102 §6.3.5): sets SQN_HE to
  /// resynchronised_sqn(SQN_HE, sqn_ms) and returns it as the SQN for the new vector. Same
  /// atomicity as advance_sqn(). The caller verifies MAC-S before calling.
  [[nodiscard]] virtual expected<std::uint64_t, store_error> resync_sqn(std::string_view imsi,
                                                                        std::uint64_t sqn_ms) = 0;

  /// Compare-and-set of SQN_HE, for a UDR whose clients compute the next SQN themselves
  /// (the UDM's PATCH of authentication-subscription with an RFC 6902 "test" of the old
  /// value, docs/home-network-functions.md): sets SQN_HE to `desired` only if it is
  /// `expected_sqn` now. Returns true when set, false when the stored SQN differs (another
  /// client stepped it first: read again and retry). Same atomicity and durability as
  /// advance_sqn(). Fails with invalid_data unless expected_sqn < desired <= sqn_max (SQN_HE
  /// never goes down), not_found for an unknown IMSI.
  [[nodiscard]] virtual expected<bool, store_error> compare_and_set_sqn(std::string_view imsi,
                                                                        std::uint64_t expected_sqn,
                                                                        std::uint64_t desired) = 0;
};

}  // namespace glasscore::store
