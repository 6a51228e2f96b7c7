#pragma once
/// \file
/// Readiness of a non-blocking descriptor on an Asio io_context: `on_readable` runs on the
/// io_context's thread each time the descriptor has something to read, until the watch is
/// destroyed. The owner's callback drains what is there (bounded, so that one busy socket
/// cannot starve the loop); the watch re-arms after it. The descriptor stays its owner's:
/// the watch never closes it, and must be destroyed before it is closed.

#include <functional>
#include <memory>

#include <asio/io_context.hpp>

namespace glasscore::transport {

class readable_watch {
 public:
  /// Starts waiting at once.
  readable_watch(asio::io_context& io, int fd, std::function<void()> on_readable);
  readable_watch(const readable_watch&) = delete;
  readable_watch& operator=(const readable_watch&) = delete;
  /// Stops waiting: a wait already completed but not yet run does not call back.
  ~readable_watch();

 private:
  struct state;
  std::shared_ptr<state> state_;
};

}  // namespace glasscore::transport
