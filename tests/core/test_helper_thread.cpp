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
