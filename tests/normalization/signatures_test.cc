// Signatures stage: exact hash, MinHash, sentence hashes.
#include "services/normalization/signatures.h"

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

TEST(SignaturesTest, MinHashSeesNearDuplicates) {
  const auto a = ComputeSignatures(kSpeech);
  ASSERT_EQ(a.minhash_size(), kMinHashSize);
  EXPECT_EQ(a.shingle_size(), kShingleSize);
  std::string edited = kSpeech;
  edited.replace(edited.find("上半年"), std::string("上半年").size(), "前三季度");
  const auto near = ComputeSignatures(edited);
  const auto other = ComputeSignatures(
      "各位来宾:欢迎参加本届科技博览会开幕式。本届展会共有五百家企业参展,展示人工智能、"
      "新能源、生物医药等领域的最新成果。预祝展会圆满成功!");
  EXPECT_DOUBLE_EQ(EstimateJaccard(a, a), 1.0);
  EXPECT_GT(EstimateJaccard(a, near), 0.6);
  EXPECT_LT(EstimateJaccard(a, other), 0.2);
  // Whitespace does not matter: the same text on other lines hashes alike.
  std::string relined = kSpeech;
  relined.replace(relined.find('\n'), 1, "");
  EXPECT_DOUBLE_EQ(EstimateJaccard(a, ComputeSignatures(relined)), 1.0);
}

TEST(SignaturesTest, ShortTextsStillGetAFullSketch) {
  const auto s = ComputeSignatures("谢谢");
  EXPECT_EQ(s.minhash_size(), kMinHashSize);
  EXPECT_EQ(ComputeSignatures("").minhash_size(), 0);
}

TEST(SignaturesTest, SentenceHashesWithOffsets) {
  const auto s = ComputeSignatures("同志们:\n今天我们开会研究工作。安全生产非常重要!谢谢大家!");
  // "同志们:" and "谢谢大家" are too short to hash.
  ASSERT_EQ(s.sentence_hashes_size(), 2);
  ASSERT_EQ(s.sentence_offsets_size(), 2);
  EXPECT_EQ(s.sentence_offsets(0), 5);
  EXPECT_EQ(s.sentence_offsets(1), 16);
  // The same sentence elsewhere hashes the same.
  const auto t = ComputeSignatures("另一篇讲话。安全生产非常重要。");
  ASSERT_EQ(t.sentence_hashes_size(), 1);
  EXPECT_EQ(t.sentence_hashes(0), s.sentence_hashes(1));
}

}  // namespace
}  // namespace zhengwen::normalization
