#include "support/json_schema.h"

// GCC 12 at -O1 with the sanitizers (the Checked build) warns that a std::function inside
// std::regex's compiler "may be used uninitialized" when its _NFA moves a state
// (regex_automaton.h): a false positive in libstdc++'s own code, which this file only calls. The
// warning is silenced for <regex>'s lines alone (they are first read here); nothing in this
// file is hidden from it.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#else
#include <regex>
#endif

namespace stipple::test {

namespace {

bool hasType(const nlohmann::json& v, const std::string& type) {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "boolean") return v.is_boolean();
    if (type == "number") return v.is_number();
    if (type == "integer")
        return v.is_number_integer() ||
               (v.is_number_float() && v.get<double>() == static_cast<long long>(v.get<double>()));
    if (type == "null") return v.is_null();
    return false;
}

} // namespace

std::vector<std::string> schemaViolations(const nlohmann::json& v, const nlohmann::json& s,
                                          const std::string& path) {
    std::vector<std::string> out;
    auto add = [&](const std::string& what) { out.push_back(path + ": " + what); };
    auto merge = [&](const std::vector<std::string>& more) {
        out.insert(out.end(), more.begin(), more.end());
    };
    if (s.contains("type")) {
        bool ok = false;
        if (s["type"].is_array()) {
            for (const auto& t : s["type"])
                ok = ok || hasType(v, t.get<std::string>());
        } else {
            ok = hasType(v, s["type"].get<std::string>());
        }
        if (!ok) {
            add("must be of type " + s["type"].dump() + ", is " + v.dump());
            return out;
        }
    }
    if (s.contains("const") && v != s["const"]) add("must be " + s["const"].dump() + ", is " + v.dump());
    if (s.contains("enum")) {
        bool found = false;
        for (const auto& e : s["enum"])
            found = found || v == e;
        if (!found) add("must be one of " + s["enum"].dump() + ", is " + v.dump());
    }
    if (s.contains("pattern") && v.is_string() &&
        !std::regex_search(v.get<std::string>(), std::regex(s["pattern"].get<std::string>())))
        add("\"" + v.get<std::string>() + "\" does not match " + s["pattern"].get<std::string>());
    if (s.contains("minimum") && v.is_number() && v.get<double>() < s["minimum"].get<double>())
        add("must be at least " + s["minimum"].dump());
    if (s.contains("maximum") && v.is_number() && v.get<double>() > s["maximum"].get<double>())
        add("must be at most " + s["maximum"].dump());
    if (v.is_object()) {
        if (s.contains("required"))
            for (const auto& r : s["required"])
                if (!v.contains(r.get<std::string>()))
                    add("required property \"" + r.get<std::string>() + "\" is missing");
        if (s.contains("exactlyOneOf")) {
            int present = 0;
            for (const auto& r : s["exactlyOneOf"])
                present += v.contains(r.get<std::string>()) ? 1 : 0;
            if (present != 1)
                add("must have exactly one of " + s["exactlyOneOf"].dump() + ", has " +
                    std::to_string(present));
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string child = path + "." + it.key();
            if (s.contains("propertyNames"))
                merge(schemaViolations(nlohmann::json(it.key()), s["propertyNames"], child + " (name)"));
            if (s.contains("properties") && s["properties"].contains(it.key())) {
                merge(schemaViolations(it.value(), s["properties"][it.key()], child));
            } else if (s.contains("additionalProperties")) {
                const auto& extra = s["additionalProperties"];
                if (extra.is_boolean() && !extra.get<bool>())
                    add("property \"" + it.key() + "\" is not allowed");
                else if (extra.is_object())
                    merge(schemaViolations(it.value(), extra, child));
            }
        }
    }
    if (v.is_array()) {
        if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>())
            add("must have at least " + s["minItems"].dump() + " items");
        if (s.contains("items"))
            for (size_t i = 0; i < v.size(); ++i)
                merge(schemaViolations(v[i], s["items"], path + "[" + std::to_string(i) + "]"));
        if (s.contains("contains")) {
            bool any = false;
            for (const auto& item : v)
                any = any || schemaViolations(item, s["contains"]).empty();
            if (!any) add("must contain an item matching " + s["contains"].dump());
        }
    }
    return out;
}

} // namespace stipple::test
