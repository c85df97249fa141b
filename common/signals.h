// Termination signals handled synchronously: block SIGTERM/SIGINT in every
// thread, then wait for one on the main thread to run an orderly shutdown.
#ifndef ZHENGWEN_COMMON_SIGNALS_H_
#define ZHENGWEN_COMMON_SIGNALS_H_

namespace zhengwen {

// Call before starting any thread so all threads inherit the blocked mask.
void BlockTerminationSignals();

// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace zhengwen

#endif  // ZHENGWEN_COMMON_SIGNALS_H_
