// Import of Tiled maps (TMX, the XML format of the free Tiled map editor) as levels, so that
// instructors can draw zones, forbidden areas, scars, the hairline and target dots with Tiled's
// polygon, polyline, rectangle, ellipse and point tools. levels/README.md ("Drawing levels in
// Tiled") is the reference for the conventions:
//
// - the map's custom properties give the level's attributes (id, title, skill, difficulty,
//   brief, instructions), the scale (mm-per-pixel or pixels-per-mm) and, written
//   ELEMENT.ATTRIBUTE, any attribute of <canvas>, <target>, <scoring>, <mode>, <handpiece>
//   and <healing> (e.g. target.generate = true);
// - each object's kind (zone, forbidden, scar, hairline, target) is its Tiled class/type, or
//   else its object layer's class or name ("Zones", "scars", …);
// - an object's name is its id; its custom properties are the attributes of its element
//   (density-per-cm2, uptake, zone, band-mm, diameter-mm, …);
// - pixel coordinates (with object rotation and layer offsets) become millimetres.
//
// The conversion builds the level's XML tree with every element and attribute positioned at
// the map element, object or property it came from, and reads it with the real level reader:
// every problem — an unknown property, a density out of range, a zone off the canvas, a
// crossing outline — is reported at its place in the .tmx file (`map.tmx:12:7: error: …`).
// Works on the io/xml.h tree; knows nothing about the XML parser library.
#pragma once

#include "io/diagnostics.h"
#include "io/xml.h"
#include "level/level.h"

#include <optional>
#include <string>

namespace stipple {

/// The level a parsed TMX map describes. Errors and warnings go to `diags`, located in the map
/// file; nullopt when there is any error (never a half-converted level).
std::optional<Level> importTmx(const XmlDocument& map, Diagnostics& diags);

/// Loads a .tmx file and converts it; a missing, empty or malformed file is a located error.
std::optional<Level> importTmxFile(const std::string& path, Diagnostics& diags);

} // namespace stipple
