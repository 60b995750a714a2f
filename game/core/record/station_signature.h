// Station signatures: the setup in which no exam station holds the academy's key. Each station has
// its own Ed25519 pair (keys/station.secret beside its recordings, made by `stipple keys init
// --station`), and signs each recording as it closes it, in a file beside it:
//   NAME.stiprec.station-sig
//     stipple station signature 1
//     station <the station's name>
//     recording <the recording's file name>
//     recording-sha256 <64 hex digits>
//     key-id <16 hex digits of the station key>
//     signature ed25519 <128 hex digits over a domain label and the lines above>
// The exam officer grades and signs a day's recordings on their own machine (`stipple regrade
// … --sign`) and refuses a recording whose station signature is missing, does not match the
// recording's bytes (an edit between the sitting and the grading), or comes from a key that is
// not in the list of trusted station public keys.
#pragma once

#include "exam/signing.h"

#include <string>
#include <vector>

namespace stipple {

inline constexpr const char* kStationKeyName = "station";
inline constexpr const char* kStationSecretKeyFile = "station.secret";
inline constexpr const char* kStationSignatureSuffix = ".station-sig";

/// The signature file of a recording: RECORDING.station-sig.
std::string stationSignatureFileFor(const std::string& recordingPath);

/// The signature text for a recording's bytes, made by `station` with its key.
std::string stationSignatureText(const std::string& recordingPath, const std::string& recordingBytes,
                                 const std::string& station, const SecretKey& key);

/// Reads the closed recording at `recordingPath` and writes its signature file beside it.
bool signRecordingAtStation(const std::string& recordingPath, const std::string& station,
                            const SecretKey& key, std::string& error);

struct StationCheck {
    bool valid = false;
    std::string station; ///< as the signature names it
    std::string keyId;   ///< of the key that signed
    std::string problem; ///< why not valid, in words
};

/// Checks `recordingBytes` (the recording at `recordingPath`) against its signature file and the
/// trusted station keys.
StationCheck checkStationSignature(const std::string& recordingPath, const std::string& recordingBytes,
                                   const std::vector<PublicKey>& trusted);

/// The trusted station keys: each path a public key file, or a folder of them (every *.public
/// in it). False with a reason naming the file that cannot be read.
bool loadTrustedStationKeys(const std::vector<std::string>& paths, std::vector<PublicKey>& keys,
                            std::string& error);

} // namespace stipple
