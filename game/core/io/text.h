// Whitespace in text that the file readers take in (XML text content, GIFT and Moodle question
// text): the form in which Stipple stores and shows it.
#pragma once

#include <string>
#include <string_view>

namespace stipple {

/// Trims text and turns every run of whitespace (spaces, tabs, the line breaks of an indented XML
/// text) into one space.
std::string collapseSpaces(std::string_view text);

} // namespace stipple
