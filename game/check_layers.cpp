// stipple_check_layers: refuses an include that points against the arrows of game/layers.txt.
//
//   stipple_check_layers GAME_DIR TABLE [--stamp FILE]
//
// Every .h/.cpp under GAME_DIR belongs to the module of its folder (the longest folder of the
// table that holds it). Each `#include "..."` is resolved as the compiler does (beside the file,
// then GAME_DIR/core, then GAME_DIR); one into another module must follow the table's arrows
// (transitively). Headless modules must not include <SFML/...>. The arrows themselves must not
// make a cycle, so the include graph between modules has none either; nor may the includes
// between the folders of the table (core/config, core/store, ...), also inside one module. Every
// refusal names the file and line (or the table's line) and the arrow. Exit 0 clean (and FILE touched, for
// the build), 1 refused, 2 bad usage or an unreadable table.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Table {
    std::map<std::string, std::string> folderModule;     // "core/io" -> "model"
    std::map<std::string, std::set<std::string>> arrows; // module -> modules it may include
    std::map<std::string, int> arrowLine;                // module -> table line of its arrows
    std::set<std::string> modules, headless;
};

bool readTable(const std::string& path, Table& t, std::vector<std::string>& problems) {
    std::ifstream in(path);
    if (!in) {
        std::fprintf(stderr, "stipple_check_layers: cannot read the table %s\n", path.c_str());
        return false;
    }
    std::string line;
    int n = 0;
    std::vector<std::pair<int, std::vector<std::string>>> arrowLines, headlessLines;
    while (std::getline(in, line)) {
        ++n;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string x; words >> x;)
            w.push_back(x);
        if (w.empty()) continue;
        const std::string where = path + ":" + std::to_string(n) + ": ";
        if (w[0] == "module" && w.size() >= 3) {
            t.modules.insert(w[1]);
            for (size_t i = 2; i < w.size(); ++i) {
                if (t.folderModule.count(w[i]))
                    problems.push_back(where + "'" + w[i] + "' is in two modules");
                t.folderModule[w[i]] = w[1];
            }
        } else if (w.size() >= 3 && w[1] == "->") {
            arrowLines.push_back({n, w});
        } else if (w[0] == "headless" && w.size() >= 2) {
            headlessLines.push_back({n, w});
        } else {
            problems.push_back(where +
                               "expected 'module NAME FOLDER...', 'NAME -> NAME...' or 'headless NAME...'");
        }
    }
    for (const auto& [ln, w] : arrowLines) {
        const std::string where = path + ":" + std::to_string(ln) + ": ";
        for (size_t i = 0; i < w.size(); ++i) {
            if (i == 1) continue;
            if (!t.modules.count(w[i])) problems.push_back(where + "no module called '" + w[i] + "'");
        }
        for (size_t i = 2; i < w.size(); ++i)
            t.arrows[w[0]].insert(w[i]);
        t.arrowLine.emplace(w[0], ln);
    }
    for (const auto& [ln, w] : headlessLines)
        for (size_t i = 1; i < w.size(); ++i) {
            if (!t.modules.count(w[i]))
                problems.push_back(path + ":" + std::to_string(ln) + ": no module called '" + w[i] + "'");
            t.headless.insert(w[i]);
        }
    // The arrows must not make a cycle (depth-first search; the first cycle found is reported).
    std::map<std::string, int> state; // 0 unseen, 1 on the path, 2 done
    std::vector<std::string> pathNow;
    std::function<bool(const std::string&)> visit = [&](const std::string& m) {
        state[m] = 1;
        pathNow.push_back(m);
        for (const auto& to : t.arrows[m]) {
            if (state[to] == 1) {
                std::string cycle;
                for (auto it = std::find(pathNow.begin(), pathNow.end(), to); it != pathNow.end(); ++it)
                    cycle += *it + " -> ";
                problems.push_back(path + ":" + std::to_string(t.arrowLine[m]) +
                                   ": the arrows make a cycle: " + cycle + to);
                return true;
            }
            if (state[to] == 0 && visit(to)) return true;
        }
        pathNow.pop_back();
        state[m] = 2;
        return false;
    };
    for (const auto& m : t.modules)
        if (state[m] == 0 && visit(m)) break;
    return true;
}

/// The modules `from` may include: its arrows, followed transitively.
std::set<std::string> reachable(const Table& t, const std::string& from) {
    std::set<std::string> seen;
    std::vector<std::string> todo{from};
    while (!todo.empty()) {
        const std::string m = todo.back();
        todo.pop_back();
        const auto it = t.arrows.find(m);
        if (it == t.arrows.end()) continue;
        for (const auto& to : it->second)
            if (seen.insert(to).second) todo.push_back(to);
    }
    return seen;
}

/// The folder of the table that holds `rel` (a path relative to the game folder): the longest
/// one; "" when none does.
std::string folderOf(const Table& t, const std::string& rel) {
    std::string best;
    for (const auto& [folder, m] : t.folderModule)
        if ((rel == folder || rel.rfind(folder + "/", 0) == 0) && folder.size() > best.size()) best = folder;
    return best;
}

/// The module of `rel`: its folder's.
std::string moduleOf(const Table& t, const std::string& rel) {
    const std::string folder = folderOf(t, rel);
    return folder.empty() ? folder : t.folderModule.at(folder);
}

/// An include from one folder of the table into another: the first one seen, to name in a message.
struct FolderArrow {
    std::string where; ///< "game/core/config/station_config.cpp:8"
    std::string name;  ///< what it includes, as written
};

/// Every cycle among the folder arrows (one per arrow that closes it, in a depth-first search),
/// each with the include that makes each of its arrows.
void folderCycles(const std::map<std::string, std::map<std::string, FolderArrow>>& arrows,
                  std::vector<std::string>& problems) {
    std::map<std::string, int> state; // 0 unseen, 1 on the path, 2 done
    std::vector<std::string> pathNow;
    std::function<void(const std::string&)> visit = [&](const std::string& f) {
        state[f] = 1;
        pathNow.push_back(f);
        if (const auto it = arrows.find(f); it != arrows.end())
            for (const auto& [to, first] : it->second) {
                if (state[to] == 1) {
                    std::string cycle, because;
                    const auto start = std::find(pathNow.begin(), pathNow.end(), to);
                    for (auto p = start; p != pathNow.end(); ++p) {
                        const std::string& next = p + 1 != pathNow.end() ? *(p + 1) : to;
                        const FolderArrow& a = arrows.at(*p).at(next);
                        cycle += *p + " -> ";
                        because += (because.empty() ? "" : "; ") + a.where + " includes \"" + a.name + "\"";
                    }
                    problems.push_back(first.where + ": the folders make a cycle: " + cycle + to + " (" +
                                       because +
                                       "): move what both sides need into the lower folder, or split the "
                                       "file, so the includes go one way");
                } else if (state[to] == 0) {
                    visit(to);
                }
            }
        pathNow.pop_back();
        state[f] = 2;
    };
    for (const auto& [f, out] : arrows)
        if (state[f] == 0) visit(f);
}

std::string joined(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s)
        out += (out.empty() ? "" : ", ") + x;
    return out.empty() ? "nothing" : out;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string stamp;
    if (const auto it = std::find(args.begin(), args.end(), "--stamp"); it != args.end()) {
        if (it + 1 == args.end())
            return std::fputs("stipple_check_layers: --stamp needs a FILE\n", stderr), 2;
        stamp = *(it + 1);
        args.erase(it, it + 2);
    }
    if (args.size() != 2) {
        std::fputs("usage: stipple_check_layers GAME_DIR TABLE [--stamp FILE]\n", stderr);
        return 2;
    }
    const fs::path game = args[0];
    std::error_code ec;
    if (!fs::is_directory(game, ec)) {
        std::fprintf(stderr, "stipple_check_layers: %s is not a folder\n", game.c_str());
        return 2;
    }
    Table table;
    std::vector<std::string> problems;
    if (!readTable(args[1], table, problems)) return 2;

    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(game, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto ext = it->path().extension();
        if (it->is_regular_file() && (ext == ".h" || ext == ".cpp" || ext == ".hpp"))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    std::map<std::string, std::set<std::string>> allowed;
    std::map<std::string, std::map<std::string, FolderArrow>> folderArrows; // from -> to -> first include
    for (const auto& file : files) {
        const std::string rel = file.lexically_relative(game).generic_string();
        const std::string from = moduleOf(table, rel);
        const std::string shown = (game / rel).generic_string();
        if (from.empty()) {
            problems.push_back(shown + ": in no module of " + args[1] + ": add its folder to a module there");
            continue;
        }
        if (!allowed.count(from)) allowed[from] = reachable(table, from);
        std::ifstream in(file);
        std::string line;
        for (int n = 1; std::getline(in, line); ++n) {
            size_t p = line.find_first_not_of(" \t");
            if (p == std::string::npos || line[p] != '#') continue;
            p = line.find_first_not_of(" \t", p + 1);
            if (p == std::string::npos || line.compare(p, 7, "include") != 0) continue;
            p = line.find_first_not_of(" \t", p + 7);
            if (p == std::string::npos) continue;
            const std::string where = shown + ":" + std::to_string(n) + ": ";
            if (line[p] == '<') {
                if (line.compare(p, 6, "<SFML/") == 0 && table.headless.count(from))
                    problems.push_back(where + "includes " + line.substr(p) + ": module " + from +
                                       " is headless (no SFML; " + args[1] + ")");
                continue;
            }
            if (line[p] != '"') continue;
            const auto end = line.find('"', p + 1);
            if (end == std::string::npos) continue;
            const std::string name = line.substr(p + 1, end - p - 1);
            // Resolved as the compiler's quote search: beside the file, then the include folders.
            std::string target;
            for (const fs::path& dir : {file.parent_path(), game / "core", game}) {
                if (fs::is_regular_file(dir / name, ec)) {
                    target = fs::weakly_canonical(dir / name, ec)
                                 .lexically_relative(fs::weakly_canonical(game, ec))
                                 .generic_string();
                    break;
                }
            }
            if (target.empty() || target.rfind("..", 0) == 0)
                continue; // not in game/: another library's header
            const std::string to = moduleOf(table, target);
            if (const std::string fromFolder = folderOf(table, rel), toFolder = folderOf(table, target);
                !toFolder.empty() && toFolder != fromFolder)
                folderArrows[fromFolder].emplace(toFolder,
                                                 FolderArrow{shown + ":" + std::to_string(n), name});
            if (to.empty() || to == from || allowed[from].count(to)) continue;
            problems.push_back(where + "includes \"" + name + "\" (module " + to + "): the arrow " + from +
                               " -> " + to + " is not in " + args[1] + " (" + from + " may include " +
                               joined(allowed[from]) + ")");
        }
    }
    folderCycles(folderArrows, problems);
    for (const auto& p : problems)
        std::fprintf(stderr, "%s\n", p.c_str());
    if (!problems.empty()) {
        std::fprintf(
            stderr,
            "stipple_check_layers: refused (%zu problem%s above): include only along the arrows of %s;\n"
            "move a type both sides need down a layer instead of including up\n",
            problems.size(), problems.size() == 1 ? "" : "s", args[1].c_str());
        return 1;
    }
    if (!stamp.empty()) std::ofstream(stamp) << "checked\n";
    return 0;
}
