#include "services/cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace zhengwen::cli {

ProgressBar::ProgressBar(std::string label, int total)
    : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(int done, const std::string& note) {
  if (!enabled_ || total_ <= 0) return;
  constexpr int kWidth = 30;
  const int filled = done * kWidth / total_;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "\r\033[K%s [%s] %d/%d %s", label_.c_str(), bar.c_str(), done, total_,
               note.c_str());
  std::fflush(stderr);
}

void ProgressBar::Message(const std::string& line) {
  if (enabled_) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr, "%s\n", line.c_str());
}

void ProgressBar::Finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  std::fprintf(stderr, "\n");
}

}  // namespace zhengwen::cli
