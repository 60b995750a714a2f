#include "record/station_signature.h"

#include "io/files.h"

#include <algorithm>
#include <filesystem>

namespace stipple {

namespace {

constexpr std::string_view kHeader = "stipple station signature 1\n";
constexpr std::string_view kDomain = "stipple station recording signature 1\n";

std::string fileName(const std::string& path) {
    return std::filesystem::path(path).filename().string();
}

/// The value of the line "key value" in `text` ("" when absent).
std::string field(const std::string& text, const std::string& key) {
    for (size_t p = 0; p < text.size();) {
        size_t e = text.find('\n', p);
        if (e == std::string::npos) e = text.size();
        if (text.compare(p, key.size() + 1, key + " ") == 0)
            return text.substr(p + key.size() + 1, e - p - key.size() - 1);
        p = e + 1;
    }
    return "";
}

} // namespace

std::string stationSignatureFileFor(const std::string& recordingPath) {
    return recordingPath + kStationSignatureSuffix;
}

std::string stationSignatureText(const std::string& recordingPath, const std::string& recordingBytes,
                                 const std::string& station, const SecretKey& key) {
    std::string body = std::string(kHeader);
    body += "station " + station + "\n";
    body += "recording " + fileName(recordingPath) + "\n";
    body += "recording-sha256 " + sha256Hex(recordingBytes) + "\n";
    body += "key-id " + key.publicKey().keyId() + "\n";
    return body + "signature ed25519 " + signTextHex(kDomain, body, key) + "\n";
}

bool signRecordingAtStation(const std::string& recordingPath, const std::string& station,
                            const SecretKey& key, std::string& error) {
    std::string bytes, why;
    if (!readFile(recordingPath, bytes, why)) {
        error = "cannot sign the recording " + recordingPath + ": " + why;
        return false;
    }
    return writeFileAtomic(stationSignatureFileFor(recordingPath),
                           stationSignatureText(recordingPath, bytes, station, key), error);
}

StationCheck checkStationSignature(const std::string& recordingPath, const std::string& recordingBytes,
                                   const std::vector<PublicKey>& trusted) {
    StationCheck out;
    const std::string sigPath = stationSignatureFileFor(recordingPath);
    std::string text, why;
    if (!readFile(sigPath, text, why, 64 * 1024)) {
        out.problem = "no station signature (" + sigPath + ": " + why +
                      "): the recording cannot be traced to a station";
        return out;
    }
    const size_t sigLine = text.rfind("signature ed25519 ");
    if (text.rfind(kHeader, 0) != 0 || sigLine == std::string::npos || text.back() != '\n') {
        out.problem = "the station signature " + sigPath + " is not a station signature file";
        return out;
    }
    const std::string body = text.substr(0, sigLine);
    const std::string signature = text.substr(sigLine + 18, text.size() - sigLine - 19);
    out.station = field(body, "station");
    out.keyId = field(body, "key-id");
    const auto key = std::find_if(trusted.begin(), trusted.end(),
                                  [&](const PublicKey& k) { return k.keyId() == out.keyId; });
    if (key == trusted.end()) {
        out.problem = "the station signature is made with key " + out.keyId + " (station " + out.station +
                      "), which is not among the trusted station keys";
        return out;
    }
    if (!verifyTextHex(kDomain, body, signature, *key)) {
        out.problem = "the station signature " + sigPath + " does not verify with station key " + out.keyId +
                      ": the signature file was edited";
        return out;
    }
    if (field(body, "recording-sha256") != sha256Hex(recordingBytes)) {
        out.problem = "the recording was changed after station " + out.station + " signed it (sha256 " +
                      field(body, "recording-sha256").substr(0, 16) + "... signed, " +
                      sha256Hex(recordingBytes).substr(0, 16) + "... now)";
        return out;
    }
    out.valid = true;
    return out;
}

bool loadTrustedStationKeys(const std::vector<std::string>& paths, std::vector<PublicKey>& keys,
                            std::string& error) {
    namespace fs = std::filesystem;
    for (const std::string& path : paths) {
        std::vector<std::string> files;
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            for (const auto& e : fs::directory_iterator(path, ec))
                if (e.path().extension() == ".public") files.push_back(e.path().string());
            std::sort(files.begin(), files.end());
            if (files.empty()) {
                error = path + ": no station public keys (*.public) in this folder";
                return false;
            }
        } else {
            files.push_back(path);
        }
        for (const std::string& f : files) {
            const auto key = loadPublicKey(f, error);
            if (!key) return false;
            keys.push_back(*key);
        }
    }
    return true;
}

} // namespace stipple
