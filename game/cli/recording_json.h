// How the commands that read recordings (`stipple record show`, `stipple regrade`) show a
// recording's header and what the reader recovered, in their --json output: one shape for both.
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

/// The header's identity: {"build", "kind", "exam", "seed", "candidate_id", "candidate_name",
/// "station", "started_at", "attempt", "scorer"} (`record show` adds the format and the files);
/// "scorer" is 0 for a recording made before scorer versions were recorded.
inline nlohmann::json headerJson(const RecordingHeader& h) {
    return {{"build", h.build},
            {"scorer", h.scorerVersion},
            {"kind", h.kind},
            {"exam", h.examId},
            {"seed", h.seed},
            {"candidate_id", h.candidateId},
            {"candidate_name", h.candidateName},
            {"station", h.station},
            {"started_at", h.startedAt},
            {"attempt", h.attempt}};
}

} // namespace stipple::cli
