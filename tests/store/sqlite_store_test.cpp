// The SQLite backend: CRUD, paging, import, SQN steps, schema versions and sharing a data
// directory between connections (the core and the CLI).
#include <sqlite3.h>
#include <sys/stat.h>

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include "glasscore/store/sqlite_store.h"
#include "store_fixtures.h"

namespace glasscore::store {
namespace {

using test::sample_subscriber;
using test::temp_dir;

std::unique_ptr<subscriber_store> open_or_fail(const std::filesystem::path& dir) {
  auto store = open_sqlite_store(dir);
  EXPECT_TRUE(store) << (store ? "" : store.error().message);
  return store ? std::move(*store) : nullptr;
}

void set_user_version(const std::filesystem::path& dir, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / sqlite_file_name).c_str(), &db), SQLITE_OK);
  const std::string sql = fmt::format("PRAGMA user_version = {}", version);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST(sqlite_store, creates_private_data_directory_with_wal) {
  temp_dir tmp;
  const auto dir = tmp.path() / "a" / "data";
  auto store = open_or_fail(dir);
  ASSERT_TRUE(store);
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
  EXPECT_TRUE(std::filesystem::exists(dir / sqlite_file_name));
  ASSERT_TRUE(store->create(sample_subscriber("001010000000001")));
  EXPECT_TRUE(std::filesystem::exists(dir / "subscribers.db-wal"));
}

TEST(sqlite_store, create_get_replace_remove) {
  temp_dir tmp;
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  const auto s = sample_subscriber("001010000000001");
  ASSERT_TRUE(store->create(s));
  auto got = store->get(s.imsi);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, s);

  auto again = store->create(s);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, store_errc::already_exists);
  EXPECT_EQ(again.error().message, "subscriber 001010000000001 already exists");

  auto changed = sample_subscriber(s.imsi, false);
  changed.auth.sqn = s.auth.sqn + 1000;
  ASSERT_TRUE(store->replace(changed));
  EXPECT_EQ(store->get(s.imsi).value(), changed);

  ASSERT_TRUE(store->remove(s.imsi));
  auto gone = store->get(s.imsi);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, store_errc::not_found);
  EXPECT_EQ(gone.error().message, "subscriber 001010000000001 not found");
  EXPECT_EQ(store->remove(s.imsi).error().code, store_errc::not_found);
  EXPECT_EQ(store->replace(s).error().code, store_errc::not_found);
}

TEST(sqlite_store, replace_never_lowers_sqn) {
  temp_dir tmp;
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  auto s = sample_subscriber("001010000000001");
  s.auth.sqn = 6400;
  ASSERT_TRUE(store->create(s));
  s.auth.sqn = 32;
  s.ue_ambr.uplink_kbps = 1;
  ASSERT_TRUE(store->replace(s));
  const auto got = store->get(s.imsi).value();
  EXPECT_EQ(got.auth.sqn, 6400U);
  EXPECT_EQ(got.ue_ambr.uplink_kbps, 1U);
}

TEST(sqlite_store, invalid_records_are_refused_with_field) {
  temp_dir tmp;
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  auto s = sample_subscriber("001010000000001");
  s.slices[0].dnns[0].dnn = "bad dnn";
  auto result = store->create(s);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, store_errc::invalid_data);
  EXPECT_NE(result.error().message.find("slices[0].dnns[0].dnn"), std::string::npos);
  EXPECT_EQ(store->count().value(), 0U);
}

TEST(sqlite_store, pages_in_imsi_order) {
  temp_dir tmp;
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  for (int i = 24; i >= 0; --i) {  // inserted in reverse: the listing must sort
    ASSERT_TRUE(store->create(sample_subscriber(fmt::format("0010100000000{:02}", i), i % 2)));
  }
  EXPECT_EQ(store->count().value(), 25U);
  std::vector<std::string> seen;
  std::string after;
  int pages = 0;
  for (;;) {
    auto page = store->list(after, 10);
    ASSERT_TRUE(page) << page.error().message;
    ++pages;
    for (const auto& s : page->subscribers) {
      seen.push_back(s.imsi);
    }
    if (!page->next_after) {
      break;
    }
    after = *page->next_after;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 25U);
  for (int i = 0; i < 25; ++i) {
    EXPECT_EQ(seen[i], fmt::format("0010100000000{:02}", i));
  }
  // An exact multiple of the page size ends without an empty extra page.
  auto all = store->list("", 25);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->subscribers.size(), 25U);
  EXPECT_FALSE(all->next_after);
  EXPECT_EQ(store->list("", 0).value().subscribers.size(), 1U);
}

TEST(sqlite_store, import_is_all_or_nothing) {
  temp_dir tmp;
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create(sample_subscriber("001010000000009")));

  std::vector<subscriber> batch = {sample_subscriber("001010000000001"),
                                   sample_subscriber("001010000000002"),
                                   sample_subscriber("001010000000003")};
  batch[2].imsi = "x";
  auto invalid = store->import_all(batch, false);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().index, 2U);
  EXPECT_EQ(invalid.error().code, store_errc::invalid_data);
  EXPECT_EQ(store->count().value(), 1U);

  batch[2] = sample_subscriber("001010000000009");  // already stored: found inside the SQL
  auto exists = store->import_all(batch, false);
  ASSERT_FALSE(exists);
  EXPECT_EQ(exists.error().code, store_errc::already_exists);
  EXPECT_EQ(exists.error().index, 2U);
  EXPECT_EQ(store->count().value(), 1U);  // records 0 and 1 were rolled back

  batch[2] = sample_subscriber("001010000000001");  // twice in the batch
  auto twice = store->import_all(batch, true);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().index, 2U);

  batch[2] = sample_subscriber("001010000000009", false);
  ASSERT_TRUE(store->import_all(batch, true));
  EXPECT_EQ(store->count().value(), 3U);
  EXPECT_EQ(store->get("001010000000009").value().slices.size(), 1U);  // replaced
}

TEST(sqlite_store, export_import_round_trip_through_store) {
  temp_dir a;
  temp_dir b;
  auto first = open_or_fail(a.path());
  auto second = open_or_fail(b.path());
  ASSERT_TRUE(first && second);
  const std::vector<subscriber> all = {sample_subscriber("001010000000001"),
                                       sample_subscriber("001010000000002", false)};
  ASSERT_TRUE(first->import_all(all, false));
  ASSERT_TRUE(second->import_all(first->list("", 100).value().subscribers, false));
  EXPECT_EQ(second->list("", 100).value().subscribers, all);
}

TEST(sqlite_store, advance_sqn_steps_and_persists) {
  temp_dir tmp;
  {
    auto store = open_or_fail(tmp.path());
    ASSERT_TRUE(store);
    auto s = sample_subscriber("001010000000001");
    s.auth.sqn = 0;
    ASSERT_TRUE(store->create(s));
    EXPECT_EQ(store->advance_sqn(s.imsi).value(), 32U);
    EXPECT_EQ(store->advance_sqn(s.imsi).value(), 64U);
    EXPECT_EQ(store->get(s.imsi).value().auth.sqn, 64U);
    EXPECT_EQ(store->advance_sqn("001010000000002").error().code, store_errc::not_found);
  }
  auto reopened = open_or_fail(tmp.path());
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->advance_sqn("001010000000001").value(), 96U);
}

TEST(sqlite_store, resync_goes_above_sqn_ms) {
  temp_dir tmp;
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  auto s = sample_subscriber("001010000000001");
  s.auth.sqn = 64;
  ASSERT_TRUE(store->create(s));
  EXPECT_EQ(store->resync_sqn(s.imsi, 100'000).value(), 100'032U);
  EXPECT_EQ(store->advance_sqn(s.imsi).value(), 100'064U);
  EXPECT_EQ(store->resync_sqn(s.imsi, 32).value(), 100'096U);  // never down
  EXPECT_EQ(store->resync_sqn(s.imsi, sqn_max + 1).error().code, store_errc::invalid_data);
  EXPECT_EQ(store->resync_sqn("001010000000002", 1).error().code, store_errc::not_found);
}

TEST(sqlite_store, compare_and_set_sqn_only_from_the_expected_value) {
  temp_dir tmp;
  {
    auto store = open_or_fail(tmp.path());
    ASSERT_TRUE(store);
    auto s = sample_subscriber("001010000000001");
    s.auth.sqn = 64;
    ASSERT_TRUE(store->create(s));
    EXPECT_EQ(store->compare_and_set_sqn(s.imsi, 64, 96).value(), true);
    // A second client that read 64 before the first step loses and must re-read.
    EXPECT_EQ(store->compare_and_set_sqn(s.imsi, 64, 96).value(), false);
    EXPECT_EQ(store->get(s.imsi).value().auth.sqn, 96U);
    // Never down, never equal, never past 48 bits.
    EXPECT_EQ(store->compare_and_set_sqn(s.imsi, 96, 32).error().code, store_errc::invalid_data);
    EXPECT_EQ(store->compare_and_set_sqn(s.imsi, 96, 96).error().code, store_errc::invalid_data);
    EXPECT_EQ(store->compare_and_set_sqn(s.imsi, 96, sqn_max + 1).error().code,
              store_errc::invalid_data);
    EXPECT_EQ(store->compare_and_set_sqn("001010000000002", 0, 32).error().code,
              store_errc::not_found);
    EXPECT_EQ(store->get(s.imsi).value().auth.sqn, 96U);
  }
  auto reopened = open_or_fail(tmp.path());  // durable: the step survives a reopen
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->get("001010000000001").value().auth.sqn, 96U);
  EXPECT_EQ(reopened->advance_sqn("001010000000001").value(), 128U);
}

// Two connections (as two UDRs, or UDR and CLI, would have) race read-then-compare-and-set
// on one subscriber: every successful step is distinct and none is lost.
TEST(sqlite_store, racing_compare_and_set_never_shares_an_sqn) {
  temp_dir tmp;
  {
    auto store = open_or_fail(tmp.path());
    ASSERT_TRUE(store);
    auto s = sample_subscriber("001010000000001");
    s.auth.sqn = 0;
    ASSERT_TRUE(store->create(s));
  }
  std::array<std::vector<std::uint64_t>, 2> won;
  std::array<int, 2> lost{};
  std::array<std::thread, 2> threads;
  for (std::size_t t = 0; t < 2; ++t) {
    threads[t] = std::thread([&, t] {
      auto store = open_sqlite_store(tmp.path());
      if (!store) {
        return;
      }
      while (won[t].size() < 40) {
        const auto current = (*store)->get("001010000000001").value().auth.sqn;
        auto set = (*store)->compare_and_set_sqn("001010000000001", current, current + 32);
        if (!set) {
          return;
        }
        if (*set) {
          won[t].push_back(current + 32);
        } else {
          ++lost[t];
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  std::set<std::uint64_t> all(won[0].begin(), won[0].end());
  all.insert(won[1].begin(), won[1].end());
  EXPECT_EQ(won[0].size() + won[1].size(), 80U);
  EXPECT_EQ(all.size(), 80U);  // no SQN taken twice
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  EXPECT_EQ(store->get("001010000000001").value().auth.sqn, 80U * 32);  // none lost
}

TEST(sqlite_store, sqn_exhaustion_is_an_error_and_changes_nothing) {
  temp_dir tmp;
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  auto s = sample_subscriber("001010000000001");
  s.auth.sqn = sqn_max - 31;  // the last SEQ
  ASSERT_TRUE(store->create(s));
  auto result = store->advance_sqn(s.imsi);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, store_errc::sqn_exhausted);
  EXPECT_NE(result.error().message.find("001010000000001"), std::string::npos);
  EXPECT_EQ(store->get(s.imsi).value().auth.sqn, sqn_max - 31);
}

TEST(sqlite_store, second_connection_sees_writes_of_first) {
  temp_dir tmp;
  auto core = open_or_fail(tmp.path());  // the running core keeps its store open
  ASSERT_TRUE(core);
  ASSERT_TRUE(core->create(sample_subscriber("001010000000001")));
  ASSERT_TRUE(core->list("", 10));  // and has read from it
  auto cli = open_or_fail(tmp.path());
  ASSERT_TRUE(cli);
  ASSERT_TRUE(cli->create(sample_subscriber("001010000000002")));
  EXPECT_EQ(core->get("001010000000002").value(), sample_subscriber("001010000000002"));
  EXPECT_EQ(core->advance_sqn("001010000000002").value(),
            next_sqn(sample_subscriber("001010000000002").auth.sqn).value());
  EXPECT_EQ(cli->count().value(), 2U);
}

TEST(sqlite_store, lock_held_past_busy_timeout_is_a_busy_error) {
  temp_dir tmp;
  { ASSERT_TRUE(open_or_fail(tmp.path())); }
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open((tmp.path() / sqlite_file_name).c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto store = open_sqlite_store(tmp.path(), sqlite_options{std::chrono::milliseconds(50)});
  ASSERT_TRUE(store) << store.error().message;  // opening needs no write lock
  auto blocked = (*store)->create(sample_subscriber("001010000000001"));
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, store_errc::busy);
  EXPECT_NE(blocked.error().message.find("busy timeout"), std::string::npos)
      << blocked.error().message;
  EXPECT_EQ((*store)->count().value(), 0U);  // reading is not blocked (WAL)
  ASSERT_EQ(sqlite3_exec(holder, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(holder);
  EXPECT_TRUE((*store)->create(sample_subscriber("001010000000001")));
}

TEST(sqlite_store, newer_schema_is_refused) {
  temp_dir tmp;
  { ASSERT_TRUE(open_or_fail(tmp.path())); }
  set_user_version(tmp.path(), sqlite_schema_version + 1);
  auto refused = open_sqlite_store(tmp.path());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, store_errc::newer_schema);
  EXPECT_NE(refused.error().message.find(
                fmt::format("schema version {} is newer", sqlite_schema_version + 1)),
            std::string::npos)
      << refused.error().message;
}

TEST(sqlite_store, new_database_gets_current_schema_version) {
  temp_dir tmp;
  { ASSERT_TRUE(open_or_fail(tmp.path())); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((tmp.path() / sqlite_file_name).c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), sqlite_schema_version);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(sqlite_store, damaged_row_is_reported_not_trusted) {
  temp_dir tmp;
  {
    auto store = open_or_fail(tmp.path());
    ASSERT_TRUE(store && store->create(sample_subscriber("001010000000001")));
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((tmp.path() / sqlite_file_name).c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "UPDATE subscriber SET k = x'0102'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = open_or_fail(tmp.path());
  ASSERT_TRUE(store);
  auto got = store->get("001010000000001");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, store_errc::invalid_data);
  EXPECT_NE(got.error().message.find("unreadable"), std::string::npos);
}

TEST(sqlite_store, data_directory_that_is_a_file_is_an_error) {
  temp_dir tmp;
  const auto file = tmp.path() / "file";
  { std::ofstream(file) << "x"; }
  auto store = open_sqlite_store(file);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, store_errc::io);
}

}  // namespace
}  // namespace glasscore::store
