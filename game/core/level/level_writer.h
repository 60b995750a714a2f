// Writes a Level as level-format XML (version 1), the exact inverse of the reader: reading what
// this writes gives an equal Level. Every field is written explicitly, numbers in their shortest
// exact form (formatNumber), so a written file also documents the defaults it relied on.
#pragma once

#include "io/xml.h"
#include "level/level.h"

#include <string>

namespace stipple {

/// The <level> element tree for `level`. A skin tone whose colour is not its Fitzpatrick type's
/// representative colour is written as #rrggbb.
XmlElement levelToXml(const Level& level);
/// The complete file text (XML declaration, two-space indentation).
std::string writeLevel(const Level& level);

} // namespace stipple
