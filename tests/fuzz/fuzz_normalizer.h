// The one Normalizer (built-in rules and model) every fuzzer input shares.
#ifndef ZHENGWEN_TESTS_FUZZ_FUZZ_NORMALIZER_H_
#define ZHENGWEN_TESTS_FUZZ_FUZZ_NORMALIZER_H_

#include <cstdlib>

#include "services/normalization/normalizer.h"

namespace zhengwen::fuzz {

inline const zhengwen::normalization::Normalizer& TheNormalizer() {
  static const auto* normalizer = [] {
    auto created = zhengwen::normalization::Normalizer::Create({});
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *normalizer;
}

}  // namespace zhengwen::fuzz

#endif  // ZHENGWEN_TESTS_FUZZ_FUZZ_NORMALIZER_H_
