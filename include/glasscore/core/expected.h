#pragma once
/// \file
/// The project's one result type. Codecs, transports and NF code return errors as values;
/// nothing in Glasscore throws across these boundaries (DESIGN.md §4, "Errors").
///
/// The alias sits over tl::expected because libstdc++ 12's std::expected does not compile
/// with Debian's clang 14, which the fuzz build needs. Switch the alias to std::expected
/// once both compilers accept it; call sites do not change.

#include <tl/expected.hpp>

namespace glasscore {

template <class T, class E>
using expected = tl::expected<T, E>;

template <class E>
using unexpected = tl::unexpected<E>;

/// Shorthand for returning an error: `return fail(crypto_error::bad_length);`
template <class E>
[[nodiscard]] constexpr unexpected<E> fail(E error) {
  return unexpected<E>(error);
}

}  // namespace glasscore
