// The exam screens. They never write a record themselves: every answer, hand-in and time-out goes
// through ExamFlow, which appends it to the recording at once. Times shown are the section's:
// practical time is the levels' session ticks (what the recording holds), quiz time is the
// frames' real time, capped per frame as the practice screen caps it.
#include "app/exam_screens.h"

#include "app/app.h"
#include "app/hud.h"
#include "app/theme.h"
#include "io/numbers.h"
#include "random/rng.h"
#include "record/recording_reader.h"

#include <algorithm>
#include <cmath>

namespace stipple::app {

namespace {

constexpr double kMaxFrameS = 0.25; ///< as the practice screen: a stalled frame counts at most this

std::string minutesText(double seconds) {
    const double m = seconds / 60.0;
    return formatNumber(std::round(m * 10.0) / 10.0) + " min";
}

std::string timingText(FeedbackTiming t) {
    switch (t) {
    case FeedbackTiming::Immediately: return "at the end of the exam";
    case FeedbackTiming::AfterDecision: return "after the academy's decision";
    case FeedbackTiming::Never: return "not shown";
    }
    return "";
}

/// A UTF-8 string without its last character.
void popUtf8(std::string& s) {
    while (!s.empty()) {
        const unsigned char c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80) break;
    }
}

/// The countdown pill: section name, position, time left (red in the last minute).
void drawCountdown(const Theme& t, sf::RenderTarget& target, float centreX, float y, const std::string& label,
                   double leftS) {
    const std::string time = clockText(std::max(0.0, leftS)) + " left";
    const float w = t.textWidth(label, 13) + t.textWidth(time, 20, true) + t.px(56);
    const sf::FloatRect r(centreX - w / 2, y, w, t.px(40));
    const bool urgent = leftS < 60.0;
    t.panel(target, r, sf::Color(21, 23, 26, 235), 8, urgent ? colours::kFail : colours::kAccent);
    t.text(target, label, r.left + t.px(18), r.top + t.px(12), 13, colours::kTextDim);
    t.text(target, time, r.left + r.width - t.px(18), r.top + t.px(7), 20, urgent ? colours::kFail : colours::kText,
           Align::Right, true);
}

bool isKey(const sf::Event& e, sf::Keyboard::Key k) { return e.type == sf::Event::KeyPressed && e.key.code == k; }

} // namespace

bool isExamScreenName(const std::string& name) {
    return name == "exam-signin" || name == "exam-instructions" || name == "exam-final";
}

bool parseExamOption(const std::vector<std::string>& args, std::size_t& i, Options& o, std::string& error) {
    const std::string& a = args[i];
    std::string* out = a == "--exam"        ? &o.exam
                       : a == "--candidate" ? &o.examCandidate
                       : a == "--name"      ? &o.examName
                       : a == "--station"   ? &o.examStation
                       : a == "--user-data" ? &o.examUserData
                       : a == "--recording" ? &o.examRecording
                                            : nullptr;
    if (!out) return false;
    if (i + 1 >= args.size()) {
        error = "option " + a + " needs a value";
        return true;
    }
    *out = args[++i];
    return true;
}

std::string examUsage() {
    return "  X on the level list  sit a certification exam (sign-in, instructions, timed sections, result)\n"
           "  --screen exam-signin | exam-instructions | exam-final   the exam screens (screenshots)\n"
           "  --exam FILE         the exam (default: <data>/levels/exams/foundation-certificate.xml)\n"
           "  --candidate ID, --name NAME   the candidate (exam screenshots; prefills the sign-in)\n"
           "  --station NAME      this exam station (default: $STIPPLE_STATION, station=, else the host name)\n"
           "  --user-data DIR     exam recordings, keys/academy.secret and results.db (unless --db)\n"
           "                      (default: $STIPPLE_USER_DATA, user-data=, else ~/.local/share/stipple)\n"
           "  --recording FILE    the closed exam recording --screen exam-final shows\n";
}

ExamFlowConfig examConfig(const Options& o) {
    ExamFlowConfig c;
    c.examPath = o.exam.empty() ? o.dataDir + "/levels/exams/foundation-certificate.xml" : o.exam;
    c.station = o.examStation.empty() ? defaultStation() : o.examStation;
    c.userDir = o.examUserData.empty() ? defaultUserDir() : o.examUserData;
    c.dbPath = o.db; // the trainer's results database (--db), else the user data folder's
    return c;
}

std::unique_ptr<Screen> makeExamScreen(const Theme& theme, Navigator& nav, const Options& o, const std::string& which,
                                       std::string& error) {
    ExamFlowConfig config = examConfig(o);
    if (which == "exam-final") {
        if (o.examRecording.empty()) {
            error = "--screen exam-final needs --recording FILE (a closed exam recording)";
            return nullptr;
        }
        // The exam the recording names (for its title and what the candidate may see).
        const RecordingRead read = readRecording(o.examRecording);
        if (!read.recording) {
            error = read.recovery.message();
            return nullptr;
        }
        for (const RecordedFile& f : read.recording->header.files)
            if (f.role == "exam") config.examPath = f.path;
        auto flow = ExamFlow::open(config, error);
        if (!flow) return nullptr;
        return std::make_unique<ExamFinalScreen>(theme, nav, flow->exam(), gradeRecordingFile(o.examRecording));
    }
    auto flow = ExamFlow::open(config, error);
    if (which == "exam-instructions") {
        if (!flow) return nullptr;
        flow->previewCandidate(o.examCandidate.empty() ? "C-0001" : o.examCandidate,
                               o.examName.empty() ? "Candidate" : o.examName);
        return std::make_unique<ExamInstructionsScreen>(theme, nav, flow);
    }
    auto signIn = std::make_unique<ExamSignInScreen>(theme, nav, flow, error);
    error.clear();
    if (!o.examCandidate.empty() || !o.examName.empty()) signIn->setFields(o.examCandidate, o.examName);
    return signIn;
}

/// The sitting cannot go on (a file changed, the disk failed): the final screen says why; the
/// recording keeps everything so far and the sitting can be resumed once the cause is fixed.
std::unique_ptr<Screen> stoppedExamScreen(const Theme& theme, Navigator& nav, const ExamFlow& flow, const std::string& error) {
    ExamOutcome stopped;
    stopped.recording = flow.recordingPath();
    stopped.problems.push_back("The exam stopped: " + error);
    return std::make_unique<ExamFinalScreen>(theme, nav, flow.exam(), std::move(stopped));
}

std::unique_ptr<Screen> nextExamScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow) {
    std::string error;
    if (!flow->allSectionsDone()) {
        if (flow->instanceSection().kind == SectionKind::Practical) {
            if (auto run = flow->beginLevel(error))
                return std::make_unique<ExamPracticalScreen>(theme, nav, flow, std::move(*run));
        } else if (auto quiz = flow->beginQuiz(error)) {
            return std::make_unique<ExamQuizScreen>(theme, nav, flow, std::move(*quiz));
        }
        return stoppedExamScreen(theme, nav, *flow, error);
    }
    return std::make_unique<ExamFinalScreen>(theme, nav, flow->exam(), flow->finish());
}

// ---------------------------------------------------------------- sign-in

ExamSignInScreen::ExamSignInScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow, std::string loadError)
    : m_theme(theme), m_nav(nav), m_flow(std::move(flow)), m_loadError(std::move(loadError)) {}

void ExamSignInScreen::setFields(const std::string& id, const std::string& name) {
    m_fields[0] = id;
    m_fields[1] = name;
    m_field = 1;
}

void ExamSignInScreen::submit() {
    if (!m_flow) return;
    if (m_resumeOffer) {
        std::string error;
        if (!m_flow->resume(error)) {
            m_message = error;
            m_resumeOffer = false;
            return;
        }
        m_nav.showScreen(nextExamScreen(m_theme, m_nav, m_flow));
        return;
    }
    const ExamSignIn s = m_flow->checkCandidate(m_fields[0], m_fields[1]);
    switch (s.kind) {
    case ExamSignIn::Kind::Refused: m_message = s.reason; break;
    case ExamSignIn::Kind::Fresh: m_nav.showScreen(std::make_unique<ExamInstructionsScreen>(m_theme, m_nav, m_flow)); break;
    case ExamSignIn::Kind::Resume:
        m_resumeOffer = true;
        m_message = "Attempt " + std::to_string(s.attempt) + ", started " + s.startedAt +
                    " on this station, was not finished. Enter resumes it where it stopped; the time already used "
                    "counts. Esc cancels.";
        break;
    }
}

void ExamSignInScreen::handleEvent(const sf::Event& e) {
    if (e.type == sf::Event::TextEntered) {
        const sf::Uint32 c = e.text.unicode;
        if (c < 32 || c == 127 || m_resumeOffer || !m_flow) return;
        std::string& f = m_fields[m_field];
        if (f.size() < 80) {
            const sf::String s(c);
            const auto utf8 = s.toUtf8();
            f.append(utf8.begin(), utf8.end());
        }
        m_message.clear();
        return;
    }
    if (e.type != sf::Event::KeyPressed) return;
    switch (e.key.code) {
    case sf::Keyboard::Escape:
        if (m_resumeOffer) {
            m_resumeOffer = false;
            m_message.clear();
        } else {
            m_nav.showLevelSelect();
        }
        break;
    case sf::Keyboard::Tab:
    case sf::Keyboard::Down:
    case sf::Keyboard::Up: m_field = 1 - m_field; break;
    case sf::Keyboard::BackSpace:
        if (!m_resumeOffer) popUtf8(m_fields[m_field]);
        break;
    case sf::Keyboard::Enter:
        if (!m_resumeOffer && m_field == 0 && m_fields[1].empty()) m_field = 1;
        else submit();
        break;
    default: break;
    }
}

void ExamSignInScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float w = std::min(float(m_size.x) - t.px(80), t.px(720));
    const float x = (m_size.x - w) / 2, pad = t.px(32);
    float y = t.px(90);
    t.text(target, "CERTIFICATION EXAM", x, y, 12, colours::kAccent, Align::Left, true);
    y += t.px(22);
    t.text(target, m_flow ? m_flow->exam().title : std::string("The exam cannot be opened"), x, y, 24, colours::kText,
           Align::Left, true);
    y += t.px(48);
    if (!m_flow) {
        t.paragraph(target, m_loadError, x, y, w, 14, colours::kFail);
        t.flush(target);
        return;
    }
    const float h = t.px(300);
    t.panel(target, {x, y, w, h}, colours::kPanel, 12, colours::kBorder);
    const char* labels[2] = {"Candidate id", "Full name (as on the certificate)"};
    float fy = y + pad;
    for (int i = 0; i < 2; ++i) {
        t.text(target, labels[i], x + pad, fy, 13, colours::kTextDim);
        const sf::FloatRect box(x + pad, fy + t.px(22), w - 2 * pad, t.px(44));
        const bool active = i == m_field && !m_resumeOffer;
        t.panel(target, box, colours::kPanelRaised, 6, active ? colours::kAccent : colours::kBorder);
        const std::string shown = m_fields[i] + (active ? "_" : "");
        t.text(target, shown, box.left + t.px(14), box.top + t.px(11), 17, colours::kText);
        fy += t.px(92);
    }
    t.text(target, "Station: " + m_flow->config().station, x + pad, fy + t.px(4), 13, colours::kTextFaint);
    const int allowed = m_flow->exam().attempts.allowed;
    t.text(target,
           (allowed ? std::to_string(allowed) + " attempts allowed" : std::string("Unlimited attempts")) +
               (m_flow->exam().attempts.waitDays ? ", at least " + std::to_string(m_flow->exam().attempts.waitDays) +
                                                       " days apart"
                                                 : std::string()),
           x + w - pad, fy + t.px(4), 13, colours::kTextFaint, Align::Right);
    y += h + t.px(24);
    if (!m_message.empty()) {
        const float mh = t.paragraphHeight(m_message, w - 2 * pad, 15) + 2 * t.px(16);
        t.panel(target, {x, y, w, mh}, m_resumeOffer ? sf::Color(36, 52, 50) : sf::Color(70, 40, 36), 8,
                m_resumeOffer ? colours::kAccent : colours::kFail);
        t.paragraph(target, m_message, x + pad, y + t.px(16), w - 2 * pad, 15, colours::kText);
        y += mh + t.px(16);
    }
    t.text(target,
           m_resumeOffer ? "Enter resume    Esc cancel" : "Type the id, Tab, the name, Enter    Esc back to the levels    F1 help",
           x, float(m_size.y) - t.px(40), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ExamSignInScreen::keys() const {
    return {{"Type", "the candidate id, then the name"},
            {"Tab, \xE2\x86\x91 / \xE2\x86\x93", "the other field"},
            {"Backspace", "delete the last character"},
            {"Enter", "sign in (checks attempts allowed and the waiting period); resume when offered"},
            {"Esc", "cancel a resume offer; back to the levels"}};
}

// ---------------------------------------------------------------- instructions

ExamInstructionsScreen::ExamInstructionsScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow)
    : m_theme(theme), m_nav(nav), m_flow(std::move(flow)) {}

void ExamInstructionsScreen::handleEvent(const sf::Event& e) {
    if (isKey(e, sf::Keyboard::Enter)) {
        if (!m_flow->start(m_error)) return;
        m_nav.showScreen(nextExamScreen(m_theme, m_nav, m_flow));
    } else if (isKey(e, sf::Keyboard::Escape)) {
        m_nav.showScreen(std::make_unique<ExamSignInScreen>(m_theme, m_nav, m_flow));
    }
}

void ExamInstructionsScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    const Exam& exam = m_flow->exam();
    target.clear(colours::kBackground);
    const float w = std::min(float(m_size.x) - t.px(80), t.px(900));
    const float x = (m_size.x - w) / 2;
    float y = t.px(40);
    t.text(target, "INSTRUCTIONS  \xC2\xB7  ATTEMPT " + std::to_string(m_flow->attemptNumber()) +
                       (exam.attempts.allowed ? " OF " + std::to_string(exam.attempts.allowed) : std::string()),
           x, y, 12, colours::kAccent, Align::Left, true);
    y += t.px(22);
    t.text(target, exam.title, x, y, 24, colours::kText, Align::Left, true);
    y += t.px(38);
    t.text(target, "Candidate " + m_flow->candidateId() + "  \xC2\xB7  " + m_flow->candidateName() + "  \xC2\xB7  station " +
                       m_flow->config().station,
           x, y, 14, colours::kTextDim);
    y += t.px(36);

    // The sections, in the order they are sat.
    const Accommodation* extra = exam.findAccommodation(m_flow->candidateId());
    for (std::size_t i = 0; i < exam.sections.size(); ++i) {
        const ExamSection& s = exam.sections[i];
        const float h = t.px(74);
        t.panel(target, {x, y, w, h}, colours::kPanel, 10, colours::kBorder);
        t.text(target, std::to_string(i + 1) + ".  " + s.title, x + t.px(20), y + t.px(14), 17, colours::kText, Align::Left, true);
        std::string what;
        if (s.kind == SectionKind::Practical) {
            std::size_t levels = 0;
            for (const PracticalItem& item : s.items) levels += item.pool ? static_cast<std::size_t>(item.pool->count) : 1;
            what = std::to_string(levels) + (levels == 1 ? " level" : " levels, one after the other, sharing the time,") +
                   " on the simulated handpiece";
        } else {
            int questions = 0;
            for (const BankRef& bank : s.banks)
                for (const QuestionDraw& draw : bank.draws) questions += draw.count;
            for (const ScenarioDraw& draw : s.scenarios) questions += draw.count;
            what = std::to_string(questions) + " questions, answered with the keyboard";
        }
        what += "  \xC2\xB7  weight " + formatNumber(s.weight) + "  \xC2\xB7  pass mark " + formatNumber(s.passMark);
        t.text(target, what, x + t.px(20), y + t.px(44), 13, colours::kTextDim);
        const double limit = m_flow->sectionLimitS(i);
        std::string time = minutesText(limit);
        t.text(target, time, x + w - t.px(20), y + t.px(12), 20, colours::kText, Align::Right, true);
        if (limit > s.timeLimitS + 1e-9)
            t.text(target, minutesText(s.timeLimitS) + " + extra time", x + w - t.px(20), y + t.px(44), 12, colours::kWarm,
                   Align::Right);
        y += h + t.px(10);
    }
    y += t.px(8);
    if (extra)
        t.text(target, "Extra time granted" + (extra->reason.empty() ? std::string() : " (" + extra->reason + ")") +
                           ": the times above include it.",
               x, y, 13, colours::kWarm),
            y += t.px(26);

    // The rules.
    auto yesNo = [](bool b) { return b ? std::string("allowed") : std::string("not allowed"); };
    const CandidateView& v = exam.view;
    std::vector<std::string> rules = {
        "Each section has its own time, counting down at the top of the screen. When it runs out the section is "
        "handed in automatically with the work done so far.",
        "Every stroke and every answer is recorded as it is made. If the program or the computer stops, sign in again "
        "on this station to resume: the time already used counts.",
        "Target ghost: " + yesNo(v.ghost) + ".   Undo: " + yesNo(v.undo) + ".   Live score and density heatmap: " +
            (v.liveScore ? std::string("shown where the level has them") : std::string("hidden")) + ".",
        "Overall pass mark " + formatNumber(exam.passRule.overallPassMark) +
            (exam.passRule.everySection ? ", and every section must be passed." : "."),
        "Scores and pass/fail: " + timingText(v.scoreShown) + ".   Per-metric breakdown: " + timingText(v.metricsShown) + ".",
    };
    for (const ExamSection& s : exam.sections)
        for (const ExamVeto& veto : s.vetoes)
            if (!veto.reason.empty()) rules.push_back("Fails " + s.title + " whatever the score: " + veto.reason);
    for (const std::string& r : rules) {
        t.text(target, "\xE2\x80\xA2", x, y, 14, colours::kAccent);
        y += t.paragraph(target, r, x + t.px(18), y, w - t.px(18), 14, colours::kText) + t.px(8);
    }
    if (!m_error.empty()) {
        y += t.px(8);
        t.paragraph(target, "The exam cannot start: " + m_error, x, y, w, 14, colours::kFail);
    }
    const sf::FloatRect button(x + w - t.px(260), float(m_size.y) - t.px(80), t.px(260), t.px(46));
    t.panel(target, button, colours::kAccent, 8);
    t.text(target, "Start the exam  \xC2\xB7  Enter", button.left + button.width / 2, button.top + t.px(12), 16,
           colours::kBackground, Align::Centre, true);
    t.text(target, "Esc back to sign-in    F1 help", x, float(m_size.y) - t.px(66), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ExamInstructionsScreen::keys() const {
    return {{"Enter", "start the exam: the first section's time starts"}, {"Esc", "back to sign-in"}};
}

// ---------------------------------------------------------------- practical

ExamPracticalScreen::ExamPracticalScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow, ExamLevelRun run)
    : m_theme(theme), m_nav(nav), m_flow(std::move(flow)),
      m_practice(std::make_unique<PracticeScreen>(theme, nav, std::move(run.session), run.shown)), m_run(std::move(run)) {
    m_limitS = m_flow->sectionLimitS(m_flow->sectionIndex());
}

double ExamPracticalScreen::sectionLeftS() const {
    if (m_done) return 0.0;
    return m_limitS - m_run.usedBeforeS - m_practice->session().elapsedS();
}

void ExamPracticalScreen::handInIfFinished() {
    if (m_done || !m_practice->session().finished()) return;
    m_done = true;
    m_run.session = m_practice->takeExamSession();
    const bool ok = m_flow->endLevel(std::move(m_run), m_error);
    m_nav.showScreen(ok ? nextExamScreen(m_theme, m_nav, m_flow) : stoppedExamScreen(m_theme, m_nav, *m_flow, m_error));
}

void ExamPracticalScreen::handleEvent(const sf::Event& e) {
    if (m_done) return;
    m_practice->handleEvent(e);
    handInIfFinished();
}

void ExamPracticalScreen::update(double dtS) {
    if (m_done) return;
    m_practice->update(dtS);
    if (m_run.recorder && !m_run.recorder->ok()) m_error = m_run.recorder->error();
    handInIfFinished();
}

void ExamPracticalScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    m_practice->draw(target);
    if (m_done) return;
    const std::string label = "EXAM  \xC2\xB7  " + m_flow->section().title + "  \xC2\xB7  level " +
                              std::to_string(m_run.item + 1) + " of " + std::to_string(m_run.count);
    const float canvasCentre = (float(target.getSize().x) - std::clamp(target.getSize().x * 0.27f, t.px(290), t.px(360))) / 2;
    if (m_flow->exam().view.timer) drawCountdown(t, target, canvasCentre, t.px(76), label, sectionLeftS());
    if (!m_error.empty())
        t.text(target, "Recording failed: " + m_error, t.px(20), float(target.getSize().y) - t.px(64), 14, colours::kFail);
    t.flush(target);
}

std::vector<KeyHelp> ExamPracticalScreen::keys() const {
    std::vector<KeyHelp> k = m_practice->keys();
    k.erase(std::remove_if(k.begin(), k.end(), [](const KeyHelp& h) { return h.keys == "Esc"; }), k.end());
    for (KeyHelp& h : k)
        if (h.keys == "Enter") h.action = "hand this level in (the exam moves on)";
    k.push_back({"(time-out)", "the level is handed in automatically when the section's time runs out"});
    return k;
}

// ---------------------------------------------------------------- quiz

ExamQuizScreen::ExamQuizScreen(const Theme& theme, Navigator& nav, std::shared_ptr<ExamFlow> flow, ExamQuizRun quiz)
    : m_theme(theme), m_nav(nav), m_flow(std::move(flow)), m_quiz(std::move(quiz)) {
    m_usedS = m_quiz.usedS;
    m_limitS = m_flow->sectionLimitS(m_flow->sectionIndex());
    const std::size_t n = m_quiz.questions.size();
    m_display.resize(n);
    m_numbers.resize(n);
    m_pictures.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Question& q = m_quiz.questions[i];
        if (q.type == QuestionType::Ordering) {
            // Items are stored in the right order: show them in a seeded shuffle.
            std::vector<int>& d = m_display[i];
            for (std::size_t k = 0; k < q.items.size(); ++k) d.push_back(static_cast<int>(k));
            Rng rng(m_flow->instance().seed ^ (0x0D0E5EEDULL + i));
            for (std::size_t k = d.size(); k > 1; --k) std::swap(d[k - 1], d[rng.below(k)]);
        }
        if (q.type == QuestionType::Numeric && m_quiz.answers[i].number) m_numbers[i] = formatNumber(*m_quiz.answers[i].number);
    }
}

void ExamQuizScreen::changed() {
    if (!m_flow->answer(m_quiz, m_current, m_usedS, m_error)) return;
    m_error.clear();
}

void ExamQuizScreen::commitNumber() {
    const Question& q = m_quiz.questions[static_cast<std::size_t>(m_current)];
    if (q.type != QuestionType::Numeric) return;
    Response& r = m_quiz.answers[static_cast<std::size_t>(m_current)];
    const std::string& text = m_numbers[static_cast<std::size_t>(m_current)];
    const auto value = text.empty() ? std::nullopt : parseNumber(text);
    if (value == r.number) return;
    if (!text.empty() && !value) {
        m_error = "\"" + text + "\" is not a number";
        return;
    }
    r.number = value;
    changed();
}

void ExamQuizScreen::go(int index) {
    commitNumber();
    m_current = std::clamp(index, 0, static_cast<int>(m_quiz.questions.size()) - 1);
}

void ExamQuizScreen::pick(int displayed) {
    const auto i = static_cast<std::size_t>(m_current);
    const Question& q = m_quiz.questions[i];
    Response& r = m_quiz.answers[i];
    switch (q.type) {
    case QuestionType::SingleChoice:
        if (displayed >= static_cast<int>(q.choices.size())) return;
        r.choices = {displayed};
        break;
    case QuestionType::MultipleChoice: {
        if (displayed >= static_cast<int>(q.choices.size())) return;
        const auto it = std::find(r.choices.begin(), r.choices.end(), displayed);
        if (it == r.choices.end()) r.choices.push_back(displayed);
        else r.choices.erase(it);
        std::sort(r.choices.begin(), r.choices.end());
        break;
    }
    case QuestionType::TrueFalse:
        if (displayed > 1) return;
        r.truth = displayed == 0;
        break;
    case QuestionType::Ordering: {
        if (displayed >= static_cast<int>(q.items.size())) return;
        const int item = m_display[i][static_cast<std::size_t>(displayed)];
        if (std::find(r.order.begin(), r.order.end(), item) != r.order.end()) return;
        r.order.push_back(item);
        break;
    }
    case QuestionType::Numeric: return;
    }
    changed();
}

void ExamQuizScreen::handIn(bool timedOut) {
    if (m_done) return;
    commitNumber();
    m_done = true;
    const double used = timedOut ? m_limitS : std::min(m_usedS, m_limitS);
    const bool ok = m_flow->endQuiz(used, timedOut, m_error);
    m_nav.showScreen(ok ? nextExamScreen(m_theme, m_nav, m_flow) : stoppedExamScreen(m_theme, m_nav, *m_flow, m_error));
}

void ExamQuizScreen::handleEvent(const sf::Event& e) {
    if (m_done || m_quiz.questions.empty()) return;
    const auto i = static_cast<std::size_t>(m_current);
    const Question& q = m_quiz.questions[i];
    if (m_confirm) {
        if (isKey(e, sf::Keyboard::Enter) || isKey(e, sf::Keyboard::Y)) handIn(false);
        else if (isKey(e, sf::Keyboard::Escape) || isKey(e, sf::Keyboard::N)) m_confirm = false;
        return;
    }
    if (e.type == sf::Event::TextEntered) {
        if (q.type != QuestionType::Numeric) return;
        const sf::Uint32 c = e.text.unicode;
        if (((c >= '0' && c <= '9') || c == '.' || c == '-') && m_numbers[i].size() < 16) m_numbers[i] += static_cast<char>(c);
        return;
    }
    if (e.type != sf::Event::KeyPressed) return;
    const auto k = e.key.code;
    if (k == sf::Keyboard::Enter && e.key.control) {
        commitNumber();
        m_confirm = true;
        return;
    }
    switch (k) {
    case sf::Keyboard::Left:
    case sf::Keyboard::PageUp: go(m_current - 1); return;
    case sf::Keyboard::Right:
    case sf::Keyboard::PageDown:
    case sf::Keyboard::Enter:
    case sf::Keyboard::Tab: go(m_current + 1); return;
    case sf::Keyboard::Home: go(0); return;
    case sf::Keyboard::End: go(static_cast<int>(m_quiz.questions.size()) - 1); return;
    case sf::Keyboard::BackSpace:
        if (q.type == QuestionType::Numeric) popUtf8(m_numbers[i]);
        else if (q.type == QuestionType::Ordering && !m_quiz.answers[i].order.empty()) {
            m_quiz.answers[i].order.pop_back();
            changed();
        }
        return;
    case sf::Keyboard::T:
        if (q.type == QuestionType::TrueFalse) pick(0);
        return;
    case sf::Keyboard::F:
        if (q.type == QuestionType::TrueFalse) pick(1);
        return;
    default: break;
    }
    if (q.type != QuestionType::Numeric) {
        if (k >= sf::Keyboard::Num1 && k <= sf::Keyboard::Num9) pick(k - sf::Keyboard::Num1);
        else if (k >= sf::Keyboard::Numpad1 && k <= sf::Keyboard::Numpad9) pick(k - sf::Keyboard::Numpad1);
    }
}

void ExamQuizScreen::update(double dtS) {
    if (m_done) return;
    m_usedS += std::min(std::max(dtS, 0.0), kMaxFrameS);
    m_flow->quizClock(m_usedS);
    if (m_usedS >= m_limitS) handIn(true);
}

void ExamQuizScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    if (m_quiz.questions.empty()) return;
    const auto i = static_cast<std::size_t>(m_current);
    const Question& q = m_quiz.questions[i];
    const Response& r = m_quiz.answers[i];
    const float w = std::min(float(m_size.x) - t.px(80), t.px(900));
    const float x = (m_size.x - w) / 2;
    t.rect(target, {0, 0, float(m_size.x), t.px(64)}, colours::kPanel);
    t.text(target, "EXAM  \xC2\xB7  " + m_flow->section().title, t.px(20), t.px(12), 17, colours::kText, Align::Left, true);
    t.text(target, "Question " + std::to_string(i + 1) + " of " + std::to_string(m_quiz.questions.size()), t.px(20),
           t.px(38), 13, colours::kTextDim);
    if (m_flow->exam().view.timer) drawCountdown(t, target, float(m_size.x) - t.px(170), t.px(12), "time", m_limitS - m_usedS);

    // Which questions are answered: a strip of numbered boxes.
    const float box = t.px(30), gap = t.px(6);
    float bx = x, by = t.px(84);
    for (std::size_t k = 0; k < m_quiz.questions.size(); ++k) {
        const bool answered = !m_quiz.answers[k].empty() ||
                              (m_quiz.questions[k].type == QuestionType::Numeric && !m_numbers[k].empty());
        t.panel(target, {bx, by, box, box}, answered ? colours::kAccentSoft : colours::kPanel, 5,
                k == i ? colours::kAccent : colours::kBorder);
        t.text(target, std::to_string(k + 1), bx + box / 2, by + t.px(7), 12, colours::kText, Align::Centre);
        bx += box + gap;
        if (bx + box > x + w) bx = x, by += box + gap;
    }
    float y = by + box + t.px(30);
    y += t.paragraph(target, q.prompt, x, y, w, 19, colours::kText) + t.px(24);
    if (q.picture) {
        // The question's dot pattern, drawn as the practice canvas draws work (the quiz screen's own).
        if (!m_pictures[i]) m_pictures[i] = std::make_unique<QuizPicture>(*q.picture, i < m_quiz.baseDirs.size() ? m_quiz.baseDirs[i] : "");
        t.flush(target);
        const float ph = std::min(t.px(260), float(m_size.y) * 0.3f);
        m_pictures[i]->draw(target, t, {x, y, w, ph});
        y += ph + t.px(20);
    }

    auto option = [&](const std::string& key, const std::string& text, bool chosen) {
        const float h = t.paragraphHeight(text, w - t.px(90), 16) + t.px(24);
        t.panel(target, {x, y, w, h}, chosen ? sf::Color(36, 60, 58) : colours::kPanel, 8,
                chosen ? colours::kAccent : colours::kBorder);
        t.text(target, key, x + t.px(20), y + t.px(12), 16, chosen ? colours::kAccent : colours::kTextDim, Align::Left, true);
        t.paragraph(target, text, x + t.px(70), y + t.px(12), w - t.px(90), 16, colours::kText);
        y += h + t.px(10);
    };
    std::string hint;
    switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::MultipleChoice:
        for (std::size_t c = 0; c < q.choices.size(); ++c)
            option(std::to_string(c + 1), q.choices[c].text,
                   std::find(r.choices.begin(), r.choices.end(), static_cast<int>(c)) != r.choices.end());
        hint = q.type == QuestionType::SingleChoice ? "Press the number of your answer." : "Press numbers to tick or untick every right answer.";
        break;
    case QuestionType::TrueFalse:
        option("T", "True", r.truth && *r.truth);
        option("F", "False", r.truth && !*r.truth);
        hint = "T true, F false.";
        break;
    case QuestionType::Numeric: {
        const sf::FloatRect field(x, y, t.px(320), t.px(48));
        t.panel(target, field, colours::kPanelRaised, 6, colours::kAccent);
        t.text(target, m_numbers[i] + "_", field.left + t.px(14), field.top + t.px(12), 18, colours::kText);
        t.text(target, q.numeric.unit, field.left + field.width + t.px(14), field.top + t.px(12), 16, colours::kTextDim);
        y += field.height + t.px(12);
        hint = "Type the number (between " + formatNumber(q.numeric.min) + " and " + formatNumber(q.numeric.max) +
               "); Enter saves it and moves on.";
        break;
    }
    case QuestionType::Ordering: {
        for (std::size_t k = 0; k < q.items.size(); ++k) {
            const int item = m_display[i][k];
            const auto at = std::find(r.order.begin(), r.order.end(), item);
            option(std::to_string(k + 1), q.items[static_cast<std::size_t>(item)] +
                                              (at != r.order.end() ? "   \xE2\x86\x92 place " + std::to_string(at - r.order.begin() + 1) : ""),
                   at != r.order.end());
        }
        hint = "Press the numbers in the right order, first to last; Backspace takes back the last one.";
        break;
    }
    }
    t.text(target, hint, x, y + t.px(6), 13, colours::kTextDim);
    if (!m_error.empty()) t.text(target, m_error, x, y + t.px(30), 13, colours::kFail);
    t.text(target,
           "\xE2\x86\x90 \xE2\x86\x92 previous / next   Enter next   Ctrl+Enter hand in the questions   F1 help   "
           "Answers are saved as you give them",
           t.px(20), float(m_size.y) - t.px(32), 12, colours::kTextFaint);
    if (m_confirm) {
        t.flush(target);
        t.rect(target, {0, 0, float(m_size.x), float(m_size.y)}, sf::Color(10, 11, 13, 190));
        int unanswered = 0;
        for (std::size_t k = 0; k < m_quiz.answers.size(); ++k) unanswered += m_quiz.answers[k].empty();
        const float cx = m_size.x / 2.f, cy = m_size.y / 2.f;
        t.panel(target, {cx - t.px(260), cy - t.px(90), t.px(520), t.px(170)}, colours::kPanelRaised, 12, colours::kBorder);
        t.text(target, "Hand in the questions?", cx, cy - t.px(66), 20, colours::kText, Align::Centre, true);
        t.text(target, std::to_string(unanswered) + " unanswered. Answers cannot be changed afterwards.", cx, cy - t.px(28),
               14, colours::kTextDim, Align::Centre);
        t.text(target, "Enter hand in    Esc keep working", cx, cy + t.px(24), 15, colours::kAccent, Align::Centre, true);
    }
    t.flush(target);
}

std::vector<KeyHelp> ExamQuizScreen::keys() const {
    return {{"1 \xE2\x80\xA6 9", "choose (single), tick / untick (multiple), place next (ordering)"},
            {"T / F", "true / false"},
            {"0-9 . -", "type a number (numeric questions)"},
            {"Backspace", "delete a digit / take back the last placed item"},
            {"\xE2\x86\x90 \xE2\x86\x92, Enter, Tab", "previous / next question"},
            {"Home / End", "first / last question"},
            {"Ctrl+Enter", "hand in the questions (asks first)"},
            {"(time-out)", "the questions are handed in automatically when the time runs out"}};
}

// ---------------------------------------------------------------- final

ExamFinalScreen::ExamFinalScreen(const Theme& theme, Navigator& nav, const Exam& exam, ExamOutcome outcome)
    : m_theme(theme), m_nav(nav), m_examTitle(exam.title), m_view(exam.view), m_outcome(std::move(outcome)) {}

bool ExamFinalScreen::showsScores() const { return m_outcome.result && m_view.scoreShown == FeedbackTiming::Immediately; }

void ExamFinalScreen::handleEvent(const sf::Event& e) {
    if (isKey(e, sf::Keyboard::Enter) || isKey(e, sf::Keyboard::Escape)) m_nav.showLevelSelect();
}

void ExamFinalScreen::draw(sf::RenderTarget& target) {
    const Theme& t = m_theme;
    target.clear(colours::kBackground);
    const float w = std::min(float(m_size.x) - t.px(80), t.px(900));
    const float x = (m_size.x - w) / 2;
    float y = t.px(50);
    const ExamResult* r = m_outcome.result ? &*m_outcome.result : nullptr;
    t.text(target, r ? "EXAM SUBMITTED" : "EXAM NOT GRADED", x, y, 12, r ? colours::kAccent : colours::kFail, Align::Left, true);
    y += t.px(22);
    t.text(target, m_examTitle, x, y, 24, colours::kText, Align::Left, true);
    y += t.px(40);
    if (r) {
        t.text(target, r->candidateName + "  \xC2\xB7  " + r->candidateId + "  \xC2\xB7  attempt " + std::to_string(r->attempt) +
                           "  \xC2\xB7  finished " + r->finishedAt,
               x, y, 14, colours::kTextDim);
        y += t.px(40);
    }
    if (showsScores()) {
        const float h = t.px(110);
        t.panel(target, {x, y, w, h}, colours::kPanel, 12, r->passed ? colours::kPass : colours::kFail);
        t.text(target, r->passed ? "PASSED" : "NOT PASSED", x + t.px(28), y + t.px(22), 34,
               r->passed ? colours::kPass : colours::kFail, Align::Left, true);
        t.text(target, fixed(r->score, 1), x + w - t.px(28), y + t.px(16), 40, colours::kText, Align::Right, true);
        t.text(target, "overall score", x + w - t.px(28), y + t.px(72), 12, colours::kTextDim, Align::Right);
        if (r->passed && !r->expiresOn.empty())
            t.text(target, "Certificate valid until " + r->expiresOn, x + t.px(28), y + t.px(72), 13, colours::kTextDim);
        y += h + t.px(16);
        const bool metrics = m_view.metricsShown == FeedbackTiming::Immediately;
        for (const ResultSection& s : r->sections) {
            // With the breakdown shown: a row per level or question, and under a level its metrics.
            // A quiz section's questions are summed up in one row, so a long quiz fits the screen.
            const bool quiz = s.kind == "quiz";
            float rows = 0;
            if (metrics && quiz) rows = 1;
            else if (metrics)
                for (const ResultItem& item : s.items) rows += item.metrics.empty() ? 1.f : 2.f;
            const float sh = t.px(58) + t.px(22) * rows;
            t.panel(target, {x, y, w, sh}, colours::kPanel, 10, colours::kBorder);
            t.text(target, s.title, x + t.px(20), y + t.px(12), 16, colours::kText, Align::Left, true);
            t.text(target,
                   "pass mark " + formatNumber(s.passMark) + "  \xC2\xB7  time used " + clockText(s.timeUsedS) + " of " +
                       clockText(s.timeLimitS) + (s.timedOut ? "  \xC2\xB7  handed in at time-out" : ""),
                   x + t.px(20), y + t.px(36), 12, s.timedOut ? colours::kWarm : colours::kTextDim);
            t.text(target, fixed(s.score, 1) + (s.passed ? "  passed" : "  not passed"), x + w - t.px(20), y + t.px(16), 18,
                   s.passed ? colours::kPass : colours::kFail, Align::Right, true);
            float iy = y + t.px(58);
            if (metrics && quiz) {
                int right = 0;
                double credit = 0;
                for (const ResultItem& item : s.items) right += item.passed, credit += item.score;
                t.text(target, std::to_string(right) + " of " + std::to_string(s.items.size()) + " questions fully right",
                       x + t.px(36), iy, 12, colours::kTextDim);
                t.text(target, fixed(credit, 1) + " marks", x + w - t.px(20), iy, 12, colours::kTextDim, Align::Right);
            } else if (metrics)
                for (const ResultItem& item : s.items) {
                    t.text(target, item.ref, x + t.px(36), iy, 12, colours::kTextDim);
                    t.text(target, item.kind == ResultItem::Kind::Level ? fixed(item.score, 1) : fixed(item.score * 100, 0) + " %",
                           x + w - t.px(20), iy, 12, colours::kTextDim, Align::Right);
                    iy += t.px(22);
                    if (item.metrics.empty()) continue;
                    std::string line;
                    for (const ResultMetric& metric : item.metrics) {
                        const std::string part = metric.id + (metric.zone.empty() ? "" : " (" + metric.zone + ")") + " " +
                                                 fixed(metric.score, 0) + (metric.passed ? "" : " \xE2\x9C\x97");
                        if (t.textWidth(line + "   " + part, 11) > w - t.px(72)) {
                            line += "   \xE2\x80\xA6";
                            break;
                        }
                        line += (line.empty() ? "" : "   ") + part;
                    }
                    t.text(target, line, x + t.px(52), iy, 11, colours::kTextFaint);
                    iy += t.px(22);
                }
            y += sh + t.px(10);
        }
        if (!r->reasons.empty()) {
            t.text(target, "Why not passed", x, y + t.px(4), 13, colours::kFail, Align::Left, true);
            y += t.px(28);
        }
        for (const std::string& reason : r->reasons) y += t.paragraph(target, reason, x + t.px(16), y, w - t.px(16), 13, colours::kText) + t.px(6);
    } else if (r) {
        const std::string text = std::string("Your work has been submitted and recorded. ") +
                                 (m_view.scoreShown == FeedbackTiming::Never
                                      ? "Results are not shown to candidates on this station."
                                      : "The result is released " + timingText(m_view.scoreShown) + ".");
        const float h = t.paragraphHeight(text, w - t.px(56), 17) + t.px(48);
        t.panel(target, {x, y, w, h}, colours::kPanel, 12, colours::kAccent);
        t.paragraph(target, text, x + t.px(28), y + t.px(24), w - t.px(56), 17, colours::kText);
        y += h + t.px(16);
    }
    y += t.px(8);
    if (m_outcome.signedResult)
        t.text(target, "Signed result " + m_outcome.resultFile + (m_outcome.code.empty() ? "" : "  \xC2\xB7  code " + m_outcome.code) +
                           (m_outcome.stored ? "  \xC2\xB7  stored" : ""),
               x, y, 12, colours::kTextDim),
            y += t.px(20);
    else if (r)
        t.text(target, "Not signed: this station has no academy key. `stipple regrade` of the recording reproduces this result.",
               x, y, 12, colours::kTextFaint),
            y += t.px(20);
    if (!m_outcome.recording.empty()) {
        t.text(target, "Recording " + m_outcome.recording, x, y, 12, colours::kTextFaint);
        y += t.px(20);
    }
    for (const std::string& p : m_outcome.problems) {
        y += t.paragraph(target, p, x, y, w, 13, colours::kFail) + t.px(6);
    }
    t.text(target, "Enter or Esc back to the levels    F1 help", x, float(m_size.y) - t.px(40), 13, colours::kTextFaint);
    t.flush(target);
}

std::vector<KeyHelp> ExamFinalScreen::keys() const { return {{"Enter or Esc", "back to the levels"}}; }

} // namespace stipple::app
