// Signatures stage: the exact hash, and the MinHash and sentence hashes of the
// one text library (tests/common/text/ test those), as the query side computes them.
#include "services/normalization/signatures.h"

#include "common/text/minhash.h"
#include "common/text/sentences.h"
#include "gtest/gtest.h"

namespace zhengwen::normalization {
namespace {

constexpr char kSpeech[] =
    "同志们:\n今天,我们召开全县安全生产工作会议,主要任务是总结上半年工作。"
    "安全生产事关人民群众生命财产安全,任何时候都不能放松。各级各部门要切实履行职责,"
    "压紧压实责任,坚决遏制重特大事故发生。谢谢大家!";

TEST(SignaturesTest, ExactHashIsStableAndDiscriminating) {
  const auto a = ComputeSignatures(kSpeech);
  EXPECT_EQ(a.exact_hash(), ComputeSignatures(kSpeech).exact_hash());
  EXPECT_EQ(a.exact_hash().size(), 16u);
  EXPECT_NE(a.exact_hash(), ComputeSignatures(std::string(kSpeech) + "。").exact_hash());
}

TEST(SignaturesTest, MinHashIsTheQuerySidesSignature) {
  const auto s = ComputeSignatures(kSpeech);
  EXPECT_EQ(s.shingle_size(), kShingleLength);
  const MinHashSignature expected = ComputeMinHash(kSpeech);
  ASSERT_EQ(s.minhash_size(), kMinHashSize);
  for (int i = 0; i < kMinHashSize; ++i) EXPECT_EQ(s.minhash(i), expected[i]) << i;
  EXPECT_EQ(ComputeSignatures("谢谢").minhash_size(), kMinHashSize);
  EXPECT_EQ(ComputeSignatures("").minhash_size(), 0);
}

TEST(SignaturesTest, SentenceHashesWithOffsets) {
  const auto s = ComputeSignatures("同志们:\n今天我们开会研究工作。安全生产非常重要!谢谢大家!");
  // "同志们:" and "谢谢大家" are too short to hash.
  ASSERT_EQ(s.sentence_hashes_size(), 2);
  ASSERT_EQ(s.sentence_offsets_size(), 2);
  EXPECT_EQ(s.sentence_offsets(0), 5);
  EXPECT_EQ(s.sentence_offsets(1), 16);
  EXPECT_EQ(s.sentence_hashes(1), SplitSentences("安全生产非常重要!")[0].hash);
  // The same sentence elsewhere hashes the same.
  const auto t = ComputeSignatures("另一篇讲话。安全生产非常重要。");
  ASSERT_EQ(t.sentence_hashes_size(), 1);
  EXPECT_EQ(t.sentence_hashes(0), s.sentence_hashes(1));
}

}  // namespace
}  // namespace zhengwen::normalization
