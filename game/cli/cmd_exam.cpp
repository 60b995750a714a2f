// `stipple exam`: look at an exam definition the way a candidate will get it. `draw` shows the
// levels and questions a seed draws (the same seed always draws the same exam, whoever the
// candidate); `files` lists every file the exam uses with its SHA-256, to pin them in the exam
// (sha256="...") so that any later change to a level or bank refuses the exam instead of
// silently changing it.
#include "cli/args.h"
#include "cli/cli.h"
#include "cli/common.h"
#include "exam/exam_instance.h"
#include "exam/exam_materials.h"
#include "exam/exam_reader.h"
#include "io/numbers.h"

#include "cli/json_text.h"
#include <nlohmann/json.hpp>

#include <cstdio>

namespace stipple::cli {

namespace {

const CommandDef kExamDef{
    "exam",
    "show what an exam seed draws, or the files an exam uses and their hashes",
    "usage: stipple exam draw EXAM --seed N [--candidate ID] [--json]\n"
    "       stipple exam files EXAM\n",
    "  draw    the levels, questions and scenario seeds that seed N draws, section by\n"
    "          section, and each section's time limit for the candidate (extra time\n"
    "          from <accommodations> included)\n"
    "  files   every level, bank and rule book the exam uses, with its SHA-256\n"
    "\n"
    "The exam and every file it names are checked first (as `stipple validate` does).\n"
    "exit status: 0 done, 1 the exam or one of its files has errors, 2 usage error.\n",
    {
        {"--seed", "N", "draw: the sitting's seed"},
        {"--candidate", "ID", "draw: the candidate, for their accommodations (extra time)"},
        jsonOption("draw: the draw as JSON"),
    },
    ""};

int runExam(const std::vector<std::string>& argv) {
    const Args args(argv, kExamDef);
    if (!args.ok()) return usageError("exam", args.error(), helpText(kExamDef));
    if (args.help()) {
        std::fputs(helpText(kExamDef).c_str(), stdout);
        return kExitOk;
    }
    if (args.positional().size() != 2)
        return usageError("exam", "give an action (draw or files) and one EXAM file", helpText(kExamDef));
    const std::string& verb = args.positional()[0];
    if (verb != "draw" && verb != "files")
        return usageError("exam", "unknown action '" + verb + "' (expected draw or files)",
                          helpText(kExamDef));
    std::optional<uint64_t> seed;
    if (verb == "draw") {
        if (!args.value("seed")) return usageError("exam", "draw needs --seed N", helpText(kExamDef));
        seed = parseUnsigned(*args.value("seed"));
        if (!seed)
            return usageError("exam",
                              "--seed must be a whole number from 0 to 18446744073709551615, got \"" +
                                  *args.value("seed") + "\"",
                              helpText(kExamDef));
    } else if (args.value("seed") || args.value("candidate") || args.flag("json")) {
        return usageError("exam", "files takes no options", helpText(kExamDef));
    }

    Diagnostics diags;
    const auto exam = loadExamFile(args.positional()[1], diags);
    std::optional<ExamMaterials> materials;
    if (exam) materials = loadExamMaterials(*exam, diags);
    std::fputs(diags.formatAll().c_str(), stderr);
    if (!materials) return kExitBadInput;

    if (verb == "files") {
        std::printf("%s  %s\n", exam->sourceSha256.c_str(), exam->path.c_str());
        for (const auto& [path, hash] : materials->sha256)
            std::printf("%s  %s\n", hash.c_str(), path.c_str());
        return kExitOk;
    }

    const std::string candidate = args.value("candidate").value_or("");
    const ExamInstance inst = instantiateExam(*exam, *seed, candidate, *materials);
    // A level as people read it: its title (the id stays beside it, and is the JSON's key).
    const auto titleOf = [&](const InstanceLevel& l) {
        const auto it = materials->levels.find(l.path);
        return it == materials->levels.end() ? std::string() : it->second.title;
    };
    if (args.flag("json")) {
        nlohmann::ordered_json j;
        j["exam_id"] = inst.examId;
        j["exam_sha256"] = inst.examSha256;
        j["seed"] = inst.seed;
        j["candidate"] = inst.candidate;
        j["sections"] = nlohmann::ordered_json::array();
        for (size_t i = 0; i < inst.sections.size(); ++i) {
            const auto& s = inst.sections[i];
            nlohmann::ordered_json js;
            js["id"] = s.id;
            js["title"] = exam->sections[i].title;
            js["kind"] = sectionKindName(s.kind);
            js["time_limit_s"] = s.timeLimitS;
            if (s.kind == SectionKind::Practical) {
                js["levels"] = nlohmann::ordered_json::array();
                for (const auto& l : s.levels)
                    js["levels"].push_back(
                        {{"id", l.levelId}, {"title", titleOf(l)}, {"path", l.path}, {"sha256", l.sha256}});
            } else {
                js["questions"] = nlohmann::ordered_json::array();
                for (const auto& q : s.questions) {
                    if (q.isScenario())
                        js["questions"].push_back({{"scenario_seed", q.scenarioSeed},
                                                   {"scenario_index", q.scenarioIndex},
                                                   {"category", q.category},
                                                   {"rules", q.source}});
                    else
                        js["questions"].push_back(
                            {{"id", q.questionId}, {"category", q.category}, {"bank", q.source}});
                }
            }
            j["sections"].push_back(std::move(js));
        }
        std::printf("%s\n", jsonText(j).c_str());
        return kExitOk;
    }
    std::printf("%s (%s), seed %llu%s\n", exam->title.c_str(), inst.examId.c_str(),
                static_cast<unsigned long long>(inst.seed),
                candidate.empty() ? "" : (", candidate " + candidate).c_str());
    for (size_t i = 0; i < inst.sections.size(); ++i) {
        const auto& s = inst.sections[i];
        const ExamSection& es = exam->sections[i];
        std::printf("\n%s: %s (%s, %s min, weight %s, pass mark %s)\n", s.id.c_str(), es.title.c_str(),
                    sectionKindName(s.kind), formatNumber(s.timeLimitS / 60.0).c_str(),
                    formatNumber(es.weight).c_str(), formatNumber(es.passMark).c_str());
        int n = 0;
        for (const auto& l : s.levels)
            std::printf("  %2d. %s (level %s)  %s\n", ++n, titleOf(l).c_str(), l.levelId.c_str(),
                        l.path.c_str());
        for (const auto& q : s.questions) {
            if (q.isScenario())
                std::printf("  %2d. scenario %d of seed %llu  %s\n", ++n, q.scenarioIndex + 1,
                            static_cast<unsigned long long>(q.scenarioSeed), q.source.c_str());
            else
                std::printf("  %2d. %-28s %-12s %s\n", ++n, q.questionId.c_str(), q.category.c_str(),
                            q.source.c_str());
        }
    }
    return kExitOk;
}

const Registration kExamReg{kExamDef, &runExam};

} // namespace

} // namespace stipple::cli
