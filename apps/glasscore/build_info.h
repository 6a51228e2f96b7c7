#pragma once
// Facts about this build, for `glasscore version`.

namespace glasscore::app {

/// `git describe` of the tree this binary was built from (written at build time).
extern const char* const git_revision;

}  // namespace glasscore::app
