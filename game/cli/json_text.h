// The one way the commands print JSON: indented by two, and text that is not UTF-8 (a row stored
// before input was checked, a recording from an older build) printed with U+FFFD in place of each
// bad byte — nlohmann's default would throw type_error 316 and abort the whole output.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace stipple::cli {

template <class Json> std::string jsonText(const Json& j) {
    return j.dump(2, ' ', false, Json::error_handler_t::replace);
}

} // namespace stipple::cli
