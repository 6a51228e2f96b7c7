#pragma once
// Waiting in tests on work other threads do (the UPF's workers): polls `condition` until it
// holds or 3 s pass, and answers it once more at the deadline.

#include <chrono>
#include <thread>

namespace glasscore::test {

template <class F>
bool eventually(F condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::yield();
  }
  return condition();
}

}  // namespace glasscore::test
