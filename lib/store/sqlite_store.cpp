// The embedded subscriber store on SQLite (see sqlite_store.h and docs/subscriber-store.md).
//
// One row per subscriber. The authentication fields and the SQN are columns of their own (the
// SQN is the only value written on the AUTH path, and a single integer column keeps that
// write small); the per-slice session data, which only ever moves as a whole, is one JSON
// column in the import/export format's shape.
#include "glasscore/store/sqlite_store.h"

#include <fmt/core.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <system_error>
#include <thread>

#include "glasscore/store/json.h"
#include "sqlite_db.h"

namespace glasscore::store {
namespace {

using detail::connection;
using detail::sqlite_failure;
using detail::statement;
using detail::statement_use;
using detail::transaction;

unexpected<store_error> error(store_errc code, std::string message,
                              std::optional<std::size_t> index = std::nullopt) {
  return unexpected<store_error>(store_error{code, std::move(message), index});
}

// --- schema ----------------------------------------------------------------------------------

// Upgrades the schema from `version` to `version + 1`. Each released version adds one case;
// old cases never change, so any older database walks the same path to the current one.
expected<void, store_error> migrate_step(connection& db, std::int64_t version) {
  switch (version) {
    case 0:
      return db.exec(R"sql(
        CREATE TABLE subscriber (
          imsi        TEXT PRIMARY KEY NOT NULL,
          msisdn      TEXT,
          auth_method TEXT NOT NULL,
          k           BLOB NOT NULL,
          op_kind     TEXT NOT NULL,
          op          BLOB NOT NULL,
          amf         BLOB NOT NULL,
          sqn         INTEGER NOT NULL,
          ue_ambr_ul  INTEGER NOT NULL,
          ue_ambr_dl  INTEGER NOT NULL,
          slices      TEXT NOT NULL
        ))sql");
    default:
      return error(store_errc::io, fmt::format("no migration from schema version {}", version));
  }
}

expected<void, store_error> check_version(std::int64_t version, const std::string& file) {
  if (version > sqlite_schema_version) {
    return error(store_errc::newer_schema,
                 fmt::format("{}: schema version {} is newer than this Glasscore knows ({}); "
                             "use the Glasscore release that wrote it, or a later one",
                             file, version, sqlite_schema_version));
  }
  if (version < 0) {
    return error(store_errc::invalid_data,
                 fmt::format("{}: schema version {} is not a Glasscore version", file, version));
  }
  return {};
}

expected<void, store_error> upgrade_schema(connection& db, const std::string& file) {
  auto seen = db.query_int("PRAGMA user_version");
  if (!seen) {
    return unexpected<store_error>(seen.error());
  }
  if (auto ok = check_version(*seen, file); !ok || *seen == sqlite_schema_version) {
    return ok;  // the usual case: no write lock needed to open
  }
  // Upgrade inside one write transaction and read the version again there, so two processes
  // opening an old (or new, empty) store at once cannot both run the same step.
  auto tx = transaction::begin(db);
  if (!tx) {
    return unexpected<store_error>(tx.error());
  }
  auto version = db.query_int("PRAGMA user_version");
  if (!version) {
    return unexpected<store_error>(version.error());
  }
  if (auto ok = check_version(*version, file); !ok) {
    return ok;
  }
  for (std::int64_t v = *version; v < sqlite_schema_version; ++v) {
    if (auto ok = migrate_step(db, v); !ok) {
      return ok;
    }
  }
  const std::string set = fmt::format("PRAGMA user_version = {}", sqlite_schema_version);
  if (auto ok = db.exec(set.c_str()); !ok) {
    return ok;
  }
  return tx->commit();
}

// WAL: readers (the CLI's list) never block the core's writers, and a commit is one sequential
// append. Switching a new database to WAL needs an exclusive lock, and SQLite answers
// SQLITE_BUSY at once, without calling the busy handler, when another connection holds a
// shared lock at that moment (two processes opening a fresh data directory together do), so
// the switch is retried here for as long as the busy timeout allows.
expected<void, store_error> enter_wal_mode(connection& db, const std::string& file,
                                           std::chrono::milliseconds busy_timeout) {
  const auto give_up = std::chrono::steady_clock::now() + busy_timeout;
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    auto mode = db.query_text("PRAGMA journal_mode = WAL");
    if (mode && *mode == "wal") {
      return {};
    }
    if (mode) {
      return error(store_errc::io,
                   fmt::format("{}: cannot use WAL journal mode (got '{}'); is the data directory "
                               "on a network file system?",
                               file, *mode));
    }
    if (mode.error().code != store_errc::busy || std::chrono::steady_clock::now() >= give_up) {
      return unexpected<store_error>(mode.error());
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

expected<void, store_error> make_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) {
    return {};
  }
  if (dir.has_parent_path()) {
    std::filesystem::create_directories(dir.parent_path(), ec);
  }
  // 0700: the store holds subscriber keys (K, OPc).
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return error(store_errc::io, fmt::format("cannot create data directory {}: {}", dir.string(),
                                             std::strerror(errno)));
  }
  if (!std::filesystem::is_directory(dir, ec)) {
    return error(store_errc::io, fmt::format("{} is not a directory", dir.string()));
  }
  return {};
}

// --- rows ------------------------------------------------------------------------------------

constexpr std::string_view columns =
    "imsi, msisdn, auth_method, k, op_kind, op, amf, sqn, ue_ambr_ul, ue_ambr_dl, slices";

void bind_subscriber(statement& st, const subscriber& s) {
  st.bind(1, s.imsi);
  if (s.msisdn) {
    st.bind(2, *s.msisdn);
  } else {
    st.bind_null(2);
  }
  st.bind(3, to_string(s.auth.method));
  st.bind(4, byte_span(s.auth.k));
  st.bind(5, s.auth.opc.kind == operator_key_kind::op ? "op" : "opc");
  st.bind(6, byte_span(s.auth.opc.value));
  st.bind(7, byte_span(s.auth.amf));
  st.bind(8, static_cast<std::int64_t>(s.auth.sqn));
  st.bind(9, static_cast<std::int64_t>(s.ue_ambr.uplink_kbps));
  st.bind(10, static_cast<std::int64_t>(s.ue_ambr.downlink_kbps));
  st.bind(11, slices_to_json(s.slices));
}

template <std::size_t N>
bool copy_blob(const std::vector<std::uint8_t>& blob, std::array<std::uint8_t, N>& out) {
  if (blob.size() != N) {
    return false;
  }
  std::copy(blob.begin(), blob.end(), out.begin());
  return true;
}

// A stored row back to a subscriber. Rows are written only through bind_subscriber(), but the
// file may have been edited by hand or damaged, so it is checked like any other input.
expected<subscriber, store_error> read_row(const statement& st) {
  subscriber s;
  s.imsi = st.column_text(0);
  if (!st.column_is_null(1)) {
    s.msisdn = st.column_text(1);
  }
  const auto unreadable = [&](std::string_view what) {
    return error(store_errc::invalid_data,
                 fmt::format("stored subscriber {} is unreadable: {}", s.imsi, what));
  };
  const auto method = parse_auth_method(st.column_text(2));
  const std::string op_kind = st.column_text(4);
  if (!method || (op_kind != "op" && op_kind != "opc")) {
    return unreadable("bad auth_method or op_kind");
  }
  s.auth.method = *method;
  s.auth.opc.kind = op_kind == "op" ? operator_key_kind::op : operator_key_kind::opc;
  if (!copy_blob(st.column_blob(3), s.auth.k) || !copy_blob(st.column_blob(5), s.auth.opc.value) ||
      !copy_blob(st.column_blob(6), s.auth.amf)) {
    return unreadable("a key or AMF of the wrong size");
  }
  const std::int64_t sqn = st.column_int64(7);
  const std::int64_t ul = st.column_int64(8);
  const std::int64_t dl = st.column_int64(9);
  if (sqn < 0 || ul < 0 || dl < 0) {
    return unreadable("a negative SQN or AMBR");
  }
  s.auth.sqn = static_cast<std::uint64_t>(sqn);
  s.ue_ambr = {static_cast<std::uint64_t>(ul), static_cast<std::uint64_t>(dl)};
  auto slices = slices_from_json(st.column_text(10));
  if (!slices) {
    return unreadable(slices.error().field + ": " + slices.error().message);
  }
  s.slices = std::move(*slices);
  if (auto valid = validate(s); !valid) {
    return unreadable(valid.error().field + ": " + valid.error().message);
  }
  return s;
}

class sqlite_subscriber_store final : public subscriber_store {
 public:
  explicit sqlite_subscriber_store(connection db) : db_(std::move(db)) {}

  expected<void, store_error> prepare_all() {
    const std::pair<statement*, std::string> all[] = {
        {&select_, fmt::format("SELECT {} FROM subscriber WHERE imsi = ?1", columns)},
        {&insert_, fmt::format("INSERT INTO subscriber ({}) VALUES "
                               "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                               columns)},
        // The SQN never goes down on a replace (subscriber_store::replace).
        {&update_,
         "UPDATE subscriber SET msisdn = ?2, auth_method = ?3, k = ?4, op_kind = ?5, op = ?6, "
         "amf = ?7, sqn = max(sqn, ?8), ue_ambr_ul = ?9, ue_ambr_dl = ?10, slices = ?11 "
         "WHERE imsi = ?1"},
        {&delete_, "DELETE FROM subscriber WHERE imsi = ?1"},
        {&page_,
         fmt::format("SELECT {} FROM subscriber WHERE imsi > ?1 ORDER BY imsi LIMIT ?2", columns)},
        {&count_, "SELECT count(*) FROM subscriber"},
        {&get_sqn_, "SELECT sqn FROM subscriber WHERE imsi = ?1"},
        {&set_sqn_, "UPDATE subscriber SET sqn = ?2 WHERE imsi = ?1"},
    };
    for (const auto& [target, sql] : all) {
      auto st = db_.prepare(sql);
      if (!st) {
        return unexpected<store_error>(st.error());
      }
      *target = std::move(*st);
    }
    return {};
  }

  expected<subscriber, store_error> get(std::string_view imsi) override {
    statement_use use(select_);
    select_.bind(1, imsi);
    const int rc = select_.step();
    if (rc == SQLITE_DONE) {
      return not_found(imsi);
    }
    if (rc != SQLITE_ROW) {
      return unexpected<store_error>(sqlite_failure(db_.get(), rc, "reading a subscriber"));
    }
    return read_row(select_);
  }

  expected<void, store_error> create(const subscriber& s) override {
    if (auto valid = check(s, std::nullopt); !valid) {
      return valid;
    }
    return insert(s, std::nullopt);
  }

  expected<void, store_error> replace(const subscriber& s) override {
    if (auto valid = check(s, std::nullopt); !valid) {
      return valid;
    }
    statement_use use(update_);
    bind_subscriber(update_, s);
    if (const int rc = update_.step(); rc != SQLITE_DONE) {
      return unexpected<store_error>(sqlite_failure(db_.get(), rc, "replacing a subscriber"));
    }
    if (sqlite3_changes(db_.get()) == 0) {
      return not_found(s.imsi);
    }
    return {};
  }

  expected<void, store_error> remove(std::string_view imsi) override {
    statement_use use(delete_);
    delete_.bind(1, imsi);
    if (const int rc = delete_.step(); rc != SQLITE_DONE) {
      return unexpected<store_error>(sqlite_failure(db_.get(), rc, "deleting a subscriber"));
    }
    if (sqlite3_changes(db_.get()) == 0) {
      return not_found(imsi);
    }
    return {};
  }

  expected<subscriber_page, store_error> list(std::string_view after, std::size_t limit) override {
    limit = std::clamp<std::size_t>(limit, 1, 1'000'000);
    statement_use use(page_);
    page_.bind(1, after);
    page_.bind(2, static_cast<std::int64_t>(limit + 1));  // one more tells if a next page exists
    subscriber_page page;
    for (;;) {
      const int rc = page_.step();
      if (rc == SQLITE_DONE) {
        break;
      }
      if (rc != SQLITE_ROW) {
        return unexpected<store_error>(sqlite_failure(db_.get(), rc, "listing subscribers"));
      }
      if (page.subscribers.size() == limit) {
        page.next_after = page.subscribers.back().imsi;
        break;
      }
      auto s = read_row(page_);
      if (!s) {
        return unexpected<store_error>(s.error());
      }
      page.subscribers.push_back(std::move(*s));
    }
    return page;
  }

  expected<std::size_t, store_error> count() override {
    statement_use use(count_);
    const int rc = count_.step();
    if (rc != SQLITE_ROW) {
      return unexpected<store_error>(sqlite_failure(db_.get(), rc, "counting subscribers"));
    }
    return static_cast<std::size_t>(count_.column_int64(0));
  }

  expected<void, store_error> import_all(std::span<const subscriber> batch,
                                         bool replace_existing) override {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (auto valid = check(batch[i], i); !valid) {
        return valid;
      }
      if (!seen.insert(batch[i].imsi).second) {
        return error(store_errc::already_exists,
                     fmt::format("record {}: subscriber {} appears twice", i, batch[i].imsi), i);
      }
    }
    auto tx = transaction::begin(db_);
    if (!tx) {
      return unexpected<store_error>(tx.error());
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      auto done = insert(batch[i], i);
      if (!done && done.error().code == store_errc::already_exists && replace_existing) {
        done = replace(batch[i]);
      }
      if (!done) {
        return done;  // the transaction rolls back: nothing of the batch is stored
      }
    }
    return tx->commit();
  }

  expected<std::uint64_t, store_error> advance_sqn(std::string_view imsi) override {
    return step_sqn(imsi, [](std::uint64_t sqn_he) { return next_sqn(sqn_he); });
  }

  expected<std::uint64_t, store_error> resync_sqn(std::string_view imsi,
                                                  std::uint64_t sqn_ms) override {
    if (sqn_ms > sqn_max) {
      return error(store_errc::invalid_data, "SQN_MS is 48 bits (TS 33.102 §6.3.3)");
    }
    return step_sqn(imsi,
                    [sqn_ms](std::uint64_t sqn_he) { return resynchronised_sqn(sqn_he, sqn_ms); });
  }

  expected<bool, store_error> compare_and_set_sqn(std::string_view imsi, std::uint64_t expected_sqn,
                                                  std::uint64_t desired) override {
    if (desired > sqn_max || desired <= expected_sqn) {
      return error(store_errc::invalid_data,
                   "the new SQN must be above the old one and within 48 bits (TS 33.102 C.3.2)");
    }
    bool matched = false;
    auto stepped =
        step_sqn(imsi, [&](std::uint64_t sqn_he) -> expected<std::uint64_t, store_error> {
          matched = sqn_he == expected_sqn;
          return matched ? desired : sqn_he;  // unchanged on a mismatch
        });
    if (!stepped) {
      return unexpected<store_error>(stepped.error());
    }
    return matched;
  }

 private:
  unexpected<store_error> not_found(std::string_view imsi) const {
    return error(store_errc::not_found, fmt::format("subscriber {} not found", imsi));
  }

  static expected<void, store_error> check(const subscriber& s, std::optional<std::size_t> index) {
    auto valid = validate(s);
    if (!valid) {
      const std::string where = index ? fmt::format("record {}: ", *index) : "";
      return error(store_errc::invalid_data,
                   fmt::format("{}{}: {}", where, valid.error().field, valid.error().message),
                   index);
    }
    return {};
  }

  expected<void, store_error> insert(const subscriber& s, std::optional<std::size_t> index) {
    statement_use use(insert_);
    bind_subscriber(insert_, s);
    const int rc = insert_.step();
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      const std::string where = index ? fmt::format("record {}: ", *index) : "";
      return error(store_errc::already_exists,
                   fmt::format("{}subscriber {} already exists", where, s.imsi), index);
    }
    if (rc != SQLITE_DONE) {
      return unexpected<store_error>(sqlite_failure(db_.get(), rc, "adding a subscriber"));
    }
    return {};
  }

  // One write transaction per SQN step: read SQN_HE, compute, write, COMMIT. The result is
  // returned only after COMMIT succeeded, and with synchronous=FULL in WAL mode COMMIT returns
  // after the WAL is fsync'ed, so a handed-out SQN is already durable.
  template <class Policy>
  expected<std::uint64_t, store_error> step_sqn(std::string_view imsi, Policy policy) {
    auto tx = transaction::begin(db_);
    if (!tx) {
      return unexpected<store_error>(tx.error());
    }
    std::uint64_t current = 0;
    {
      statement_use use(get_sqn_);
      get_sqn_.bind(1, imsi);
      const int rc = get_sqn_.step();
      if (rc == SQLITE_DONE) {
        return not_found(imsi);
      }
      if (rc != SQLITE_ROW) {
        return unexpected<store_error>(sqlite_failure(db_.get(), rc, "reading the SQN"));
      }
      const std::int64_t stored = get_sqn_.column_int64(0);
      if (stored < 0) {
        return error(store_errc::invalid_data, fmt::format("stored SQN of {} is negative", imsi));
      }
      current = static_cast<std::uint64_t>(stored);
    }
    auto next = policy(current);
    if (!next) {
      next.error().message = fmt::format("subscriber {}: {}", imsi, next.error().message);
      return next;
    }
    if (*next != current) {  // a compare-and-set that did not match writes nothing
      statement_use use(set_sqn_);
      set_sqn_.bind(1, imsi);
      set_sqn_.bind(2, static_cast<std::int64_t>(*next));
      if (const int rc = set_sqn_.step(); rc != SQLITE_DONE) {
        return unexpected<store_error>(sqlite_failure(db_.get(), rc, "writing the SQN"));
      }
    }
    if (auto ok = tx->commit(); !ok) {
      return unexpected<store_error>(ok.error());
    }
    return next;
  }

  connection db_;
  statement select_, insert_, update_, delete_, page_, count_, get_sqn_, set_sqn_;
};

}  // namespace

expected<std::unique_ptr<subscriber_store>, store_error> open_sqlite_store(
    const std::filesystem::path& data_directory, const sqlite_options& options) {
  if (data_directory.empty()) {
    return error(store_errc::io, "no data directory given");
  }
  if (auto ok = make_directory(data_directory); !ok) {
    return unexpected<store_error>(ok.error());
  }
  const std::string file = (data_directory / sqlite_file_name).string();
  auto db = connection::open(file);
  if (!db) {
    return unexpected<store_error>(db.error());
  }
  sqlite3_busy_timeout(db->get(), static_cast<int>(options.busy_timeout.count()));
  if (auto ok = enter_wal_mode(*db, file, options.busy_timeout); !ok) {
    return unexpected<store_error>(ok.error());
  }
  // synchronous=FULL: in WAL mode, NORMAL may lose the last commits on power loss; FULL syncs
  // the WAL on every commit, which the SQN guarantee needs.
  if (auto ok = db->exec("PRAGMA synchronous = FULL"); !ok) {
    return unexpected<store_error>(ok.error());
  }
  if (auto ok = upgrade_schema(*db, file); !ok) {
    return unexpected<store_error>(ok.error());
  }
  auto store = std::make_unique<sqlite_subscriber_store>(std::move(*db));
  if (auto ok = store->prepare_all(); !ok) {
    return unexpected<store_error>(ok.error());
  }
  return std::unique_ptr<subscriber_store>(std::move(store));
}

}  // namespace glasscore::store
