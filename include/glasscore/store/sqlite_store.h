#pragma once
/// \file
/// The embedded subscriber store: one SQLite database file, `subscribers.db`, in a data
/// directory (DESIGN.md §1, `udr.data_directory`). The directory is created with mode 0700
/// when missing. The database runs in WAL mode with synchronous=FULL, so every committed
/// transaction (each SQN step is one) is on disk before the call returns, and several
/// processes (the core and the `glasscore subscriber` CLI) may use it at once.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "glasscore/core/expected.h"
#include "glasscore/store/subscriber_store.h"

namespace glasscore::store {

/// Schema version this code writes (PRAGMA user_version). Older databases are upgraded on
/// open, step by step; a newer one is refused with newer_schema.
inline constexpr int sqlite_schema_version = 1;

/// The database file's name inside the data directory.
inline constexpr const char* sqlite_file_name = "subscribers.db";

struct sqlite_options {
  /// How long to wait for another process's write lock before failing with `busy`.
  std::chrono::milliseconds busy_timeout{5000};
};

/// Opens (creating if needed) the store in `data_directory`.
[[nodiscard]] expected<std::unique_ptr<subscriber_store>, store_error> open_sqlite_store(
    const std::filesystem::path& data_directory, const sqlite_options& options = {});

}  // namespace glasscore::store
