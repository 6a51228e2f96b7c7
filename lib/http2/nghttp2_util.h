#pragma once
// Private to lib/http2: pieces the h2c server and client share (RAII for nghttp2's C
// objects, header field helpers, I/O sizes).

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace glasscore::http2::detail {

struct session_deleter {
  void operator()(nghttp2_session* s) const noexcept { nghttp2_session_del(s); }
};
struct callbacks_deleter {
  void operator()(nghttp2_session_callbacks* c) const noexcept { nghttp2_session_callbacks_del(c); }
};
struct option_deleter {
  void operator()(nghttp2_option* o) const noexcept { nghttp2_option_del(o); }
};
using session_ptr = std::unique_ptr<nghttp2_session, session_deleter>;
using callbacks_ptr = std::unique_ptr<nghttp2_session_callbacks, callbacks_deleter>;
using option_ptr = std::unique_ptr<nghttp2_option, option_deleter>;

/// A callbacks object, or null when nghttp2 cannot allocate one.
inline callbacks_ptr new_callbacks() {
  nghttp2_session_callbacks* raw = nullptr;
  return callbacks_ptr(nghttp2_session_callbacks_new(&raw) == 0 ? raw : nullptr);
}

/// Session options both sides use, or null when nghttp2 cannot allocate them. Every DATA
/// chunk is copied or dropped as it arrives, so nghttp2 reopens the flow-control windows
/// itself (automatic WINDOW_UPDATE, RFC 9113 §6.9).
inline option_ptr new_session_options() {
  nghttp2_option* raw = nullptr;
  if (nghttp2_option_new(&raw) != 0) {
    return option_ptr();
  }
  nghttp2_option_set_no_auto_window_update(raw, 0);
  return option_ptr(raw);
}

inline std::string_view view(const std::uint8_t* p, std::size_t n) {
  return {reinterpret_cast<const char*>(p), n};
}

inline nghttp2_nv make_nv(const std::string& name, const std::string& value) {
  // nghttp2 takes non-const pointers but only reads them (NGHTTP2_NV_FLAG_NONE copies).
  return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(),
          value.size(), NGHTTP2_NV_FLAG_NONE};
}

// Field names are lower-case on the wire (RFC 9113 §8.2.1).
inline void lower_case(std::string& s) {
  std::ranges::transform(s, s.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}

constexpr std::size_t read_chunk = 16384;
constexpr std::size_t write_high_water = 65536;

}  // namespace glasscore::http2::detail
