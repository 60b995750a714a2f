// The rule book reader. Activities are read first so that rules and implications can be checked
// against them wherever they appear in the file; cross-checks (unknown ids, cycles) run after the
// whole tree is read, and all diagnostics are then sorted into line order for the author.
#include "aftercare/rule_book_reader.h"

#include "aftercare/civil_date.h"
#include "io/element_reader.h"
#include "io/numbers.h"
#include "io/text.h"

#include <algorithm>
#include <map>

namespace stipple {

namespace {

constexpr int kMaxDays = 3650; // ten years: anything longer is a typo, not aftercare

class RuleBookFileReader : DocumentReader {
  public:
    RuleBookFileReader(const XmlDocument& doc, Diagnostics& diags) : DocumentReader(doc, diags) {}

    std::optional<RuleBook> read() {
        readAll();
        if (!finish()) return std::nullopt;
        return std::move(m_book);
    }

  private:
    void noText(const XmlElement& e) { DocumentReader::noText(e, " here; put text in its child elements"); }

    void readAll() {
        const XmlElement& root = m_doc.root;
        ElementReader r(root, m_path, m_diags);
        if (!checkRoot(r, kRuleBookRootElement, kRuleBookFormatVersion)) return;
        m_book.id = id(r);
        m_book.title = collapseSpaces(r.requiredString("title").value_or(""));
        m_book.origin = collapseSpaces(r.string("origin", ""));
        if (const XmlAttribute* asOf = r.find("as-of")) {
            if (parseIsoDate(asOf->value))
                m_book.asOf = asOf->value;
            else
                r.errorAt(*asOf,
                          "<aftercare-rules> attribute 'as-of' must be a date written YYYY-MM-DD, got \"" +
                              asOf->value + "\"");
        }
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"activity", "rule"});
        noText(root);

        for (const auto& c : root.children)
            if (c.name == "activity") readActivity(c);
        if (m_book.activities.empty())
            error(root, "<aftercare-rules> needs at least one <activity id=\"..\" name=\"..\"/>");
        for (const auto& c : root.children)
            if (c.name == "rule") readRule(c);
        checkImplications();
    }

    void readActivity(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        Activity a;
        a.line = e.line;
        a.id = id(r);
        a.name = collapseSpaces(r.requiredString("name").value_or(""));
        a.description = collapseSpaces(r.string("description", ""));
        const XmlAttribute* implies = r.find("implies");
        if (implies) {
            a.implies = splitList(implies->value);
            if (a.implies.empty())
                r.errorAt(*implies,
                          "<activity> attribute 'implies' must list activity ids, got an empty value");
        }
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({});
        noText(e);
        if (a.id.empty()) return;
        if (const auto it = m_activityElement.find(a.id); it != m_activityElement.end()) {
            errorNear(e, "id",
                      "duplicate activity id '" + a.id + "': the <activity> at line " +
                          std::to_string(it->second->line) + " already uses it");
            return;
        }
        m_activityElement[a.id] = &e;
        if (implies) m_impliesAttr[a.id] = implies;
        m_book.activities.push_back(std::move(a));
    }

    void readRule(const XmlElement& e) {
        ElementReader r(e, m_path, m_diags);
        AftercareRule rule;
        rule.line = e.line;
        rule.id = id(r);
        if (const auto activity = r.requiredString("activity")) {
            if (m_book.activity(*activity))
                rule.activityId = *activity;
            else
                errorNear(e, "activity",
                          "<rule> names unknown activity '" + *activity + "'" + knownActivities());
        }
        std::optional<RuleAnchor> anchor;
        if (const XmlAttribute* when = r.find("when")) {
            anchor = anchorFromName(when->value);
            if (!anchor)
                r.errorAt(*when,
                          "<rule> attribute 'when' must be one of after-each-session, after-final-session, "
                          "between-sessions, before-each-session, got \"" +
                              when->value + "\"");
        } else {
            r.error("<rule> is missing required attribute 'when' (after-each-session, after-final-session, "
                    "between-sessions or before-each-session)");
        }
        const std::string effect = r.choice("effect", "avoid", {"avoid", "do"});
        rule.effect = effect == "do" ? RuleEffect::Do : RuleEffect::Avoid;

        const XmlAttribute* days = r.find("days");
        if (anchor == RuleAnchor::BetweenSessions) {
            if (days)
                r.errorAt(*days,
                          "<rule when=\"between-sessions\"> takes no 'days': it lasts from the day of a "
                          "session to the day before the next session");
        } else if (anchor) {
            if (!days) {
                r.error("<rule when=\"" + std::string(anchorName(*anchor)) +
                        "\"> is missing required attribute 'days' (0 = the day of the session only)");
            } else if (const auto n = parseInteger(trim(days->value)); !n) {
                r.errorAt(*days, "<rule> attribute 'days' must be a whole number of days, got \"" +
                                     days->value + "\"");
            } else if (*n < 0) {
                r.errorAt(
                    *days,
                    "<rule> attribute 'days' must not be negative (0 = the day of the session only), got " +
                        days->value);
            } else if (*n > kMaxDays) {
                r.errorAt(*days, "<rule> attribute 'days' must be at most " + std::to_string(kMaxDays) +
                                     ", got " + days->value);
            } else {
                rule.days = static_cast<int>(*n);
            }
        }
        if (anchor) rule.anchor = *anchor;
        r.rejectUnknownAttributes();
        r.rejectUnknownChildren({"source", "afterwards"});
        noText(e);

        if (const XmlElement* source = single(e, "source"))
            rule.source = textOf(*source);
        else
            error(e, "<rule> needs a <source> with the sentence of the clinic's material it encodes");
        if (const XmlElement* afterwards = single(e, "afterwards")) {
            rule.afterwards = textOf(*afterwards);
            if (rule.effect == RuleEffect::Do)
                error(*afterwards,
                      "<afterwards> belongs to rules with effect=\"avoid\": it says what applies once "
                      "the activity is allowed again");
        }

        if (rule.id.empty()) return;
        if (const auto it = m_ruleLine.find(rule.id); it != m_ruleLine.end()) {
            errorNear(e, "id",
                      "duplicate rule id '" + rule.id + "': the <rule> at line " +
                          std::to_string(it->second) + " already uses it");
            return;
        }
        m_ruleLine[rule.id] = e.line;
        m_book.rules.push_back(std::move(rule));
    }

    std::string knownActivities() const {
        if (m_book.activities.empty()) return " (no <activity> is declared)";
        std::string out;
        for (const auto& a : m_book.activities)
            out += (out.empty() ? "" : ", ") + a.id;
        return " (declared: " + out + ")";
    }

    void checkImplications() {
        // Only edges to other, declared activities take part in the cycle search; the others are
        // reported here and left out so that one mistake does not hide another.
        std::map<std::string, std::vector<std::string>> edges;
        for (auto& a : m_book.activities) {
            const XmlAttribute* attr = m_impliesAttr.count(a.id) ? m_impliesAttr.at(a.id) : nullptr;
            std::vector<std::string>& kept = edges[a.id];
            for (const auto& target : a.implies) {
                if (target == a.id) {
                    m_diags.error(m_path, attr->line, attr->column,
                                  "activity '" + a.id + "' implies itself; list only other activities");
                } else if (!m_book.activity(target)) {
                    m_diags.error(m_path, attr->line, attr->column,
                                  "activity '" + a.id + "' implies unknown activity '" + target + "'" +
                                      knownActivities());
                } else if (std::find(kept.begin(), kept.end(), target) != kept.end()) {
                    m_diags.error(m_path, attr->line, attr->column,
                                  "activity '" + a.id + "' lists '" + target + "' twice in 'implies'");
                } else {
                    kept.push_back(target);
                }
            }
        }
        // Depth-first search; a grey node reached again closes a cycle, reported once at the
        // activity of the cycle that comes first in the file.
        std::map<std::string, int> colour; // 0 white, 1 grey (on the path), 2 black
        std::vector<std::string> path;
        std::vector<std::vector<std::string>> reported;
        auto visit = [&](auto&& self, const std::string& id) -> void {
            colour[id] = 1;
            path.push_back(id);
            for (const auto& next : edges[id]) {
                if (colour[next] == 1) {
                    std::vector<std::string> cycle(std::find(path.begin(), path.end(), next), path.end());
                    std::vector<std::string> key = cycle;
                    std::sort(key.begin(), key.end());
                    if (std::find(reported.begin(), reported.end(), key) != reported.end()) continue;
                    reported.push_back(key);
                    const Activity* first = m_book.activity(cycle.front());
                    for (const auto& c : cycle)
                        if (m_book.activity(c)->line < first->line) first = m_book.activity(c);
                    // Rotate so the chain starts at the activity where the error is reported.
                    std::rotate(cycle.begin(), std::find(cycle.begin(), cycle.end(), first->id), cycle.end());
                    std::string chain;
                    for (const auto& c : cycle)
                        chain += c + " -> ";
                    chain += cycle.front();
                    errorNear(*m_activityElement.at(first->id), "implies",
                              "activity implications form a cycle: " + chain +
                                  "; an activity cannot imply itself, even through others");
                } else if (colour[next] == 0) {
                    self(self, next);
                }
            }
            path.pop_back();
            colour[id] = 2;
        };
        for (const auto& a : m_book.activities)
            if (colour[a.id] == 0) visit(visit, a.id);
    }

    RuleBook m_book;
    std::map<std::string, const XmlElement*> m_activityElement;
    std::map<std::string, const XmlAttribute*> m_impliesAttr;
    std::map<std::string, int> m_ruleLine;
};

} // namespace

std::optional<RuleBook> readRuleBook(const XmlDocument& doc, Diagnostics& diags) {
    return RuleBookFileReader(doc, diags).read();
}

std::optional<RuleBook> loadRuleBookFile(const std::string& path, Diagnostics& diags) {
    const auto doc = loadXmlFile(path, diags);
    if (!doc) return std::nullopt;
    return readRuleBook(*doc, diags);
}

bool validateRuleBookFile(const std::string& path, Diagnostics& diags) {
    Diagnostics local;
    const bool ok = loadRuleBookFile(path, local).has_value() && !local.hasErrors();
    diags.append(local);
    return ok;
}

} // namespace stipple
