// How the commands that read recordings (`stipple record inspect`, `stipple regrade`) show what
// the reader recovered, in their --json output: one shape for both.
#pragma once

#include "record/recording_reader.h"

#include <nlohmann/json.hpp>

namespace stipple::cli {

/// {"complete", "damage", "records", "valid_bytes", "file_bytes", "stopped_at", "problem"}.
inline nlohmann::json recoveryJson(const RecoveryReport& r) {
    return {{"complete", r.complete()},  {"damage", recordingDamageName(r.damage)},
            {"records", r.records},      {"valid_bytes", r.validBytes},
            {"file_bytes", r.fileBytes}, {"stopped_at", r.complete() ? "" : r.where()},
            {"problem", r.problem}};
}

} // namespace stipple::cli
