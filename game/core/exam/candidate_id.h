// Candidate identity that a typo cannot fork: the id a candidate or invigilator types is reduced
// to one canonical form before it counts attempts, waiting periods and accommodations — surrounding
// white space trimmed, Unicode NFC (a precomposed "é" and "e" + combining acute are one id), and
// case-folded ("ANA.SOUZA" is "ana.souza"; "STRASSE" and "straße" are one id). ICU does the
// Unicode work (libicu-dev).
#pragma once

#include <optional>
#include <string>

namespace stipple {

/// The canonical form of a typed candidate id, or nullopt with `why` (for the candidate and the
/// invigilator) when it is not an id: not UTF-8, empty after trimming, longer than 64 characters,
/// or holding anything but letters, digits, combining marks, '.', '_' and '-' (the id becomes part
/// of the recording's file name).
std::optional<std::string> normaliseCandidateId(const std::string& typed, std::string& why);

/// The same canonical form for an id read from an academy's list (no character rule beyond
/// UTF-8): what two lists or a list and a typed id are compared by. Invalid UTF-8 comes back as is.
std::string canonicalCandidateKey(const std::string& id);

} // namespace stipple
