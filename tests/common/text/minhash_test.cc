// The one MinHash: content-character shingles, signatures, LSH bands, byte form.
#include "common/text/minhash.h"

#include <string>

#include "gtest/gtest.h"

namespace zhengwen {
namespace {

constexpr char kSpeech[] =
    "同志们:\n今天,我们召开全县安全生产工作会议,主要任务是总结上半年工作。"
    "安全生产事关人民群众生命财产安全,任何时候都不能放松。各级各部门要切实履行职责,"
    "压紧压实责任,坚决遏制重特大事故发生。谢谢大家!";

TEST(ShinglesTest, ContentCharactersFoldWidthAndCaseAndDropPunctuation) {
  EXPECT_EQ(ContentCharacters("Ａb，c 讲话。\n1"), U"abc讲话1");
  EXPECT_EQ(ContentCharacters("，。 \n"), U"");
  EXPECT_EQ(ShingleCount(0), 0u);
  EXPECT_EQ(ShingleCount(2), 1u);
  EXPECT_EQ(ShingleCount(kShingleLength), 1u);
  EXPECT_EQ(ShingleCount(10), static_cast<uint32_t>(10 - kShingleLength + 1));
}

TEST(MinHashTest, NearDuplicatesAreSimilarAndOthersAreNot) {
  std::string base;
  for (int i = 0; i < 40; ++i) base += "加强安全生产管理落实责任制度" + std::to_string(i) + "。";
  std::string edited = base;
  edited.replace(30, 6, "某某");  // a small edit
  const auto a = ComputeMinHash(base);
  const auto b = ComputeMinHash(edited);
  ASSERT_EQ(a.size(), static_cast<size_t>(kMinHashSize));
  EXPECT_EQ(EstimateSimilarity(a, a), 1.0);
  EXPECT_GT(EstimateSimilarity(a, b), 0.85);
  EXPECT_LT(EstimateSimilarity(a, ComputeMinHash("完全不同的另一段文字内容，讲的是别的事情。")), 0.2);

  std::string speech_edited = kSpeech;
  speech_edited.replace(speech_edited.find("上半年"), std::string("上半年").size(), "前三季度");
  const auto speech = ComputeMinHash(kSpeech);
  EXPECT_GT(EstimateSimilarity(speech, ComputeMinHash(speech_edited)), 0.6);
  EXPECT_LT(EstimateSimilarity(speech, ComputeMinHash(
                                           "各位来宾:欢迎参加本届科技博览会开幕式。本届展会共有五百家"
                                           "企业参展,展示人工智能、新能源、生物医药等领域的最新成果。")),
            0.2);
}

TEST(MinHashTest, PunctuationWidthAndLineBreaksDoNotMatter) {
  std::string relined = kSpeech;
  relined.replace(relined.find('\n'), 1, "");
  EXPECT_EQ(ComputeMinHash(kSpeech), ComputeMinHash(relined));
  EXPECT_EQ(ComputeMinHash("下面，我讲三点意见。"), ComputeMinHash("下面,我讲 三点意见!"));
}

TEST(MinHashTest, ShortTextsGetAFullSignatureAndEmptyTextsNone) {
  EXPECT_EQ(ComputeMinHash("谢谢").size(), static_cast<size_t>(kMinHashSize));
  EXPECT_TRUE(ComputeMinHash("").empty());
  EXPECT_TRUE(ComputeMinHash("，。！").empty());
  EXPECT_EQ(EstimateSimilarity({}, {}), 0.0);
}

TEST(MinHashTest, BandsAndByteForm) {
  const auto a = ComputeMinHash(kSpeech);
  EXPECT_EQ(DecodeMinHash(EncodeMinHash(a)), a);
  EXPECT_EQ(EncodeMinHash(a).size(), 2u * kMinHashSize);
  EXPECT_EQ(LshBandHashes(a).size(), static_cast<size_t>(kLshBands));
  EXPECT_EQ(LshBandHashes(a), LshBandHashes(ComputeMinHash(kSpeech)));
  EXPECT_TRUE(LshBandHashes({}).empty());
}

}  // namespace
}  // namespace zhengwen
