// One persistent helper thread for work that splits into two parts (the scorecard's statistics
// of a large zone): the caller runs one part while the helper runs the other. The helper is
// started on first use and sleeps between jobs (a thread spawned per call would cost its start
// every time). Results never depend on which thread ran what: callers split work so that each
// part's numbers are merged in a fixed order.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace stipple {

/// Runs `mine` on the calling thread and `theirs` on the helper thread at the same time and
/// returns when both are done (an exception from either is rethrown here, after both ended).
/// With `parallel` false, or the helper busy with another caller's job, runs `mine` and then
/// `theirs` on the calling thread. So `theirs` may wait for a Gate that `mine` opens, never the
/// other way round.
/// Called again from inside either part (nested: on the helper, or on the caller while the helper
/// runs the other part), it runs both of its parts on that thread, one after the other.
/// When the helper thread cannot be started (std::thread throws: the system is out of threads),
/// both parts run on the caller instead, and the start is tried again on the next call.
void runBeside(const std::function<void()>& mine, const std::function<void()>& theirs, bool parallel = true);

/// Tests only: replaces how the helper thread is started (e.g. with one that throws, as
/// std::thread does when the system is out of threads). Call before the helper's first use.
void setHelperThreadStarterForTesting(std::function<std::thread(std::function<void()>)> start);
/// Whether the helper thread is running.
bool helperThreadStarted();

/// A one-shot signal from one part to the other: opened once, with success or failure.
class Gate {
  public:
    void open(bool ok = true) {
        m_state.store(ok ? 1 : 2, std::memory_order_release);
        m_state.notify_all();
    }
    /// Waits until opened; true when opened with success.
    bool wait() const {
        m_state.wait(0, std::memory_order_acquire);
        return m_state.load(std::memory_order_acquire) == 1;
    }
    bool isOpen() const { return m_state.load(std::memory_order_acquire) != 0; }

  private:
    std::atomic<int> m_state{0};
};

/// Opens the gate with failure when the scope ends before open() was called (an exception), so
/// that the other part never waits forever.
class GateGuard {
  public:
    explicit GateGuard(Gate& gate) : m_gate(gate) {}
    ~GateGuard() {
        if (!m_gate.isOpen()) m_gate.open(false);
    }
    GateGuard(const GateGuard&) = delete;
    GateGuard& operator=(const GateGuard&) = delete;

  private:
    Gate& m_gate;
};

} // namespace stipple
