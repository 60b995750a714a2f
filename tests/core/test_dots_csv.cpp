// The dots CSV reader refuses everything it cannot read exactly and says where: each case
// asserts the whole diagnostic text. The writer round-trips every field bit for bit.
#include "random/rng.h"
#include "scoring/dots_csv.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

using namespace stipple;

namespace {

/// Parses `text` as "d.csv" and returns every diagnostic, formatted.
std::string errorsOf(std::string_view text, DotsCsv* out = nullptr) {
    DotsCsv csv;
    Diagnostics diags;
    const bool ok = parseDotsCsv(text, "d.csv", csv, diags);
    CHECK(ok == !diags.hasErrors());
    if (out) *out = csv;
    return diags.formatAll();
}

} // namespace

TEST_CASE("a minimal file and every optional column in any order", "[dots_csv]") {
    DotsCsv csv;
    CHECK(errorsOf("x_mm,y_mm\n1.5,2\n-3,4e-1\n", &csv).empty());
    REQUIRE(csv.dots.size() == 2);
    CHECK(csv.dots[1].pos == Vec2{-3, 0.4});
    CHECK(csv.lines == std::vector<int>{2, 3});
    CHECK_FALSE(csv.columns.diameter);

    CHECK(errorsOf("session, depth_mm ,y_mm,diameter_mm,x_mm,tick,shade\r\n2, 0.8, 10, 0.25, 20, 480, 3\r\n",
                   &csv)
              .empty());
    REQUIRE(csv.dots.size() == 1);
    const Dot& d = csv.dots[0];
    CHECK(d.pos == Vec2{20, 10});
    CHECK(d.diameterMm == 0.25f);
    CHECK(d.depthMm == 0.8f);
    CHECK(d.session == 2);
    CHECK(d.shade == 3);
    CHECK(d.tick == 480);
    CHECK(csv.columns.diameter);
    CHECK(csv.columns.depth);
    CHECK(csv.columns.session);

    // Header only: a valid, empty pattern. No final newline: still a row. A BOM is skipped.
    CHECK(errorsOf("x_mm,y_mm\n", &csv).empty());
    CHECK(csv.dots.empty());
    CHECK(errorsOf("\xEF\xBB\xBFx_mm,y_mm\n1,2", &csv).empty());
    CHECK(csv.dots.size() == 1);
}

TEST_CASE("bad numbers, empty cells and wrong column counts are located by line and column", "[dots_csv]") {
    DotsCsv csv;
    const std::string errors = errorsOf("x_mm,y_mm,diameter_mm\n"
                                        "1,2,0.2\n"
                                        "1.5mm,2,0.2\n"
                                        "nan,2,0.2\n"
                                        "1,,0.2\n"
                                        "1,2\n"
                                        "1,2,0.2,9\n"
                                        "0x1A,inf,-0.1\n"
                                        "3,4,0.3\n",
                                        &csv);
    CHECK(errors == "d.csv:3:1: error: column 'x_mm' must be a finite decimal number, got '1.5mm'\n"
                    "d.csv:4:1: error: column 'x_mm' must be a finite decimal number, got 'nan'\n"
                    "d.csv:5:3: error: empty cell in column 'y_mm'\n"
                    "d.csv:6:1: error: row has 2 cells, the header names 3 columns\n"
                    "d.csv:7:1: error: row has 4 cells, the header names 3 columns\n"
                    "d.csv:8:1: error: column 'x_mm' must be a finite decimal number, got '0x1A'\n"
                    "d.csv:8:6: error: column 'y_mm' must be a finite decimal number, got 'inf'\n"
                    "d.csv:8:10: error: column 'diameter_mm' must be in [0, 100] mm, got '-0.1'\n");
    // The good rows are parsed (the caller refuses the file anyway, but nothing is lost silently).
    CHECK(csv.lines == std::vector<int>{2, 9});
}

TEST_CASE("header problems: unknown, duplicate and missing columns, no header at all", "[dots_csv]") {
    CHECK(errorsOf("x_mm,y_mm,colour,size\n1,2,red,3\n") ==
          "d.csv:1:11: error: unknown column 'colour' (known: x_mm, y_mm, diameter_mm, depth_mm, session, "
          "shade, tick)\n"
          "d.csv:1:18: error: unknown column 'size' (known: x_mm, y_mm, diameter_mm, depth_mm, session, "
          "shade, tick)\n");
    CHECK(errorsOf("x_mm,y_mm,x_mm\n") ==
          "d.csv:1:11: error: column 'x_mm' appears twice (first at column 1)\n");
    CHECK(errorsOf("y_mm,depth_mm\n1,2\n") ==
          "d.csv:1:1: error: missing required column 'x_mm' in the header\n");
    CHECK(errorsOf("1.0,2.0\n3,4\n") == "d.csv:1:1: error: missing header line: the first line must name the "
                                        "columns (x_mm,y_mm,...), got '1.0,2.0'\n");
    CHECK(errorsOf("X_MM,Y_MM\n") == "d.csv:1:1: error: unknown column 'X_MM' (known: x_mm, y_mm, "
                                     "diameter_mm, depth_mm, session, shade, tick)\n"
                                     "d.csv:1:6: error: unknown column 'Y_MM' (known: x_mm, y_mm, "
                                     "diameter_mm, depth_mm, session, shade, tick)\n"
                                     "d.csv:1:1: error: missing required column 'x_mm' in the header\n"
                                     "d.csv:1:1: error: missing required column 'y_mm' in the header\n");
}

TEST_CASE("empty files, blank lines, binary data and out-of-range values", "[dots_csv]") {
    CHECK(errorsOf("") ==
          "d.csv:1:1: error: empty file: expected a header line naming the columns, e.g. x_mm,y_mm\n");
    CHECK(errorsOf(" \n\n") ==
          "d.csv:1:1: error: empty file: expected a header line naming the columns, e.g. x_mm,y_mm\n");
    CHECK(errorsOf("x_mm,y_mm\n1,2\n\n3,4\n") ==
          "d.csv:3:1: error: blank line: every line after the header must be a dot\n");
    CHECK(errorsOf("x_mm,y_mm\n1,2\n\n") ==
          "d.csv:3:1: error: blank line: every line after the header must be a dot\n");
    CHECK(errorsOf(std::string("x_mm,y_mm\n1,2\n3,\0\x01\x02", 19)) ==
          "d.csv:3:3: error: binary data (byte 0x00): a dots file is CSV text\n");
    CHECK(errorsOf("\x89PNG\r\n\x1a\n") ==
          "d.csv:2:1: error: binary data (byte 0x1A): a dots file is CSV text\n");
    CHECK(errorsOf("x_mm,y_mm,session,shade,tick,depth_mm\n"
                   "2e6,1,-1,256,2147483648,100.5\n"
                   "1,2,1.5,x,3,0\n") ==
          "d.csv:2:1: error: column 'x_mm' must be within ±1000000 mm, got '2e6'\n"
          "d.csv:2:7: error: column 'session' must be in 0..32767, got -1\n"
          "d.csv:2:10: error: column 'shade' must be in 0..255, got 256\n"
          "d.csv:2:14: error: column 'tick' must be in 0..2147483647, got 2147483648\n"
          "d.csv:2:25: error: column 'depth_mm' must be in [0, 100] mm, got '100.5'\n"
          "d.csv:3:5: error: column 'session' must be a whole number, got '1.5'\n"
          "d.csv:3:9: error: column 'shade' must be a whole number, got 'x'\n");
    // Non-printable bytes inside a cell are shown escaped, not dumped raw.
    CHECK(errorsOf("x_mm,y_mm\n1\xff,2\n") ==
          "d.csv:2:1: error: column 'x_mm' must be a finite decimal number, got '1\\xFF'\n");
}

TEST_CASE("an unreadable file is one located diagnostic", "[dots_csv]") {
    DotsCsv csv;
    Diagnostics diags;
    CHECK_FALSE(readDotsCsv("/nonexistent/dots.csv", csv, diags));
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].format().rfind("/nonexistent/dots.csv:1:1: error: cannot read dots file: ", 0) ==
          0);
}

TEST_CASE("the writer round-trips every field exactly", "[dots_csv]") {
    Rng rng(5);
    std::vector<Dot> dots;
    for (int i = 0; i < 500; ++i) {
        Dot d;
        d.pos = {rng.uniform(-300, 300), rng.uniform(-1e-3, 1e-3) * (i % 3 == 0 ? 1e-200 : 1.0)};
        d.diameterMm = static_cast<float>(rng.uniform(0, 1.5));
        d.depthMm = static_cast<float>(rng.uniform(0, 2));
        d.session = static_cast<int16_t>(rng.below(5));
        d.shade = static_cast<uint8_t>(rng.below(4));
        d.tick = static_cast<int32_t>(rng.below(3'500'000));
        dots.push_back(d);
    }
    dots.push_back(Dot{}); // all zeros, including -0-free defaults
    const std::string path =
        std::string("/tmp/stipple_test_dots_") + std::to_string(rng.next() % 1000000) + ".csv";
    std::string error;
    REQUIRE(writeDotsCsv(path, dots, error));
    DotsCsv back;
    Diagnostics diags;
    REQUIRE(readDotsCsv(path, back, diags));
    std::remove(path.c_str());
    CHECK(diags.empty());
    CHECK(back.dots == dots);
    CHECK(back.columns.diameter);
    CHECK(back.columns.tick);
    CHECK(formatDotsCsv(std::vector<Dot>{Dot{{1.5, -0.1}, 0.2f, 0.75f, 12, 1, 2, 0}}) ==
          "x_mm,y_mm,diameter_mm,depth_mm,session,shade,tick\n1.5,-0.1,0.2,0.75,1,2,12\n");
}

TEST_CASE("files R's write.csv wrote are read: quoted header, row names left out", "[dots_csv]") {
    // Written by tests/fixtures/dots/r_write_csv.R (R's own write.csv, default and row.names = FALSE).
    const std::string dir = std::string(STIPPLE_SOURCE_DIR) + "/tests/fixtures/dots/";
    for (const char* name : {"r-write-csv.csv", "r-write-csv-no-rownames.csv"}) {
        INFO(name);
        DotsCsv csv;
        Diagnostics diags;
        REQUIRE(readDotsCsv(dir + name, csv, diags));
        CHECK(diags.empty());
        REQUIRE(csv.dots.size() == 3);
        CHECK(csv.dots[1].pos == Vec2{10.25, 4.125});
        CHECK(csv.dots[1].diameterMm == 0.35f);
        CHECK(csv.dots[2].session == 2);
        CHECK(csv.columns.session);
        CHECK_FALSE(csv.columns.depth);
    }
}

TEST_CASE("quoted cells as spreadsheets write them, and broken quotes located", "[dots_csv]") {
    DotsCsv csv;
    CHECK(errorsOf("\"x_mm\",\"y_mm\"\n\"1.5\", \"2\" \n3,\" 4 \"\n", &csv).empty());
    REQUIRE(csv.dots.size() == 2);
    CHECK(csv.dots[0].pos == Vec2{1.5, 2});
    CHECK(csv.dots[1].pos == Vec2{3, 4});
    // A quoted cell is still checked as a number; "" inside quotes is one quote.
    CHECK(errorsOf("x_mm,y_mm\n\"1\"\"\",2\n") ==
          "d.csv:2:1: error: column 'x_mm' must be a finite decimal number, got '1\"'\n");
    CHECK(errorsOf("x_mm,y_mm\n1,\"2\n") == "d.csv:2:3: error: a quoted cell has no closing '\"'\n");
    CHECK(errorsOf("x_mm,y_mm\n\"1\"x,2\n") == "d.csv:2:4: error: text after a quoted cell's closing '\"'\n");
    CHECK(errorsOf("\"x_mm,y_mm\n") == "d.csv:1:1: error: a quoted cell has no closing '\"'\n");
    // An empty header cell is R's row names only when it is quoted and first.
    CHECK(errorsOf(",x_mm,y_mm\n1,2,3\n") == "d.csv:1:1: error: unknown column '' (known: x_mm, y_mm, "
                                             "diameter_mm, depth_mm, session, shade, tick)\n");
    CHECK(errorsOf("\"\",x_mm,y_mm\n\"a\",2,3\n", &csv).empty());
    REQUIRE(csv.dots.size() == 1);
    CHECK(csv.dots[0].pos == Vec2{2, 3});
}
