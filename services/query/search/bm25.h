// BM25 (Robertson/Sparck Jones, with Lucene's non-negative idf), the ranking
// function of Search. k1 = 1.2 and b = 0.75, as in SQLite FTS5 and Lucene.
#ifndef ZHENGWEN_SERVICES_QUERY_SEARCH_BM25_H_
#define ZHENGWEN_SERVICES_QUERY_SEARCH_BM25_H_

#include <cmath>
#include <cstdint>

namespace zhengwen::query {

inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;
// An unquoted CJK run whose bigrams a document has only apart (never the run
// whole) scores this share of what the bigrams would score together: it
// matches, but below a document of equal length that holds the run.
inline constexpr double kScatteredRunWeight = 0.5;

// Inverse document frequency of a term in `df` of `documents` documents.
inline double Bm25Idf(uint64_t df, uint64_t documents) {
  const double n = static_cast<double>(documents);
  const double d = static_cast<double>(df);
  return std::log(1.0 + (n - d + 0.5) / (d + 0.5));
}

// Saturated term frequency of `tf` occurrences in a document of `length`
// units, the corpus averaging `average_length`.
inline double Bm25Tf(double tf, double length, double average_length) {
  if (tf <= 0) return 0;
  const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * length / average_length);
  return tf * (kBm25K1 + 1.0) / (tf + norm);
}

}  // namespace zhengwen::query

#endif  // ZHENGWEN_SERVICES_QUERY_SEARCH_BM25_H_
