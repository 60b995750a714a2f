// The seeded draw. Choosing k of n uses a partial Fisher–Yates shuffle over Rng::below (unbiased
// and identical everywhere); chosen levels keep the order the exam lists them in, so a pool of
// equivalent levels never changes the running order of the practical, while quiz questions are
// shuffled when the section asks for it.
#include "exam/exam_instance.h"

#include "io/numbers.h"
#include "random/rng.h"
#include "random/shuffle.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <sodium.h>

namespace stipple {

namespace {

uint64_t fnv1a64(std::string_view text) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

InstanceLevel levelOf(const ExamFileRef& ref, const ExamMaterials& materials) {
    InstanceLevel l;
    l.path = ref.resolved;
    l.ref = ref.path;
    if (const auto it = materials.levels.find(ref.resolved); it != materials.levels.end())
        l.levelId = it->second.id;
    if (const auto it = materials.sha256.find(ref.resolved); it != materials.sha256.end())
        l.sha256 = it->second;
    return l;
}

} // namespace

uint64_t newExamSeed() {
    if (sodium_init() < 0) return 0; // no randomness source at all: libsodium would abort anyway
    uint64_t seed = 0;
    randombytes_buf(&seed, sizeof seed);
    return seed;
}

double sectionTimeLimitS(const ExamSection& section, const Accommodation* granted) {
    double limit = section.timeLimitS;
    if (granted) limit += section.timeLimitS * granted->extraPercent / 100.0 + granted->extraMinutes * 60.0;
    return limit;
}

double sectionTimeLimitS(const Exam& exam, const ExamSection& section, const std::string& candidate) {
    return sectionTimeLimitS(section, exam.findAccommodation(candidate));
}

ExamInstance instantiateExam(const Exam& exam, uint64_t seed, const std::string& candidate,
                             const ExamMaterials& materials, const std::optional<Accommodation>& granted) {
    const Accommodation* extra = granted ? &*granted : exam.findAccommodation(candidate);
    ExamInstance out;
    out.examId = exam.id;
    out.examSha256 = exam.sourceSha256;
    out.seed = seed;
    out.candidate = candidate;
    out.view = exam.view;
    for (const auto& [path, hash] : materials.sha256) {
        std::string ref = path;
        for (const ExamFileRef* f : exam.files())
            if (f->resolved == path) {
                ref = f->path;
                break;
            }
        out.files.push_back({ref, path, hash, materials.pictures.count(path) > 0});
    }

    for (const auto& s : exam.sections) {
        uint64_t state = seed ^ fnv1a64(s.id);
        Rng rng(splitMix64(state));
        InstanceSection is;
        is.id = s.id;
        is.kind = s.kind;
        is.timeLimitS = sectionTimeLimitS(s, extra);
        for (const auto& item : s.items) {
            if (item.level) is.levels.push_back(levelOf(*item.level, materials));
            if (item.pool) {
                const auto& levels = item.pool->levels;
                for (size_t i : drawDistinct(rng, levels.size(), static_cast<size_t>(item.pool->count)))
                    is.levels.push_back(levelOf(levels[i], materials));
            }
        }
        for (const auto& b : s.banks) {
            const auto bank = materials.banks.find(b.file.resolved);
            assert(bank != materials.banks.end() && "materials must come from loadExamMaterials(exam)");
            for (const auto& d : b.draws) {
                const auto& ids = bank->second.questionsByCategory.at(d.category);
                for (size_t i : drawDistinct(rng, ids.size(), static_cast<size_t>(d.count)))
                    is.questions.push_back({b.file.resolved, b.file.path, ids[i], d.category, 0, 0});
            }
        }
        for (const auto& sc : s.scenarios) {
            const uint64_t blockSeed = rng.next();
            for (int i = 0; i < sc.count; ++i)
                is.questions.push_back(
                    {sc.rules.resolved, sc.rules.path, "", kExamScenarioCategory, blockSeed, i});
        }
        if (s.shuffle) shuffle(is.questions, rng);
        out.sections.push_back(std::move(is));
    }
    return out;
}

std::string ExamInstance::formText() const {
    std::string out = "exam " + examId + " " + examSha256 + "\nseed " + std::to_string(seed) + "\n";
    for (const auto& s : sections) {
        out += "section " + s.id + " " + sectionKindName(s.kind) + "\n";
        for (const auto& l : s.levels)
            out += "  level " + l.levelId + " " + l.ref + " " + l.sha256 + "\n";
        for (const auto& q : s.questions) {
            if (q.isScenario())
                out += "  scenario " + std::to_string(q.scenarioSeed) + "#" +
                       std::to_string(q.scenarioIndex) + " " + q.sourceRef + "\n";
            else
                out += "  question " + q.questionId + " " + q.category + " " + q.sourceRef + "\n";
        }
    }
    return out;
}

} // namespace stipple
