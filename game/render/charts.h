// Small charts for the results screen: a histogram with a shaded target band and a marked
// threshold, and a profile of observed values against a target curve. They draw numbers the
// scorer produced (ScoreDetails); binning for display is the only arithmetic here.
#pragma once

#include "level/level.h"

#include <SFML/Graphics.hpp>

#include <optional>
#include <string>
#include <vector>

namespace stipple::render {

class Theme;

struct HistogramSpec {
    std::string title;
    std::string unit;                ///< x axis unit, e.g. "mm"
    std::optional<Range> band;       ///< shaded as the target band
    std::optional<double> threshold; ///< a red line (e.g. the minimum spacing): below is a fault
    std::string thresholdLabel;
    bool faultBelow = true; ///< values below the threshold are faults (else above)
    double xMax = 0.0;      ///< 0: from the data (99th percentile, at least past the band)
    int bins = 40;
};

/// Draws a histogram of `values` into `r` (window pixels), axes and labels included.
void drawHistogram(sf::RenderTarget& target, const Theme& theme, sf::FloatRect r,
                   const std::vector<double>& values, const HistogramSpec& spec);

struct ProfileSpec {
    std::string title;
    std::string xLabel; ///< e.g. "mm behind the hairline"
    double xStep = 1.0; ///< x of sample i is (i + 0.5) · xStep
    std::string observedLabel, targetLabel;
};

/// Draws observed (bars) against target (line) per sample, y as a fraction of full (0 .. 1.5).
void drawProfile(sf::RenderTarget& target, const Theme& theme, sf::FloatRect r,
                 const std::vector<double>& observed, const std::vector<double>& expected,
                 const ProfileSpec& spec);

/// One line of a line plot: values over run numbers 1..n.
struct LineSeries {
    std::string label;
    std::vector<double> values;
    sf::Color colour;
};

struct LinePlotSpec {
    std::string title;
    std::string xLabel = "run";
    double yMin = 0.0, yMax = 100.0;
    std::optional<double> threshold; ///< a dashed-looking reference line (e.g. the pass mark)
    std::string thresholdLabel;
};

/// Draws every series as a polyline with its points over a shared x axis (run 1 .. the longest
/// series), y from yMin to yMax, with a legend of the labels.
void drawLinePlot(sf::RenderTarget& target, const Theme& theme, sf::FloatRect r,
                  const std::vector<LineSeries>& series, const LinePlotSpec& spec);

} // namespace stipple::render
