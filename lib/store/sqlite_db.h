#pragma once
// Small owning wrappers over the SQLite C API, private to lib/store: a connection, prepared
// statements that reset themselves after each use (a statement left mid-step would keep a
// read transaction open and pin an old WAL snapshot), and a transaction guard that rolls
// back unless committed. Every failure becomes a store_error carrying SQLite's message.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "glasscore/core/bytes.h"
#include "glasscore/core/expected.h"
#include "glasscore/store/subscriber_store.h"

namespace glasscore::store::detail {

/// A store_error for SQLite result code `rc` on `db`, prefixed with what was being done.
[[nodiscard]] store_error sqlite_failure(sqlite3* db, int rc, std::string_view doing);

class statement {
 public:
  statement() = default;
  statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement();

  /// Parameters are 1-based, as in SQLite. A failed bind is reported by the next step().
  void bind(int index, std::string_view text);
  void bind(int index, std::int64_t value);
  void bind(int index, byte_span blob);
  void bind_null(int index);

  /// SQLITE_ROW or SQLITE_DONE; any other code is an error for sqlite_failure().
  [[nodiscard]] int step();
  /// Ends this use: resets the statement and clears its bindings.
  void reset();

  [[nodiscard]] std::int64_t column_int64(int column) const;
  [[nodiscard]] std::string column_text(int column) const;
  [[nodiscard]] std::vector<std::uint8_t> column_blob(int column) const;
  [[nodiscard]] bool column_is_null(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  int bind_rc_ = SQLITE_OK;
};

/// Resets a statement when the scope that used it ends, whatever path leaves it.
class statement_use {
 public:
  explicit statement_use(statement& s) : s_(s) {}
  statement_use(const statement_use&) = delete;
  statement_use& operator=(const statement_use&) = delete;
  ~statement_use() { s_.reset(); }

 private:
  statement& s_;
};

class connection {
 public:
  connection() = default;
  connection(connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  connection& operator=(connection&& other) noexcept;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  [[nodiscard]] static expected<connection, store_error> open(const std::string& file);

  /// Runs SQL with no parameters and no result rows we need.
  [[nodiscard]] expected<void, store_error> exec(const char* sql);
  /// The single integer a PRAGMA or SELECT returns.
  [[nodiscard]] expected<std::int64_t, store_error> query_int(const char* sql);
  /// The single text a PRAGMA returns.
  [[nodiscard]] expected<std::string, store_error> query_text(const char* sql);
  [[nodiscard]] expected<statement, store_error> prepare(std::string_view sql);

  [[nodiscard]] sqlite3* get() const { return db_; }

 private:
  explicit connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

/// BEGIN IMMEDIATE ... COMMIT. IMMEDIATE takes the write lock up front, so two writers never
/// deadlock upgrading read locks; the busy timeout applies to taking it.
class transaction {
 public:
  [[nodiscard]] static expected<transaction, store_error> begin(connection& db);
  transaction(transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  transaction& operator=(transaction&&) = delete;
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction();

  [[nodiscard]] expected<void, store_error> commit();

 private:
  explicit transaction(connection* db) : db_(db) {}
  connection* db_ = nullptr;
};

}  // namespace glasscore::store::detail
