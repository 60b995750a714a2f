// Reads exam definitions, format version 1 (levels/exams/README.md is the reference), into the
// Exam model. Strict like the level reader: every unknown or missing name, bad number, value out
// of range, duplicate id, impossible draw or veto that can never be evaluated is a located
// diagnostic, all of them in one pass, and a file with any error yields no Exam.
// readExam() looks at the document only; checkExamFiles() (exam/exam_materials.h) then opens
// every level, bank and rule book it names.
#pragma once

#include "exam/exam.h"
#include "io/diagnostics.h"
#include "io/xml.h"

#include <optional>
#include <string>

namespace stipple {

/// The root element that marks a file as an exam definition.
inline constexpr const char* kExamRootElement = "exam";

/// Reads an <exam> document. Referenced paths are resolved against the folder of `doc.path`.
/// Diagnostics in line order; nullopt when there is any error.
std::optional<Exam> readExam(const XmlDocument& doc, Diagnostics& diags);

/// Loads and reads an exam file; also records the file's content hash in Exam::sourceSha256.
std::optional<Exam> loadExamFile(const std::string& path, Diagnostics& diags);

} // namespace stipple
