// The shared helper thread (scoring/helper_thread.h): both parts run, errors come back to the
// caller, a failed part never leaves the other waiting, and two callers at once both finish.
#include "scoring/helper_thread.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

using namespace stipple;

#if defined(__GLIBC__)
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

namespace {
std::atomic<int> g_trylocksOfOwnMutex{0};
} // namespace

// Every pthread_mutex_trylock of this test program passes through here (the program's own
// definition comes before the C library's): one on a mutex the calling thread already holds —
// std::mutex::try_lock from its owner, undefined behaviour that glibc happens to answer "busy" —
// is counted, and the nesting case below expects none.
extern "C" int pthread_mutex_trylock(pthread_mutex_t* mutex) {
    using Real = int (*)(pthread_mutex_t*);
    static const Real real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "pthread_mutex_trylock"));
    if (mutex->__data.__owner == static_cast<int>(gettid())) ++g_trylocksOfOwnMutex;
    return real(mutex);
}

static int trylocksOfOwnMutex() {
    return g_trylocksOfOwnMutex.load();
}
#else
static int trylocksOfOwnMutex() {
    return 0;
}
#endif

// First in this file (Catch2 runs cases in declaration order, and ctest runs each case alone): the
// helper thread must not have been started yet in this process.
TEST_CASE("runBeside: a system out of threads still scores, on the caller, and tries again later",
          "[helper]") {
    REQUIRE_FALSE(helperThreadStarted());
    int refused = 0;
    setHelperThreadStarterForTesting([&](std::function<void()>) -> std::thread {
        ++refused;
        throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again));
    });
    for (int call = 0; call < 2; ++call) {
        std::thread::id mineOn, theirsOn;
        Gate ready;
        CHECK_NOTHROW(runBeside(
            [&] {
                mineOn = std::this_thread::get_id();
                ready.open();
            },
            [&] {
                theirsOn = std::this_thread::get_id();
                REQUIRE(ready.wait());
            }));
        CHECK(mineOn == std::this_thread::get_id());
        CHECK(theirsOn == std::this_thread::get_id());
    }
    CHECK(refused == 2); // each call tried to start the helper again
    CHECK_FALSE(helperThreadStarted());
    // Once threads can be made again, the helper takes its part as usual.
    setHelperThreadStarterForTesting([](std::function<void()> body) { return std::thread(std::move(body)); });
    std::thread::id theirsOn;
    runBeside([] {}, [&] { theirsOn = std::this_thread::get_id(); });
    CHECK(theirsOn != std::this_thread::get_id());
    CHECK(helperThreadStarted());
}

TEST_CASE("runBeside runs both parts, side by side when asked, else one after the other", "[helper]") {
    for (const bool parallel : {true, false}) {
        INFO("parallel " << parallel);
        std::thread::id mineOn, theirsOn;
        std::vector<int> order;
        Gate ready;
        int handed = 0;
        runBeside(
            [&] {
                mineOn = std::this_thread::get_id();
                handed = 42;
                ready.open();
            },
            [&] {
                theirsOn = std::this_thread::get_id();
                REQUIRE(ready.wait());
                REQUIRE(handed == 42); // what mine wrote before opening the gate is visible
            },
            parallel);
        CHECK(mineOn == std::this_thread::get_id());
        // Side by side the helper takes theirs (unless another caller holds it: none here).
        CHECK((theirsOn != std::this_thread::get_id()) == parallel);
    }
}

TEST_CASE("runBeside: an error in either part reaches the caller after both ended", "[helper]") {
    for (const bool parallel : {true, false}) {
        INFO("parallel " << parallel);
        std::atomic<bool> theirsEnded{false};
        CHECK_THROWS_WITH(
            runBeside([] { throw std::runtime_error("mine failed"); }, [&] { theirsEnded = true; }, parallel),
            "mine failed");
        if (parallel) CHECK(theirsEnded); // joined before the error came back
        CHECK_THROWS_WITH(runBeside([] {}, [] { throw std::runtime_error("theirs failed"); }, parallel),
                          "theirs failed");
        // Mine fails before opening the gate theirs waits for: the guard opens it with failure.
        Gate gate;
        bool theirsSawFailure = false;
        CHECK_THROWS(runBeside(
            [&] {
                GateGuard guard(gate);
                throw std::runtime_error("before the gate");
            },
            [&] { theirsSawFailure = !gate.wait(); }, parallel));
        if (parallel) CHECK(theirsSawFailure);
    }
    // The helper still works afterwards.
    int runs = 0;
    runBeside([&] { ++runs; }, [&] { ++runs; });
    CHECK(runs == 2);
}

TEST_CASE("runBeside: callers on several threads at once each get both parts run", "[helper]") {
    std::atomic<int> done{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t)
        callers.emplace_back([&] {
            for (int k = 0; k < 200; ++k) {
                int mine = 0, theirs = 0;
                Gate gate;
                runBeside(
                    [&] {
                        mine = k;
                        gate.open();
                    },
                    [&] {
                        if (gate.wait()) theirs = mine + 1;
                    });
                if (mine == k && theirs == k + 1) ++done;
            }
        });
    for (std::thread& t : callers)
        t.join();
    CHECK(done == 4 * 200);
}

TEST_CASE("runBeside called again from inside either part runs the nested parts there, with their results",
          "[helper]") {
    const int ownBefore = trylocksOfOwnMutex();
    const std::thread::id caller = std::this_thread::get_id();
    std::thread::id mineOn, theirsOn, nestedMineOn[2], nestedTheirsOn[2];
    long mineResult = 0, theirsResult = 0;
    // Each nested pair hands a number from its first part to its second through a Gate (the
    // order runBeside promises), and each side sums a range in two halves.
    const auto nested = [](long from, std::thread::id& firstOn, std::thread::id& secondOn) {
        long low = 0, high = 0;
        Gate handed;
        runBeside(
            [&] {
                firstOn = std::this_thread::get_id();
                for (long i = from; i < from + 500; ++i)
                    low += i;
                handed.open();
            },
            [&] {
                secondOn = std::this_thread::get_id();
                REQUIRE(handed.wait());
                for (long i = from + 500; i < from + 1000; ++i)
                    high += i;
            });
        return low + high;
    };
    Gate bothNested;
    runBeside(
        [&] {
            mineOn = std::this_thread::get_id();
            mineResult = nested(0, nestedMineOn[0], nestedMineOn[1]);
            bothNested.open();
        },
        [&] {
            theirsOn = std::this_thread::get_id();
            theirsResult = nested(1000, nestedTheirsOn[0], nestedTheirsOn[1]);
            REQUIRE(bothNested.wait());
        });
    CHECK(mineResult == 499500);    // 0 + 1 + … + 999
    CHECK(theirsResult == 1499500); // 1000 + … + 1999
    CHECK(mineOn == caller);
    CHECK(theirsOn != caller);        // the helper took the outer call's second part
    CHECK(nestedMineOn[0] == caller); // nested on the caller: both parts there
    CHECK(nestedMineOn[1] == caller);
    CHECK(nestedTheirsOn[0] == theirsOn); // nested on the helper: both parts there
    CHECK(nestedTheirsOn[1] == theirsOn);
    CHECK(trylocksOfOwnMutex() == ownBefore); // the caller never re-claimed the helper it holds
    // And the helper is free again for the next call.
    std::thread::id next;
    runBeside([] {}, [&] { next = std::this_thread::get_id(); });
    CHECK(next == theirsOn);
}
