#include "scoring/helper_thread.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace stipple {

namespace {

/// True on a thread while it runs a part of a runBeside call: the caller while its own part runs
/// beside the helper, the helper thread always. A runBeside called from inside a part then runs
/// both of its parts right there, one after the other — it must not claim the helper, whose claim
/// the caller's own thread holds (re-locking it from that thread is undefined) and whose thread
/// is busy with the very part that is asking.
thread_local bool t_insidePart = false;

/// Marks the current thread as inside a part for a scope.
class InsidePart {
  public:
    InsidePart() : m_was(t_insidePart) { t_insidePart = true; }
    ~InsidePart() { t_insidePart = m_was; }
    InsidePart(const InsidePart&) = delete;
    InsidePart& operator=(const InsidePart&) = delete;

  private:
    bool m_was;
};

/// The helper: one thread, one job at a time, joined when the program ends.
class Helper {
  public:
    ~Helper() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable()) m_thread.join();
    }

    /// Claims the helper for one job; false when another caller holds it.
    bool claim() { return m_claimed.try_lock(); }

    /// Runs `job` on the helper (claimed by the caller) and waits for it; rethrows its exception.
    /// `whileRunning` runs on the caller meanwhile. False, with nothing run and the helper
    /// released, when the helper thread cannot be started (the system is out of threads): the
    /// caller then runs both parts itself, so scoring never fails for want of a thread.
    bool run(const std::function<void()>& job, const std::function<void()>& whileRunning) {
        std::exception_ptr mineError;
        {
            std::lock_guard lock(m_mutex);
            if (!m_thread.joinable()) {
                try {
                    m_thread = startThread([this] { loop(); });
                } catch (const std::system_error&) {
                    m_claimed.unlock();
                    return false;
                }
            }
            m_job = &job;
            m_done = false;
            m_error = nullptr;
        }
        m_wake.notify_all();
        try {
            const InsidePart inside;
            whileRunning();
        } catch (...) {
            mineError = std::current_exception();
        }
        std::exception_ptr theirError;
        {
            std::unique_lock lock(m_mutex);
            m_finished.wait(lock, [this] { return m_done; });
            theirError = m_error;
        }
        m_claimed.unlock();
        if (mineError) std::rethrow_exception(mineError);
        if (theirError) std::rethrow_exception(theirError);
        return true;
    }

    /// How the helper thread is started (replaced in tests to simulate a system out of threads).
    std::function<std::thread(std::function<void()>)> startThread = [](std::function<void()> body) {
        return std::thread(std::move(body));
    };

    bool started() {
        std::lock_guard lock(m_mutex);
        return m_thread.joinable();
    }

  private:
    void loop() {
        t_insidePart = true; // this thread only ever runs parts
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this] { return m_stop || m_job != nullptr; });
            if (m_job == nullptr) return; // stopping, nothing left to run
            const std::function<void()>* job = m_job;
            lock.unlock();
            std::exception_ptr error;
            try {
                (*job)();
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            m_job = nullptr;
            m_error = error;
            m_done = true;
            m_finished.notify_all();
        }
    }

    std::mutex m_claimed; ///< held by the caller whose job the helper runs
    std::mutex m_mutex;   ///< guards the fields below
    std::condition_variable m_wake, m_finished;
    const std::function<void()>* m_job = nullptr;
    bool m_done = false;
    bool m_stop = false;
    std::exception_ptr m_error;
    std::thread m_thread;
};

Helper& helper() {
    static Helper h;
    return h;
}

} // namespace

void runBeside(const std::function<void()>& mine, const std::function<void()>& theirs, bool parallel) {
    if (!parallel || t_insidePart || !helper().claim()) {
        mine();
        theirs();
        return;
    }
    if (!helper().run(theirs, mine)) {
        mine();
        theirs();
    }
}

void setHelperThreadStarterForTesting(std::function<std::thread(std::function<void()>)> start) {
    helper().startThread = std::move(start);
}

bool helperThreadStarted() {
    return helper().started();
}

} // namespace stipple
