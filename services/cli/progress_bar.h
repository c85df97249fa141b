// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#ifndef ZHENGWEN_SERVICES_CLI_PROGRESS_BAR_H_
#define ZHENGWEN_SERVICES_CLI_PROGRESS_BAR_H_

#include <string>

namespace zhengwen::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, int total);
  ~ProgressBar();
  // Redraws with `done` of `total` finished.
  void Update(int done, const std::string& note = "");
  // Changes the total (a job that learns its size as it goes).
  void SetTotal(int total) { total_ = total; }
  // Ends the line so later output starts clean.
  void Finish();
  // Prints a message above the bar (the bar is redrawn on the next Update).
  void Message(const std::string& line);

 private:
  std::string label_;
  int total_;
  bool enabled_;
  bool finished_ = false;
};

}  // namespace zhengwen::cli

#endif  // ZHENGWEN_SERVICES_CLI_PROGRESS_BAR_H_
