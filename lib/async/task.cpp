#include "glasscore/async/task.h"

#include <cstdio>
#include <exception>
#include <typeinfo>

#include "glasscore/core/log.h"

namespace glasscore::async::detail {

namespace {

void report(const char* what) noexcept {
  try {
    auto logger = log::get("async");
    logger->critical("unhandled exception in a coroutine task: {}", what);
    logger->flush();
  } catch (...) {  // NOLINT(bugprone-empty-catch): about to terminate anyway
  }
  // Also straight to stderr, in case logging is configured off.
  std::fprintf(stderr, "glasscore: unhandled exception in a coroutine task: %s\n", what);
}

}  // namespace

void on_unhandled_exception() noexcept {
  // NF code does not throw (DESIGN.md §4), so an exception here comes from a bug or from a
  // library call that was expected not to throw. Carrying it to the awaiting task would
  // make every co_await a potential throw point and every procedure need a try block;
  // terminating with the exception's text in the log makes the bug visible instead.
  try {
    throw;
  } catch (const std::exception& e) {
    report(e.what());
  } catch (...) {
    report("unknown exception");
  }
  std::terminate();
}

}  // namespace glasscore::async::detail
