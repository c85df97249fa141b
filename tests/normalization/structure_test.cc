// Structure stage: title, salutation, outline with levels, closing, text.
#include "services/normalization/structure.h"

#include "gtest/gtest.h"
#include "services/normalization/speech_parts.h"
#include "tests/normalization/test_util.h"

namespace zhengwen::normalization {
namespace {

using testing::DefaultRules;
using testing::LinesOf;

StructuredDocument Build(const std::string& text, const std::string& marker = "",
                         const std::string& intro_title = "") {
  PageLines lines = LinesOf(text);
  DocumentPart part{0, lines.size(), marker};
  EditLog log;
  return BuildStructure(DefaultRules(), &lines, part, "", intro_title, &log);
}

std::vector<std::pair<int, std::string>> Outline(const StructuredDocument& doc) {
  std::vector<std::pair<int, std::string>> outline;
  for (const auto& s : doc.sections) outline.emplace_back(s.level(), s.heading());
  return outline;
}

TEST(StructureTest, TitleFromTheHeaderAndHeaderLinesLeaveTheText) {
  const StructuredDocument doc = Build(
      "安全生产工作会议讲话_讲话稿_范文网\n安全生产工作会议讲话\n同志们:"
      "\n今天召开会议。\n谢谢大家!");
  EXPECT_EQ(doc.title, "安全生产工作会议讲话");
  EXPECT_EQ(doc.salutation, "同志们:");
  EXPECT_EQ(doc.closing, "谢谢大家!");
  EXPECT_EQ(doc.text, "同志们:\n今天召开会议。\n谢谢大家!");
  EXPECT_EQ(doc.first_line, 3);
  EXPECT_EQ(doc.last_line, 5);
}

// Never cut at punctuation inside a short headline; a line announcing what
// follows ("…安排如下:") is the body's first sentence, not a title.
TEST(StructureTest, HeadlinesKeepTheirCommasAndQuestionMarks) {
  EXPECT_EQ(Build("丹桂飘香启新程,师生聚首谱华章\n今天,我们在这里隆重集会。").title,
            "丹桂飘香启新程,师生聚首谱华章");
  EXPECT_EQ(Build("怎么写获奖感言?\n获奖感言要真诚,不要空话。").title, "怎么写获奖感言?");
  const StructuredDocument doc =
      Build("端午节放假通知\n经公司研究决定,端午节放假安排如下:\n一、放假时间为三天。");
  EXPECT_EQ(doc.title, "端午节放假通知");
  EXPECT_EQ(doc.text.rfind("经公司研究决定,端午节放假安排如下:", 0), 0u) << doc.text;
}

// Of several header lines, the title is the one with the most words the
// classifier calls body: not the site line above it.
TEST(StructureTest, TitleIsTheWordiestBodyLikeHeaderLine) {
  PageLines lines = LinesOf("某某网 首页\n县委书记在乡村振兴推进会上的讲话\n同志们:\n今天召开会议。");
  lines[0].boilerplate_probability = 0.2;
  lines[1].boilerplate_probability = 0.1;
  DocumentPart part{0, lines.size(), ""};
  EditLog log;
  EXPECT_EQ(BuildStructure(DefaultRules(), &lines, part, "", "", &log).title,
            "县委书记在乡村振兴推进会上的讲话");
  PageLines chrome = LinesOf("【以稿换稿】【收藏】 作者: 佚名 来源: 作者原创 阅读次数\n在座谈会上的讲话\n同志们:\n今天召开会议。");
  chrome[0].boilerplate_probability = 0.9;
  chrome[1].boilerplate_probability = 0.1;
  EXPECT_EQ(BuildStructure(DefaultRules(), &chrome, part, "", "", &log).title, "在座谈会上的讲话");
}

// After an intro sentence, the heading-like line right before the salutation
// is the speech's title; it leaves the text.
TEST(StructureTest, TitleRightBeforeTheSalutation) {
  const StructuredDocument doc = Build(
      "演讲稿是在较为隆重的仪式上发表的讲话文稿,下面整理了一些范文。\n2022年元旦佳节演讲稿1"
      "\n老师们、同学们:\n大家下午好!");
  EXPECT_EQ(doc.title, "2022年元旦佳节演讲稿1");
  EXPECT_EQ(doc.salutation, "老师们、同学们:");
  EXPECT_EQ(doc.text.find("2022年元旦佳节演讲稿1"), std::string::npos) << doc.text;
}

// A headline wrapped over two lines is one title; a " | " second half that
// shares the body's words is not a site suffix.
TEST(StructureTest, WrappedHeadlinesAndSecondHalvesStayWhole) {
  EXPECT_EQ(Build("在全市XX系统“党旗下的XX干部”\n知识竞赛上的致辞\n各位来宾、同志们:\n"
                  "大家下午好!在党的生日之际,我们举办这次竞赛。")
                .title,
            "在全市XX系统“党旗下的XX干部”知识竞赛上的致辞");
  EXPECT_EQ(Build("全国生态环境保护大会 | 打赢蓝天保卫战是重中之重\n会议强调,打赢蓝天保卫战是重中之重,"
                  "要坚决打好污染防治攻坚战。")
                .title,
            "全国生态环境保护大会 | 打赢蓝天保卫战是重中之重");
}

TEST(StructureTest, ADateIsNotATitle) {
  const StructuredDocument doc = Build("2019-12-03 08:15\n年终工作总结\n今年以来,我们做了三件事。");
  EXPECT_EQ(doc.title, "年终工作总结");
  EXPECT_EQ(doc.text, "今年以来,我们做了三件事。");
}

TEST(StructureTest, APageOfShortLinesKeepsItsText) {
  const StructuredDocument two = Build("标题\n正文");
  EXPECT_EQ(two.title, "标题");
  EXPECT_EQ(two.text, "正文");
  const StructuredDocument one = Build("只有一行");
  EXPECT_EQ(one.title, "只有一行");
  EXPECT_EQ(one.text, "只有一行");
}

TEST(StructureTest, InlineSpeechTitleAndSalutationAreSplitOff) {
  const StructuredDocument doc =
      Build("在全县大会上的讲话(*年4月6日)各位领导、同志们:今天,我们召开大会。");
  EXPECT_EQ(doc.title, "在全县大会上的讲话(*年4月6日)");
  EXPECT_EQ(doc.salutation, "各位领导、同志们:");
  EXPECT_EQ(doc.text, "各位领导、同志们:\n今天,我们召开大会。");
}

TEST(StructureTest, OutlineLevelsAndHeadingsSplitFromTheirFirstSentence) {
  const StructuredDocument doc = Build(
      "同志们:\n"
      "一、肯定成绩,正视问题 近年来,我们做了大量工作。主要体现在:\n"
      "(一)工作氛围日益浓厚。各地成立了领导小组。\n"
      "(二)政策措施逐步健全。出台了实施意见。\n"
      "二、突出重点,扎实工作\n"
      "一是强化监管。要加强检查。\n"
      "二是落实责任。要层层压实。\n"
      "三“盯”在实处,工作举措再强化\n"
      "1、企业主动,政府推动。\n");
  EXPECT_EQ(Outline(doc), (std::vector<std::pair<int, std::string>>{
                              {1, "一、肯定成绩,正视问题"},
                              {2, "(一)工作氛围日益浓厚"},
                              {2, "(二)政策措施逐步健全"},
                              {1, "二、突出重点,扎实工作"},
                              {2, "一是强化监管"},
                              {2, "二是落实责任"},
                              {1, "三“盯”在实处,工作举措再强化"},
                              {3, "1、企业主动,政府推动"},
                          }));
  EXPECT_NE(doc.text.find("一、肯定成绩,正视问题\n近年来,我们做了大量工作。"), std::string::npos)
      << doc.text;
  EXPECT_NE(doc.text.find("(一)工作氛围日益浓厚。\n各地成立了领导小组。"), std::string::npos);
  // Offsets point at the headings, in code points.
  for (const auto& section : doc.sections) {
    size_t byte = 0;
    for (int i = 0; i < section.offset(); ++i) {
      do {
        ++byte;
      } while (byte < doc.text.size() &&
               (static_cast<unsigned char>(doc.text[byte]) & 0xC0) == 0x80);
    }
    EXPECT_EQ(doc.text.compare(byte, section.heading().size(), section.heading()), 0)
        << section.heading();
  }
}

TEST(StructureTest, EnumerationsNestBelowWhatPrecedesThem) {
  const StructuredDocument doc = Build(
      "同志们:\n一是谈认识,目的是统一思想\n一是产品质量不断提高。\n二是品牌建设成效明显。\n"
      "第二,谈重点,目的是明确任务\n(一)抓好标准化工作。\n");
  EXPECT_EQ(Outline(doc), (std::vector<std::pair<int, std::string>>{
                              {1, "一是谈认识,目的是统一思想"},
                              {2, "一是产品质量不断提高"},
                              {2, "二是品牌建设成效明显"},
                              {1, "第二,谈重点,目的是明确任务"},
                              {2, "(一)抓好标准化工作"},
                          }));
}

TEST(StructureTest, ABareNumeralOnlyContinuesASequence) {
  const StructuredDocument doc = Build("同志们:\n二 强化保障,凝聚合力\n");
  EXPECT_TRUE(doc.sections.empty());
}

TEST(StructureTest, TitleFallsBackToTheMarkerThenTheIntroThenTheText) {
  EXPECT_EQ(Build("同志们:\n正文。", "环保讲话 篇2").title, "环保讲话 篇2");
  EXPECT_EQ(Build("同志们:\n正文。", "", "在全县环保会议上的讲话").title, "在全县环保会议上的讲话");
  EXPECT_EQ(Build("今天我们召开全县环保大会,主要任务是总结工作。").title,
            "今天我们召开全县环保大会");
}

TEST(StructureTest, CleansTitles) {
  EXPECT_EQ(CleanTitle(DefaultRules(), "讲话稿.docx"), "讲话稿");
  EXPECT_EQ(CleanTitle(DefaultRules(), "在会上的讲话_领导讲话_公文网"), "在会上的讲话");
  EXPECT_EQ(CleanTitle(DefaultRules(), "在会上的讲话 - 范文网"), "在会上的讲话");
  EXPECT_EQ(CleanTitle(DefaultRules(), "2021-2022学年工作总结"), "2021-2022学年工作总结");
}

TEST(SpeechPartsTest, FindsSalutations) {
  SalutationMatch match;
  ASSERT_TRUE(FindSalutation(DefaultRules(), "各位局长、企业负责人、大家上午好!今天", &match));
  EXPECT_EQ(match.begin, 0u);
  EXPECT_EQ(std::string("各位局长、企业负责人、大家上午好!今天").substr(0, match.end),
            "各位局长、企业负责人、大家上午好!");
  ASSERT_TRUE(FindSalutation(DefaultRules(), "xx局长、同志们:", &match));
  EXPECT_EQ(match.begin, 0u);
  EXPECT_FALSE(FindSalutation(DefaultRules(), "同志们,安全生产只有起点。", &match));
  EXPECT_FALSE(FindSalutation(DefaultRules(), "下面,我讲三点意见:", &match));
  EXPECT_FALSE(FindSalutation(DefaultRules(), "会议强调。各位同志要注意:", &match));
}

TEST(SpeechPartsTest, FindsClosings) {
  EXPECT_EQ(FindClosing(DefaultRules(), "我的发言完了,谢谢大家!"), "我的发言完了,谢谢大家!");
  EXPECT_EQ(FindClosing(DefaultRules(), "预祝大会圆满成功。谢谢!"), "谢谢!");
  EXPECT_EQ(FindClosing(DefaultRules(), "同志们,让我们共同努力。"), "");
}

}  // namespace
}  // namespace zhengwen::normalization
