// The commands a practice session takes, each stamped with the simulation tick it acts on. The
// trainer window, the tests and replay all drive a session with exactly these; the session's
// event log is the list of the ones it applied, so a recording is this list (plus the level,
// the seed and the final tick). Plain data, no behaviour.
#pragma once

#include "geometry/vec2.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace stipple {

enum class CommandKind : uint8_t {
    MoveHand,     ///< the pointer is at posMm (skin plane, mm)
    NeedleDown,   ///< the needle enters the skin under the simulated tip
    NeedleUp,     ///< the needle leaves the skin: the strike becomes a dot
    SelectNeedle, ///< index = index into Level::needles
    SelectShade,  ///< index = index into knownShades(); value = dilution (0.05..1, steps of 0.05)
    SetPressure,  ///< value = pressure (0.5..2, 1 = normal); only where the level offers pressure
    NextSession,  ///< the current layer heals; the next session begins
    Undo,         ///< removes the last dot of the current session (practice levels only)
    Finish,       ///< the attempt ends
};

/// One command. Fields a kind does not use stay at their defaults (so logs compare exactly).
struct Command {
    int64_t tick = 0; ///< the tick it acts on (240 per second from the session's start)
    CommandKind kind = CommandKind::MoveHand;
    int32_t index = 0;  ///< SelectNeedle, SelectShade
    Vec2 posMm;         ///< MoveHand
    double value = 0.0; ///< SelectShade (dilution), SetPressure (pressure)
    friend bool operator==(const Command&, const Command&) = default;
};

/// The kind's name as the log and messages write it: "move-hand", "needle-down", …
std::string_view commandName(CommandKind kind);

/// What happened to a command: applied, or refused with a reason for the trainee or the log.
struct CommandResult {
    bool ok = true;
    std::string reason; ///< empty when ok
    explicit operator bool() const { return ok; }
    static CommandResult accepted() { return {}; }
    static CommandResult refused(std::string why) { return {false, std::move(why)}; }
};

} // namespace stipple
