// A small JSON Schema checker for the tests that hold an output to a published standard (xAPI
// 1.0.3 statements, Open Badges 3.0 credentials) written as a schema in the test. It knows the
// keywords those schemas use: type, const, enum, pattern, minimum, maximum, required, properties,
// additionalProperties (false or a schema), propertyNames, items, minItems, contains, and
// "exactlyOneOf" (a list of property names of which exactly one must be present: xAPI's inverse
// functional identifier). Every violation is returned with its JSON path.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace stipple::test {

/// Every place where `value` breaks `schema`, as "PATH: what"; empty when it conforms.
std::vector<std::string> schemaViolations(const nlohmann::json& value, const nlohmann::json& schema,
                                          const std::string& path = "$");

} // namespace stipple::test
