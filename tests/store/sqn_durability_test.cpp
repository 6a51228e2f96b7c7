// The SQN guarantee under process death: a child process advances SQNs in a loop and reports
// each one it was handed through a pipe; the parent SIGKILLs it at a random moment, several
// times over, and then checks that nothing handed out was ever handed out again. Also: two
// processes advancing the same subscriber at once never get the same SQN.
//
// SIGKILL ends the process but not the kernel: this proves the transaction logic (nothing is
// returned before COMMIT, a killed transaction rolls back cleanly), not survival of power
// loss, which rests on synchronous=FULL making COMMIT wait for fsync of the WAL.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "glasscore/store/sqlite_store.h"
#include "store_fixtures.h"

namespace glasscore::store {
namespace {

using test::sample_subscriber;
using test::temp_dir;

constexpr std::string_view imsi = "001010000000001";

// Runs in the child: advance forever (or `count` times), writing each SQN to `fd` after the
// store returned it. Never returns.
[[noreturn]] void advance_loop(const std::filesystem::path& dir, int fd, int count) {
  auto store = open_sqlite_store(dir);
  if (!store) {
    _exit(3);
  }
  for (int i = 0; count < 0 || i < count; ++i) {
    auto sqn = (*store)->advance_sqn(imsi);
    if (!sqn) {
      _exit(4);
    }
    const std::uint64_t value = *sqn;
    if (::write(fd, &value, sizeof value) != static_cast<ssize_t>(sizeof value)) {
      _exit(5);
    }
  }
  _exit(0);
}

// Reads whole SQNs from `fd`: `want` of them, or until end of file when want < 0.
std::vector<std::uint64_t> read_sqns(int fd, int want) {
  std::vector<std::uint64_t> out;
  std::uint64_t value = 0;
  std::size_t have = 0;
  while (want < 0 || static_cast<int>(out.size()) < want) {
    const ssize_t n = ::read(fd, reinterpret_cast<char*>(&value) + have, sizeof value - have);
    if (n <= 0) {
      break;  // EOF: the writer is gone (a torn final value is dropped, as it was never seen)
    }
    have += static_cast<std::size_t>(n);
    if (have == sizeof value) {
      out.push_back(value);
      have = 0;
    }
  }
  return out;
}

struct child {
  pid_t pid = -1;
  int fd = -1;
};

child start_child(const std::filesystem::path& dir, int count) {
  int fds[2];
  if (::pipe(fds) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return {};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    advance_loop(dir, fds[1], count);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return {};
  }
  return {pid, fds[0]};
}

int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(sqn_durability, sigkill_never_replays_an_sqn) {
  temp_dir tmp;
  {
    auto store = open_sqlite_store(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->create(sample_subscriber(std::string(imsi), false)));
  }
  std::mt19937 rng(std::random_device{}());
  std::vector<std::uint64_t> handed_out;
  int killed_mid_run = 0;
  constexpr int rounds = 8;
  for (int round = 0; round < rounds; ++round) {
    child c = start_child(tmp.path(), -1);
    ASSERT_GT(c.pid, 0);
    // A random moment: after 1 to 60 steps have been reported, the child is in its next step
    // (beginning, mid-transaction, in COMMIT's fsync, or writing to the pipe).
    const int before_kill = std::uniform_int_distribution<int>(1, 60)(rng);
    auto seen = read_sqns(c.fd, before_kill);
    ASSERT_EQ(static_cast<int>(seen.size()), before_kill) << "child died early";
    // Plus 0-3 ms, about one step's length (mostly the fsync of COMMIT), so the kill lands
    // at a random point of the step. This wait is the experiment, not a synchronisation.
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng)));
    ::kill(c.pid, SIGKILL);
    const int status = wait_for(c.pid);
    killed_mid_run += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 1 : 0;
    auto rest = read_sqns(c.fd, -1);  // whatever it reported before dying
    ::close(c.fd);
    handed_out.insert(handed_out.end(), seen.begin(), seen.end());
    handed_out.insert(handed_out.end(), rest.begin(), rest.end());
  }
  EXPECT_EQ(killed_mid_run, rounds);
  ASSERT_FALSE(handed_out.empty());
  for (std::size_t i = 1; i < handed_out.size(); ++i) {
    ASSERT_LT(handed_out[i - 1], handed_out[i]) << "SQN replayed or reordered at " << i;
  }
  auto store = open_sqlite_store(tmp.path());
  ASSERT_TRUE(store) << store.error().message;
  const auto next = (*store)->advance_sqn(imsi);
  ASSERT_TRUE(next);
  EXPECT_GT(*next, handed_out.back());
  // Every step is SEQ + 1, so at most one step per kill can be lost between COMMIT and the
  // pipe (skipped SQNs are harmless; replayed ones are not).
  EXPECT_LE((*next - handed_out.front()) / 32, handed_out.size() + rounds);
  std::cout << "[          ] " << handed_out.size() << " SQNs over " << rounds
            << " SIGKILLed children; next SQN " << *next << "\n";
}

TEST(sqn_durability, concurrent_processes_never_share_an_sqn) {
  temp_dir tmp;
  {
    auto store = open_sqlite_store(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->create(sample_subscriber(std::string(imsi), false)));
  }
  constexpr int steps = 100;
  child a = start_child(tmp.path(), steps);
  child b = start_child(tmp.path(), steps);
  ASSERT_GT(a.pid, 0);
  ASSERT_GT(b.pid, 0);
  // Read both to the end; the pipe buffer (64 KiB) holds every value, so reading one after
  // the other cannot block the other child.
  auto from_a = read_sqns(a.fd, -1);
  auto from_b = read_sqns(b.fd, -1);
  ::close(a.fd);
  ::close(b.fd);
  EXPECT_EQ(wait_for(a.pid), 0);
  EXPECT_EQ(wait_for(b.pid), 0);
  ASSERT_EQ(from_a.size(), static_cast<std::size_t>(steps));
  ASSERT_EQ(from_b.size(), static_cast<std::size_t>(steps));
  std::set<std::uint64_t> all(from_a.begin(), from_a.end());
  all.insert(from_b.begin(), from_b.end());
  EXPECT_EQ(all.size(), 2U * steps) << "an SQN was handed out twice";
  EXPECT_TRUE(std::is_sorted(from_a.begin(), from_a.end()));
  EXPECT_TRUE(std::is_sorted(from_b.begin(), from_b.end()));
  EXPECT_EQ(*all.rbegin(), 32U * 2 * steps);  // no step lost: 200 steps of 32 from SQN 0
}

// Two processes opening a new data directory at the same moment: the schema is created once
// and both can write.
TEST(sqn_durability, concurrent_first_open_creates_schema_once) {
  temp_dir tmp;
  const auto dir = tmp.path() / "new";
  pid_t pids[2];
  for (int i = 0; i < 2; ++i) {
    pids[i] = ::fork();
    if (pids[i] == 0) {
      auto store = open_sqlite_store(dir);
      if (!store) {
        std::fprintf(stderr, "open failed: %s\n", store.error().message.c_str());
        _exit(3);
      }
      const std::string mine = i == 0 ? "001010000000001" : "001010000000002";
      _exit((*store)->create(sample_subscriber(mine)) ? 0 : 4);
    }
    ASSERT_GT(pids[i], 0);
  }
  EXPECT_EQ(wait_for(pids[0]), 0);
  EXPECT_EQ(wait_for(pids[1]), 0);
  auto store = open_sqlite_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->count().value(), 2U);
}

}  // namespace
}  // namespace glasscore::store
