// `stipple metrics` end to end: the real binary on spatstat's reference sets (JSON equal to
// spatstat's answers to 1e-9), the readable table, diameters from the column or the option, and
// every way to get it wrong — exit codes 1 (bad input, the message names file and line) and 2
// (usage).
#include "support/process.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace stipple::test;

namespace {

const std::string kFixtures = std::string(STIPPLE_SOURCE_DIR) + "/tests/fixtures/spatstat/";

Run metrics(const std::string& args) {
    return runStipple("metrics " + args);
}

} // namespace

TEST_CASE("metrics --json equals spatstat on the five reference sets", "[cli][metrics]") {
    std::ifstream in(kFixtures + "expected.json");
    REQUIRE(in.good());
    const nlohmann::json expected = nlohmann::json::parse(in);
    for (const auto& [name, e] : expected.items()) {
        INFO(name);
        const auto& w = e.at("window");
        const std::string window =
            std::to_string(w[0].get<double>()) + "," + std::to_string(w[1].get<double>()) + "," +
            std::to_string(w[2].get<double>()) + "," + std::to_string(w[3].get<double>());
        const Run r = metrics("--dots '" + kFixtures + name + ".csv' --window " + window + " --json");
        REQUIRE(r.exitCode == 0);
        CHECK(r.err.empty());
        const nlohmann::json j = nlohmann::json::parse(r.out);
        CHECK(j.at("count") == e.at("count"));
        CHECK(j.at("mean_nn_mm").get<double>() == Approx(e.at("mean_nn_mm").get<double>()).epsilon(1e-9));
        CHECK(j.at("nn_sd_mm").get<double>() == Approx(e.at("nn_sd_mm").get<double>()).epsilon(1e-9));
        CHECK(j.at("clark_evans").get<double>() == Approx(e.at("clark_evans").get<double>()).epsilon(1e-9));
        CHECK(j.at("clark_evans_donnelly").get<double>() ==
              Approx(e.at("clark_evans_donnelly").get<double>()).epsilon(1e-9));
        for (const char* key :
             {"area_mm2", "density_per_cm2", "nn_cv", "clark_evans_guard", "psi4", "psi6", "a2",
              "structure_peak", "overlap_pairs", "min_spacing_violations", "vmr", "evenness_cv"})
            CHECK(j.contains(key));
    }
}

TEST_CASE("metrics table: one aligned line per statistic with the natural-SMP hint", "[cli][metrics]") {
    const Run r = metrics("--dots '" + kFixtures + "inhibition.csv' --window 0,0,40,30 --min-spacing 0.75");
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("900 dots, window [0, 0, 40, 30] (--window), 1200 mm²") != std::string::npos);
    CHECK(r.out.find("Clark–Evans R                     1.7193            1.45–1.70") != std::string::npos);
    CHECK(r.out.find("Clark–Evans R, Donnelly           1.6952") != std::string::npos);
    CHECK(r.out.find("NN distance CV                    0.085             0.09–0.16") != std::string::npos);
    CHECK(r.out.find("dots closer than 0.75 mm") != std::string::npos);
    CHECK(r.out.find("Ψ4, square-grid order") != std::string::npos);
    CHECK(r.out.find("structure peak S/n") != std::string::npos);
}

TEST_CASE("overlap diameters: the file's column, else --diameter, else 0.2 mm", "[cli][metrics]") {
    Scratch s;
    // Pairs at 0.15, 0.25 and 0.5 mm.
    const std::string plain =
        s.write("plain.csv", "x_mm,y_mm\n0,0\n0.15,0\n5,0\n5.25,0\n10,0\n10.5,0\n").string();
    const std::string sized = s.write("sized.csv", "x_mm,y_mm,diameter_mm\n0,0,0.1\n0.15,0,0.1\n5,0,0.3\n"
                                                   "5.25,0,0.3\n10,0,0.6\n10.5,0,0.6\n")
                                  .string();
    const auto pairs = [](const Run& r) {
        return nlohmann::json::parse(r.out).at("overlap_pairs").get<int>();
    };
    CHECK(pairs(metrics("--dots '" + plain + "' --json")) == 1);                // 0.2 mm: only 0.15
    CHECK(pairs(metrics("--dots '" + plain + "' --json --diameter 0.3")) == 2); // 0.15 and 0.25
    const Run column = metrics("--dots '" + sized + "' --json");
    CHECK(pairs(column) == 2); // 0.25 < 0.3 and 0.5 < 0.6; 0.15 > 0.1
    CHECK(nlohmann::json::parse(column.out).at("diameter_source") == "column");
    CHECK(pairs(metrics("--dots '" + sized + "' --json --diameter 0.05")) == 0);
}

TEST_CASE("degenerate dot files give defined output, not NaN", "[cli][metrics]") {
    Scratch s;
    const Run empty = metrics("--dots '" + s.write("e.csv", "x_mm,y_mm\n").string() + "' --json");
    REQUIRE(empty.exitCode == 0);
    const nlohmann::json e = nlohmann::json::parse(empty.out);
    CHECK(e.at("count") == 0);
    CHECK(e.at("clark_evans").is_null());
    const Run one = metrics("--dots '" + s.write("one.csv", "x_mm,y_mm\n3,4\n").string() + "'");
    REQUIRE(one.exitCode == 0);
    CHECK(one.out.find("nan") == std::string::npos);
    CHECK(one.out.find("inf") == std::string::npos);
    CHECK(one.out.find("Clark–Evans R                     undefined") != std::string::npos);
    CHECK(one.out.find("The window has no area") != std::string::npos);
    const Run windowed =
        metrics("--dots '" + s.write("one.csv", "x_mm,y_mm\n3,4\n").string() + "' --window 0,0,10,10 --json");
    REQUIRE(windowed.exitCode == 0);
    CHECK(nlohmann::json::parse(windowed.out).at("density_per_cm2").get<double>() == Approx(1.0));
}

TEST_CASE("bad input exits 1 naming the file and line", "[cli][metrics]") {
    Scratch s;
    const std::string bad = s.write("bad.csv", "x_mm,y_mm\n1,2\n1,nan\n3\n").string();
    const Run r = metrics("--dots '" + bad + "'");
    CHECK(r.exitCode == 1);
    CHECK(r.out.empty());
    CHECK(r.err == bad + ":3:3: error: column 'y_mm' must be a finite decimal number, got 'nan'\n" + bad +
                       ":4:1: error: row has 1 cell, the header names 2 columns\n");

    const std::string outside = s.write("out.csv", "x_mm,y_mm\n1,2\n50,2\n3,3\n").string();
    const Run o = metrics("--dots '" + outside + "' --window 0,0,10,10");
    CHECK(o.exitCode == 1);
    CHECK(o.err == outside + ":3:1: error: dot (50, 2) is outside the window [0, 0, 10, 10]\n");

    const Run missing = metrics("--dots /nonexistent/dots.csv");
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.rfind("/nonexistent/dots.csv:1:1: error: cannot read dots file", 0) == 0);

    const Run binary = metrics("--dots '" +
                               s.write("b.bin", std::string("\x7f"
                                                            "ELF\x02\x01\x01\0\0",
                                                            9))
                                   .string() +
                               "'");
    CHECK(binary.exitCode == 1);
    CHECK(binary.err.find(":1:1: error: binary data (byte 0x7F)") != std::string::npos);

    // Many bad rows: the first 50 are shown, then a count of the rest.
    std::string many = "x_mm,y_mm\n";
    for (int i = 0; i < 80; ++i)
        many += "x,1\n";
    const Run m = metrics("--dots '" + s.write("many.csv", many).string() + "'");
    CHECK(m.exitCode == 1);
    CHECK(m.err.find("30 more errors not shown (80 in all)") != std::string::npos);
}

TEST_CASE("usage errors exit 2, --help exits 0", "[cli][metrics]") {
    Scratch s;
    const std::string ok = s.write("ok.csv", "x_mm,y_mm\n1,2\n3,4\n").string();
    CHECK(metrics("").exitCode == 2);
    CHECK(metrics("--dots").exitCode == 2);
    CHECK(metrics("--dots '" + ok + "' --frobnicate").exitCode == 2);
    CHECK(metrics("--dots '" + ok + "' extra").exitCode == 2);
    for (const char* w : {"1,2,3", "0,0,10,x", "10,0,0,10", "0,0,10,10,5", "0,0,10,0"}) {
        const Run r = metrics("--dots '" + ok + "' --window " + w);
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("--window must be X0,Y0,X1,Y1") != std::string::npos);
    }
    const Run spacing = metrics("--dots '" + ok + "' --min-spacing 0.6mm");
    CHECK(spacing.exitCode == 2);
    CHECK(spacing.err.find("--min-spacing must be a length in mm (a number >= 0), got '0.6mm'") !=
          std::string::npos);
    CHECK(metrics("--dots '" + ok + "' --diameter -1").exitCode == 2);
    const Run help = metrics("--help");
    CHECK(help.exitCode == 0);
    CHECK(help.out.rfind("usage: stipple metrics --dots FILE.csv", 0) == 0);
}
