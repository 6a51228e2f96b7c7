#include "glasscore/transport/readable_watch.h"

#include <asio/posix/stream_descriptor.hpp>

namespace glasscore::transport {

struct readable_watch::state : std::enable_shared_from_this<state> {
  state(asio::io_context& io, int fd, std::function<void()> callback)
      : descriptor(io, fd), on_readable(std::move(callback)) {}
  ~state() {
    // The descriptor belongs to the watch's owner: let go of it without closing it.
    (void)descriptor.release();
  }

  void arm() {
    std::weak_ptr<state> weak = shared_from_this();
    descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                          [weak](const asio::error_code& ec) {
                            auto self = weak.lock();
                            if (!self || ec) {
                              return;  // stopped (operation_aborted) or gone
                            }
                            self->on_readable();
                            // The callback may have destroyed the watch.
                            if (!self->stopped) {
                              self->arm();
                            }
                          });
  }

  asio::posix::stream_descriptor descriptor;
  std::function<void()> on_readable;
  bool stopped = false;
};

readable_watch::readable_watch(asio::io_context& io, int fd, std::function<void()> on_readable)
    : state_(std::make_shared<state>(io, fd, std::move(on_readable))) {
  state_->arm();
}

readable_watch::~readable_watch() {
  state_->stopped = true;
  asio::error_code ignored;
  state_->descriptor.cancel(ignored);
}

}  // namespace glasscore::transport
