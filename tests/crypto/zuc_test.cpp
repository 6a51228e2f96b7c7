// The ZUC keystream against every test set of shared/spec/vectors/nea_nia.json (128-EEA3 &
// 128-EIA3 Document 3 / TS 35.223), read at run time. 128-NEA3/NIA3 are tested with the
// other algorithms in nea_nia_*_test.cpp.
#include "glasscore/crypto/zuc.h"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "algorithm_test_support.h"
#include "glasscore/core/hex.h"
#include "glasscore/crypto/nas_algorithms.h"
#include "support/vectors.h"

namespace glasscore::crypto {
namespace {

using namespace algorithm_test;
using test::hex;
using test::number;

// Document 3 gives ZUC test set 4 as z1, z2 and z2000 (the vector file's "[z1||z2, z2000]").
constexpr std::size_t zuc_later_word_index = 2000;

TEST(zuc_keystream, document3_test_sets) {
  GLASSCORE_VECTORS_OR_SKIP(v, "nea_nia.json");
  for (const auto& set : non_empty(v.at("ZUC_keystream").at("sets"))) {
    SCOPED_TRACE(set_name("ZUC_keystream", set));
    const auto key = bytes_of(set.at("key"));
    const auto iv = bytes_of(set.at("iv"));
    ASSERT_EQ(key.size(), 16u);
    ASSERT_EQ(iv.size(), 16u);
    zuc_keystream generator{std::span(key).first<16>(), std::span(iv).first<16>()};
    expect_keystream(generator, set.at("keystream"), zuc_later_word_index);
  }
}

}  // namespace
}  // namespace glasscore::crypto
