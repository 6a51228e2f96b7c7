#include "sqlite_db.h"

#include <fmt/core.h>

#include <utility>

namespace glasscore::store::detail {

store_error sqlite_failure(sqlite3* db, int rc, std::string_view doing) {
  const int primary = rc & 0xFF;
  const store_errc code =
      (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) ? store_errc::busy : store_errc::io;
  const char* detail =
      db != nullptr && sqlite3_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = fmt::format("{}: {} (SQLite error {})", doing, detail, rc);
  if (code == store_errc::busy) {
    message += "; another process held the database locked past the busy timeout";
  }
  return store_error{code, std::move(message), std::nullopt};
}

// --- statement -------------------------------------------------------------------------------

statement::statement(statement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      bind_rc_(other.bind_rc_) {}

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    bind_rc_ = other.bind_rc_;
  }
  return *this;
}

statement::~statement() {
  sqlite3_finalize(stmt_);
}

namespace {
void keep_first(int& first, int rc) {
  if (first == SQLITE_OK && rc != SQLITE_OK) {
    first = rc;
  }
}
}  // namespace

void statement::bind(int index, std::string_view text) {
  keep_first(bind_rc_, sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                           SQLITE_UTF8));
}

void statement::bind(int index, std::int64_t value) {
  keep_first(bind_rc_, sqlite3_bind_int64(stmt_, index, value));
}

void statement::bind(int index, byte_span blob) {
  keep_first(bind_rc_,
             sqlite3_bind_blob64(stmt_, index, blob.data(), blob.size(), SQLITE_TRANSIENT));
}

void statement::bind_null(int index) {
  keep_first(bind_rc_, sqlite3_bind_null(stmt_, index));
}

int statement::step() {
  if (bind_rc_ != SQLITE_OK) {
    return bind_rc_;
  }
  return sqlite3_step(stmt_);
}

void statement::reset() {
  // sqlite3_reset repeats the last step's error, which the caller has already handled.
  (void)sqlite3_reset(stmt_);
  (void)sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

std::int64_t statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  return text == nullptr
             ? std::string()
             : std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::vector<std::uint8_t> statement::column_blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return data == nullptr ? std::vector<std::uint8_t>()
                         : std::vector<std::uint8_t>(data, data + size);
}

bool statement::column_is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// --- connection ------------------------------------------------------------------------------

connection& connection::operator=(connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

connection::~connection() {
  sqlite3_close_v2(db_);
}

expected<connection, store_error> connection::open(const std::string& file) {
  sqlite3* db = nullptr;
  // NOMUTEX: one connection per thread is the store's contract; EXRESCODE: extended codes
  // distinguish a primary-key conflict from other constraint failures.
  const int rc = sqlite3_open_v2(
      file.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
      nullptr);
  connection conn(db);  // closes the handle on failure too
  if (rc != SQLITE_OK) {
    return unexpected<store_error>(sqlite_failure(db, rc, "opening " + file));
  }
  return conn;
}

expected<void, store_error> connection::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return unexpected<store_error>(sqlite_failure(db_, rc, sql));
  }
  return {};
}

expected<statement, store_error> connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return unexpected<store_error>(sqlite_failure(db_, rc, "preparing SQL"));
  }
  return statement(db_, stmt);
}

expected<std::int64_t, store_error> connection::query_int(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) {
    return unexpected<store_error>(stmt.error());
  }
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) {
    return unexpected<store_error>(sqlite_failure(db_, rc == SQLITE_DONE ? SQLITE_ERROR : rc, sql));
  }
  return stmt->column_int64(0);
}

expected<std::string, store_error> connection::query_text(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) {
    return unexpected<store_error>(stmt.error());
  }
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) {
    return unexpected<store_error>(sqlite_failure(db_, rc == SQLITE_DONE ? SQLITE_ERROR : rc, sql));
  }
  return stmt->column_text(0);
}

// --- transaction -----------------------------------------------------------------------------

expected<transaction, store_error> transaction::begin(connection& db) {
  if (auto ok = db.exec("BEGIN IMMEDIATE"); !ok) {
    return unexpected<store_error>(ok.error());
  }
  return transaction(&db);
}

transaction::~transaction() {
  if (db_ != nullptr) {
    (void)db_->exec("ROLLBACK");  // nothing more to do if even the rollback fails
  }
}

expected<void, store_error> transaction::commit() {
  connection* db = std::exchange(db_, nullptr);
  auto ok = db->exec("COMMIT");
  if (!ok && sqlite3_get_autocommit(db->get()) == 0) {
    (void)db->exec("ROLLBACK");
  }
  return ok;
}

}  // namespace glasscore::store::detail
