// Patching the author's level file: a scanner that knows where every element, attribute and
// text lies in the original bytes, a comparison of the writer's trees (as opened, as edited),
// and edits on the original text, checked by reading the result back.
#include "editor/level_file_patch.h"

#include "io/diagnostics.h"
#include "io/numbers.h"
#include "io/xml.h"
#include "level/level_reader.h"
#include "level/level_writer.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

namespace stipple {

namespace {

// --- where things are in the original text -----------------------------------------------------

struct PosAttr {
    std::string name;
    size_t begin = 0;      ///< first byte of the name
    size_t valueBegin = 0; ///< first byte inside the quotes
    size_t valueEnd = 0;   ///< the closing quote
};

struct PosNode {
    std::string name;
    size_t begin = 0;      ///< '<'
    size_t tagEnd = 0;     ///< just past the start tag's '>'
    size_t closeBegin = 0; ///< "</" of the end tag (tagEnd for a self-closing element)
    size_t end = 0;        ///< just past the element
    bool selfClosing = false;
    std::vector<PosAttr> attrs;
    std::vector<PosNode> children;
    const PosAttr* attr(const std::string& n) const {
        for (const PosAttr& a : attrs)
            if (a.name == n) return &a;
        return nullptr;
    }
};

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The element tree of well-formed XML with byte positions; nullopt for anything it does not
/// understand (the caller then writes the level whole).
std::optional<PosNode> scan(std::string_view t) {
    std::vector<PosNode> stack;
    std::optional<PosNode> root;
    size_t i = 0;
    const size_t n = t.size();
    auto skipTo = [&](std::string_view what) {
        const size_t at = t.find(what, i);
        if (at == std::string_view::npos) return false;
        i = at + what.size();
        return true;
    };
    while (i < n) {
        const size_t lt = t.find('<', i);
        if (lt == std::string_view::npos) break;
        i = lt;
        const std::string_view rest = t.substr(i);
        if (rest.starts_with("<?")) {
            if (!skipTo("?>")) return std::nullopt;
        } else if (rest.starts_with("<!--")) {
            if (!skipTo("-->")) return std::nullopt;
        } else if (rest.starts_with("<![CDATA[")) {
            if (!skipTo("]]>")) return std::nullopt;
        } else if (rest.starts_with("<!")) {
            if (!skipTo(">")) return std::nullopt;
        } else if (rest.starts_with("</")) {
            if (stack.empty()) return std::nullopt;
            PosNode node = std::move(stack.back());
            stack.pop_back();
            node.closeBegin = i;
            if (!skipTo(">")) return std::nullopt;
            node.end = i;
            if (stack.empty())
                root = std::move(node);
            else
                stack.back().children.push_back(std::move(node));
        } else {
            PosNode node;
            node.begin = i++;
            while (i < n && !isSpace(t[i]) && t[i] != '/' && t[i] != '>')
                node.name += t[i++];
            if (node.name.empty()) return std::nullopt;
            for (;;) {
                while (i < n && isSpace(t[i]))
                    ++i;
                if (i >= n) return std::nullopt;
                if (t[i] == '>') {
                    ++i;
                    break;
                }
                if (t[i] == '/') {
                    if (i + 1 >= n || t[i + 1] != '>') return std::nullopt;
                    i += 2;
                    node.selfClosing = true;
                    break;
                }
                PosAttr a;
                a.begin = i;
                while (i < n && !isSpace(t[i]) && t[i] != '=' && t[i] != '>' && t[i] != '/')
                    a.name += t[i++];
                while (i < n && isSpace(t[i]))
                    ++i;
                if (a.name.empty() || i >= n || t[i] != '=') return std::nullopt;
                ++i;
                while (i < n && isSpace(t[i]))
                    ++i;
                if (i >= n || (t[i] != '"' && t[i] != '\'')) return std::nullopt;
                const char quote = t[i++];
                a.valueBegin = i;
                const size_t close = t.find(quote, i);
                if (close == std::string_view::npos) return std::nullopt;
                a.valueEnd = close;
                i = close + 1;
                node.attrs.push_back(std::move(a));
            }
            node.tagEnd = i;
            if (node.selfClosing) {
                node.closeBegin = node.end = i;
                if (stack.empty())
                    root = std::move(node);
                else
                    stack.back().children.push_back(std::move(node));
            } else {
                stack.push_back(std::move(node));
            }
        }
    }
    if (!stack.empty() || !root) return std::nullopt;
    return root;
}

// --- writing pieces the way the files are written -----------------------------------------------

/// XML escaping as a person writes it: in text only & < > (quotes stay readable); in an
/// attribute value also the quote and the line breaks and tabs a value would otherwise lose.
std::string escaped(std::string_view v, bool attribute) {
    std::string out;
    for (const char c : v) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += attribute ? "&quot;" : "\"";
            break;
        case '\n':
            out += attribute ? "&#10;" : "\n";
            break;
        case '\t':
            out += attribute ? "&#9;" : "\t";
            break;
        default:
            out += c;
        }
    }
    return out;
}
std::string escapeAttr(std::string_view v) {
    return escaped(v, true);
}
std::string escapeText(std::string_view v) {
    return escaped(v, false);
}

std::vector<std::string> split(std::string_view s, std::string_view sep) {
    std::vector<std::string> out;
    size_t from = 0;
    for (;;) {
        const size_t at = s.find(sep, from);
        out.emplace_back(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
        if (at == std::string_view::npos) return out;
        from = at + sep.size();
    }
}

/// One paragraph (or "- " list items, one per line) wrapped at 100 columns after `indent`.
std::string wrapParagraph(const std::string& paragraph, const std::string& indent) {
    constexpr size_t kColumns = 100;
    std::string out;
    for (const std::string& item : split(paragraph, "\n")) {
        std::string line = indent;
        bool first = true;
        for (const std::string& word : split(item, " ")) {
            if (word.empty()) continue;
            if (!first && line.size() + 1 + word.size() > kColumns) {
                out += line + "\n";
                line = indent;
                first = true;
            }
            if (!first) line += ' ';
            line += escapeText(word);
            first = false;
        }
        out += line + "\n";
    }
    if (!out.empty()) out.pop_back();
    return out;
}

/// The content of a <brief> or <instructions> whose element starts at `indent`: the author's
/// raw lines for every paragraph that did not change, changed ones wrapped.
std::string formatLevelText(const std::string& normalised, const std::string& indent,
                            std::string_view oldRaw) {
    // The old paragraphs: blocks of lines separated by blank lines, each with its normal form.
    std::vector<std::pair<std::string, std::string>> oldBlocks; // (raw lines, normalised)
    {
        std::vector<std::string> lines = split(oldRaw, "\n");
        std::string block;
        auto flush = [&] {
            if (block.empty()) return;
            while (!block.empty() && (block.back() == '\n' || block.back() == '\r'))
                block.pop_back();
            oldBlocks.push_back({block, normaliseLevelText(block)});
            block.clear();
        };
        for (const std::string& line : lines) {
            if (trim(line).empty())
                flush();
            else
                block += line + "\n";
        }
        flush();
    }
    std::vector<bool> used(oldBlocks.size(), false);
    std::string out = "\n";
    bool firstParagraph = true;
    for (const std::string& paragraph : split(normalised, "\n\n")) {
        if (paragraph.empty()) continue;
        if (!firstParagraph) out += "\n\n";
        firstParagraph = false;
        bool reused = false;
        for (size_t k = 0; k < oldBlocks.size() && !reused; ++k) {
            if (used[k] || oldBlocks[k].second != paragraph) continue;
            used[k] = reused = true;
            out += oldBlocks[k].first;
        }
        if (!reused) out += wrapParagraph(paragraph, indent + "  ");
    }
    return out + "\n" + indent;
}

/// An element written at `indent` (its first line is not indented: the caller places it).
std::string render(const XmlElement& e, const std::string& indent) {
    std::string out = "<" + e.name;
    for (const XmlAttribute& a : e.attributes)
        out += " " + a.name + "=\"" + escapeAttr(a.value) + "\"";
    const std::string text(trim(e.text));
    if (e.children.empty() && text.empty()) return out + "/>";
    out += ">";
    if (!text.empty()) out += formatLevelText(text, indent, "");
    if (!e.children.empty()) {
        out += "\n";
        for (const XmlElement& c : e.children)
            out += indent + "  " + render(c, indent + "  ") + "\n";
        out += indent;
    }
    return out + "</" + e.name + ">";
}

bool sameTree(const XmlElement& a, const XmlElement& b) {
    if (a.name != b.name || a.text != b.text || a.attributes.size() != b.attributes.size() ||
        a.children.size() != b.children.size())
        return false;
    for (size_t i = 0; i < a.attributes.size(); ++i)
        if (a.attributes[i].name != b.attributes[i].name || a.attributes[i].value != b.attributes[i].value)
            return false;
    for (size_t i = 0; i < a.children.size(); ++i)
        if (!sameTree(a.children[i], b.children[i])) return false;
    return true;
}

const XmlAttribute* attrOf(const XmlElement& e, const std::string& name) {
    return e.attribute(name);
}

std::string keyOf(const XmlElement& e) {
    const XmlAttribute* id = e.attribute("id");
    return id ? id->value : std::string();
}

// --- the edits -------------------------------------------------------------------------------------

struct Edit {
    size_t at = 0;
    size_t length = 0;      ///< bytes of the original replaced
    std::string text;       ///< fixed text (when element is null)
    bool droppable = false; ///< an added attribute that may only repeat a default
    bool dropped = false;
    std::shared_ptr<XmlElement> element; ///< an added element, rendered at render time
    std::string before, after;           ///< around the rendered element
    std::string indent;
    std::string rendered() const {
        if (dropped) return "";
        if (element) return before + render(*element, indent) + after;
        return text;
    }
};

Edit fixedEdit(size_t at, size_t length, std::string text) {
    Edit e;
    e.at = at;
    e.length = length;
    e.text = std::move(text);
    return e;
}

class Patcher {
  public:
    /// `spellOut`: also write what the file leaves to a default that the edit changes indirectly
    /// (the hairline's symmetry axis defaults to the canvas centre: a wider canvas moves it).
    explicit Patcher(const std::string& original, bool spellOut = false)
        : m_text(original), m_spellOut(spellOut) {}

    std::vector<Edit> edits;

    std::string apply() const {
        std::vector<const Edit*> order;
        for (const Edit& e : edits)
            order.push_back(&e);
        std::stable_sort(order.begin(), order.end(),
                         [](const Edit* a, const Edit* b) { return a->at < b->at; });
        std::string out;
        size_t pos = 0;
        for (const Edit* e : order) {
            if (e->at < pos) continue; // overlapping (cannot happen for one diff); keep the first
            out.append(m_text, pos, e->at - pos);
            out += e->rendered();
            pos = e->at + e->length;
        }
        out.append(m_text, pos, std::string::npos);
        return out;
    }

    /// Whitespace from the start of the line to `at`, when only whitespace precedes it there.
    std::optional<std::string> indentAt(size_t at) const {
        size_t s = at;
        while (s > 0 && (m_text[s - 1] == ' ' || m_text[s - 1] == '\t'))
            --s;
        if (s > 0 && m_text[s - 1] != '\n') return std::nullopt;
        return m_text.substr(s, at - s);
    }
    std::string indentOf(const PosNode& p) const { return indentAt(p.begin).value_or(""); }

    void patch(const PosNode& p, const XmlElement& a, const XmlElement& b) {
        patchAttributes(p, a, b);
        if (a.text != b.text && p.children.empty()) {
            const std::string indent = indentOf(p);
            const std::string text(trim(b.text));
            if (p.selfClosing) {
                edits.push_back(fixedEdit(p.tagEnd - 2, 2,
                                          ">" + formatLevelText(text, indent, "") + "</" + p.name + ">"));
            } else {
                const std::string_view old(m_text.data() + p.tagEnd, p.closeBegin - p.tagEnd);
                edits.push_back(fixedEdit(p.tagEnd, p.closeBegin - p.tagEnd,
                                          text.empty() ? "" : formatLevelText(text, indent, old)));
            }
        }
        patchChildren(p, a, b);
    }

  private:
    void patchAttributes(const PosNode& p, const XmlElement& a, const XmlElement& b) {
        std::vector<std::string> names;
        for (const XmlAttribute& x : a.attributes)
            names.push_back(x.name);
        for (const XmlAttribute& x : b.attributes)
            if (!a.attribute(x.name)) names.push_back(x.name);
        // Where an added attribute goes: after the tag's last attribute (or its name).
        const size_t insertAt = p.attrs.empty() ? p.begin + 1 + p.name.size() : p.attrs.back().valueEnd + 1;
        for (const std::string& name : names) {
            const XmlAttribute* av = attrOf(a, name);
            const XmlAttribute* bv = attrOf(b, name);
            const PosAttr* pv = p.attr(name);
            if (m_spellOut && bv && !pv) {
                Edit e = fixedEdit(insertAt, 0, " " + name + "=\"" + escapeAttr(bv->value) + "\"");
                e.droppable = true;
                edits.push_back(std::move(e));
                continue;
            }
            if ((av && bv && av->value == bv->value) || (!av && !bv)) continue;
            if (!bv) {
                if (!pv) continue;
                size_t s = pv->begin;
                while (s > 0 && isSpace(m_text[s - 1]))
                    --s;
                edits.push_back(fixedEdit(s, pv->valueEnd + 1 - s, ""));
            } else if (pv) {
                edits.push_back(
                    fixedEdit(pv->valueBegin, pv->valueEnd - pv->valueBegin, escapeAttr(bv->value)));
            } else {
                Edit e = fixedEdit(insertAt, 0, " " + name + "=\"" + escapeAttr(bv->value) + "\"");
                e.droppable = true;
                edits.push_back(std::move(e));
            }
        }
    }

    void insertElement(const XmlElement& b, size_t at, std::string before, std::string after,
                       std::string indent) {
        Edit e;
        e.at = at;
        e.element = std::make_shared<XmlElement>(b);
        e.before = std::move(before);
        e.after = std::move(after);
        e.indent = std::move(indent);
        edits.push_back(std::move(e));
    }

    void removeElement(const PosNode& p) {
        size_t s = p.begin, e = p.end;
        if (indentAt(p.begin)) {
            s = p.begin - indentAt(p.begin)->size();
            size_t k = e;
            while (k < m_text.size() && (m_text[k] == ' ' || m_text[k] == '\t' || m_text[k] == '\r'))
                ++k;
            if (k < m_text.size() && m_text[k] == '\n')
                e = k + 1;
            else if (s > 0)
                --s; // the last thing on its line: take the newline before it instead
        }
        edits.push_back(fixedEdit(s, e - s, ""));
    }

    void patchChildren(const PosNode& p, const XmlElement& a, const XmlElement& b) {
        // A's children and the file's, by name and position among those of the same name.
        std::map<std::string, std::vector<const PosNode*>> fileByName;
        for (const PosNode& c : p.children)
            fileByName[c.name].push_back(&c);
        std::vector<const PosNode*> fileOfA(a.children.size(), nullptr);
        {
            std::map<std::string, size_t> seen;
            for (size_t i = 0; i < a.children.size(); ++i) {
                const auto& list = fileByName[a.children[i].name];
                const size_t k = seen[a.children[i].name]++;
                if (k < list.size()) fileOfA[i] = list[k];
            }
        }
        // A's children paired with B's: by id, then the rest of each name in order.
        std::vector<std::optional<size_t>> aOfB(b.children.size());
        std::vector<bool> aUsed(a.children.size(), false);
        for (size_t j = 0; j < b.children.size(); ++j) {
            const std::string key = keyOf(b.children[j]);
            if (key.empty()) continue;
            for (size_t i = 0; i < a.children.size(); ++i)
                if (!aUsed[i] && a.children[i].name == b.children[j].name && keyOf(a.children[i]) == key) {
                    aOfB[j] = i;
                    aUsed[i] = true;
                    break;
                }
        }
        // The rest (elements without ids, or a renamed one) pair by position among their kind.
        auto rank = [](const XmlElement& parent, size_t index) {
            size_t r = 0;
            for (size_t k = 0; k < index; ++k)
                r += parent.children[k].name == parent.children[index].name;
            return r;
        };
        for (size_t j = 0; j < b.children.size(); ++j) {
            if (aOfB[j]) continue;
            for (size_t i = 0; i < a.children.size(); ++i)
                if (!aUsed[i] && a.children[i].name == b.children[j].name && rank(a, i) == rank(b, j)) {
                    aOfB[j] = i;
                    aUsed[i] = true;
                    break;
                }
        }
        for (size_t i = 0; i < a.children.size(); ++i)
            if (!aUsed[i] && fileOfA[i]) removeElement(*fileOfA[i]);

        auto fileOfB = [&](size_t j) -> const PosNode* { return aOfB[j] ? fileOfA[*aOfB[j]] : nullptr; };
        for (size_t j = 0; j < b.children.size(); ++j) {
            const XmlElement& bc = b.children[j];
            if (const PosNode* pc = fileOfB(j)) {
                patch(*pc, a.children[*aOfB[j]], bc);
                continue;
            }
            if (!m_spellOut && aOfB[j] && sameTree(a.children[*aOfB[j]], bc))
                continue; // not in the file, unchanged
            // New in the file: after the nearest earlier sibling the file has (of the same name
            // first), else before the nearest later one, else inside the parent.
            const PosNode* prev = nullptr;
            for (size_t k = j; k-- > 0 && !prev;)
                if (b.children[k].name == bc.name) prev = fileOfB(k);
            for (size_t k = j; k-- > 0 && !prev;)
                prev = fileOfB(k);
            if (prev) {
                const std::string indent = indentOf(*prev);
                insertElement(bc, prev->end, "\n" + indent, "", indent);
                continue;
            }
            const PosNode* next = nullptr;
            for (size_t k = j + 1; k < b.children.size() && !next; ++k)
                next = fileOfB(k);
            const std::string parentIndent = indentOf(p);
            if (next) {
                if (const auto indent = indentAt(next->begin)) {
                    insertElement(bc, next->begin - indent->size(), *indent, "\n", *indent);
                } else {
                    insertElement(bc, next->begin, "", " ", parentIndent + "  ");
                }
            } else if (p.selfClosing) {
                insertElement(bc, p.tagEnd - 2, ">\n" + parentIndent + "  ",
                              "\n" + parentIndent + "</" + p.name + ">", parentIndent + "  ");
                edits.back().length = 2;
            } else if (const auto closeIndent = indentAt(p.closeBegin)) {
                const size_t lineStart = p.closeBegin - closeIndent->size();
                insertElement(bc, lineStart, parentIndent + "  ", "\n", parentIndent + "  ");
            } else {
                insertElement(bc, p.closeBegin, "\n" + parentIndent + "  ", "\n" + parentIndent,
                              parentIndent + "  ");
            }
        }
    }

    const std::string& m_text;
    bool m_spellOut = false;
};

std::optional<Level> readBack(const std::string& text) {
    Diagnostics diags;
    const auto doc = parseXml(text, "level.xml", diags);
    if (!doc) return std::nullopt;
    return readLevel(*doc, diags);
}

/// Drops every droppable attribute (added attributes, and the attributes of added elements)
/// whose absence reads back as the same level.
void minimise(Patcher& patcher, const Level& edited) {
    auto check = [&] {
        const auto back = readBack(patcher.apply());
        return back && *back == edited;
    };
    std::function<void(XmlElement&)> element = [&](XmlElement& e) {
        for (size_t i = e.attributes.size(); i-- > 0;) {
            const XmlAttribute saved = e.attributes[i];
            e.attributes.erase(e.attributes.begin() + static_cast<std::ptrdiff_t>(i));
            if (!check()) e.attributes.insert(e.attributes.begin() + static_cast<std::ptrdiff_t>(i), saved);
        }
        for (XmlElement& c : e.children)
            element(c);
        // Then whole elements that only repeat defaults (<healing/>, the default needle's <tools>).
        for (size_t i = e.children.size(); i-- > 0;) {
            const XmlElement saved = e.children[i];
            e.children.erase(e.children.begin() + static_cast<std::ptrdiff_t>(i));
            if (!check()) e.children.insert(e.children.begin() + static_cast<std::ptrdiff_t>(i), saved);
        }
    };
    for (size_t k = 0; k < patcher.edits.size(); ++k) {
        Edit& e = patcher.edits[k];
        if (e.droppable) {
            e.dropped = true;
            if (!check()) e.dropped = false;
        } else if (e.element) {
            element(*e.element);
            e.dropped = true;
            if (!check()) e.dropped = false;
        }
    }
}

} // namespace

double roundCoordinateMm(double mm) {
    if (!std::isfinite(mm)) return mm;
    const double r = std::round(mm * 100.0) / 100.0;
    return r == 0.0 ? 0.0 : r; // no "-0"
}

std::string writeLevelPlain(const Level& level) {
    const std::string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    Patcher patcher(declaration);
    Edit e;
    e.at = declaration.size();
    e.element = std::make_shared<XmlElement>(levelToXml(level));
    e.after = "\n";
    patcher.edits.push_back(std::move(e));
    const auto back = readBack(patcher.apply());
    if (back && *back == level) minimise(patcher, level);
    return patcher.apply();
}

std::string patchLevelText(const std::string& original, const Level& opened, const Level& edited) {
    if (opened == edited) return original;
    const auto file = scan(original);
    if (!file || file->name != "level") return writeLevelPlain(edited);
    const XmlElement a = levelToXml(opened);
    const XmlElement b = levelToXml(edited);
    Patcher patcher(original);
    patcher.patch(*file, a, b);
    const auto back = readBack(patcher.apply());
    if (!back) return patcher.apply(); // work in progress that does not read: nothing to check against
    if (*back == edited) {
        minimise(patcher, edited);
        return patcher.apply();
    }
    // A default the file relies on moved with the edit: spell out what the file leaves out, then
    // take back every addition that was not needed.
    Patcher spelled(original, true);
    spelled.patch(*file, a, b);
    const auto back2 = readBack(spelled.apply());
    if (!back2 || *back2 != edited) return writeLevelPlain(edited);
    minimise(spelled, edited);
    return spelled.apply();
}

} // namespace stipple
