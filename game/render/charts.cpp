// Chart drawing: plain rectangles and line quads, labelled with the theme's type.
#include "render/charts.h"

#include "render/canvas_renderer.h"
#include "render/theme.h"

#include <algorithm>
#include <cmath>

namespace stipple::render {

namespace {

/// The plot area inside a chart rectangle, leaving room for the title and the axis labels.
sf::FloatRect plotArea(const Theme& t, sf::FloatRect r) {
    return {r.left + t.px(40), r.top + t.px(34), r.width - t.px(54), r.height - t.px(64)};
}

void axes(sf::RenderTarget& target, const Theme& t, sf::FloatRect p) {
    t.rect(target, {p.left, p.top + p.height - 0.5f, p.width, 1.f}, colours::kBorder);
    t.rect(target, {p.left - 0.5f, p.top, 1.f, p.height}, colours::kBorder);
}

/// A "nice" axis step near range / 5.
double niceStep(double range) {
    const double raw = range / 5.0;
    const double mag = std::pow(10.0, std::floor(std::log10(std::max(raw, 1e-9))));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * mag) return m * mag;
    return 10 * mag;
}

} // namespace

void drawHistogram(sf::RenderTarget& target, const Theme& t, sf::FloatRect r,
                   const std::vector<double>& values, const HistogramSpec& spec) {
    t.text(target, spec.title, r.left, r.top, 13, colours::kText, Align::Left, true);
    const sf::FloatRect p = plotArea(t, r);
    if (values.empty()) {
        t.text(target, "not enough dots", p.left + p.width / 2, p.top + p.height / 2 - t.px(8), 13,
               colours::kTextFaint, Align::Centre);
        axes(target, t, p);
        return;
    }
    double xMax = spec.xMax;
    if (xMax <= 0) {
        std::vector<double> sorted = values;
        const size_t k = std::min(sorted.size() - 1, sorted.size() * 99 / 100);
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
        xMax = sorted[k] * 1.1;
        if (spec.band) xMax = std::max(xMax, spec.band->max * 1.4);
        if (spec.threshold) xMax = std::max(xMax, *spec.threshold * 1.4);
        xMax = std::max(xMax, 1e-6);
    }
    const int bins = std::max(4, spec.bins);
    std::vector<int> counts(static_cast<size_t>(bins), 0);
    for (double v : values) {
        if (!std::isfinite(v) || v < 0) continue;
        const int b = std::min(bins - 1, static_cast<int>(v / xMax * bins));
        ++counts[static_cast<size_t>(b)];
    }
    const int peak = std::max(1, *std::max_element(counts.begin(), counts.end()));
    auto xOf = [&](double v) {
        return p.left + static_cast<float>(std::clamp(v / xMax, 0.0, 1.0)) * p.width;
    };

    if (spec.band) {
        t.rect(target, {xOf(spec.band->min), p.top, xOf(spec.band->max) - xOf(spec.band->min), p.height},
               sf::Color(124, 196, 138, 55));
    }
    // The labels above the plot, where no bar reaches them.
    const float labelY = p.top - t.px(15);
    float targetLeft = 1e9f, targetRight = -1e9f;
    if (spec.band) {
        const float cx = (xOf(spec.band->min) + xOf(spec.band->max)) / 2;
        t.text(target, "target", cx, labelY, 10, colours::kPass, Align::Centre);
        targetLeft = cx - t.textWidth("target", 10) / 2;
        targetRight = cx + t.textWidth("target", 10) / 2;
    }
    const float bw = p.width / bins;
    for (int b = 0; b < bins; ++b) {
        const float h = p.height * counts[static_cast<size_t>(b)] / peak;
        if (h <= 0) continue;
        const double mid = (b + 0.5) * xMax / bins;
        const bool bad = spec.threshold && (spec.faultBelow ? mid < *spec.threshold : mid > *spec.threshold);
        t.rect(target, {p.left + b * bw + 0.5f, p.top + p.height - h, std::max(1.f, bw - 1.f), h},
               bad ? colours::kFail : colours::kAccent);
    }
    if (spec.threshold) {
        t.rect(target, {xOf(*spec.threshold) - 0.75f, p.top, 1.5f, p.height}, colours::kFail);
        // The label on the faults' side of the line ("too close" left of it, over the red bars),
        // unless it would leave the chart or meet the target's label; else right of it.
        const float labelW = t.textWidth(spec.thresholdLabel, 10);
        const float before = xOf(*spec.threshold) - t.px(4) - labelW;
        const bool left = spec.faultBelow && before >= p.left &&
                          (targetRight < -1e8f || xOf(*spec.threshold) - t.px(4) < targetLeft - t.px(8) ||
                           before > targetRight + t.px(8));
        const float lx = std::max(xOf(*spec.threshold) + t.px(4), targetRight + t.px(8));
        t.text(target, spec.thresholdLabel, left ? before : std::min(lx, r.left + r.width - labelW), labelY,
               10, colours::kFail);
    }
    axes(target, t, p);
    const double step = niceStep(xMax);
    for (double v = 0; v <= xMax + 1e-9; v += step)
        t.text(target,
               fixed(v, step < 0.1 ? 2
                        : step < 1 ? 1
                                   : 0),
               xOf(v), p.top + p.height + t.px(4), 10, colours::kTextFaint, Align::Centre);
    t.text(target, spec.unit, p.left + p.width, p.top + p.height + t.px(18), 10, colours::kTextFaint,
           Align::Right);
    t.text(target, std::to_string(peak), p.left - t.px(6), p.top - t.px(6), 10, colours::kTextFaint,
           Align::Right);
    t.text(target, "0", p.left - t.px(6), p.top + p.height - t.px(8), 10, colours::kTextFaint, Align::Right);
}

void drawProfile(sf::RenderTarget& target, const Theme& t, sf::FloatRect r,
                 const std::vector<double>& observed, const std::vector<double>& expected,
                 const ProfileSpec& spec) {
    t.text(target, spec.title, r.left, r.top, 13, colours::kText, Align::Left, true);
    const sf::FloatRect p = plotArea(t, r);
    const size_t n = std::max(observed.size(), expected.size());
    if (n == 0) {
        t.text(target, "no hairline in this level", p.left + p.width / 2, p.top + p.height / 2 - t.px(8), 13,
               colours::kTextFaint, Align::Centre);
        axes(target, t, p);
        return;
    }
    const double yMax = 1.5;
    auto yOf = [&](double v) {
        return p.top + p.height - static_cast<float>(std::clamp(v / yMax, 0.0, 1.0)) * p.height;
    };
    const float bw = p.width / n;
    for (size_t i = 0; i < observed.size(); ++i) {
        const float top = yOf(observed[i]);
        t.rect(target,
               {p.left + i * bw + t.px(1.5f), top, std::max(1.f, bw - t.px(3)), p.top + p.height - top},
               colours::kAccent);
    }
    // Full density line.
    t.rect(target, {p.left, yOf(1.0) - 0.5f, p.width, 1.f}, sf::Color(255, 255, 255, 40));
    t.flush(target); // the ramp is drawn directly, over the bars
    sf::VertexArray line(sf::Quads);
    for (size_t i = 0; i + 1 < expected.size(); ++i)
        appendThickLine(line, {p.left + (i + 0.5f) * bw, yOf(expected[i])},
                        {p.left + (i + 1.5f) * bw, yOf(expected[i + 1])}, 2.5f, colours::kWarm);
    target.draw(line);
    for (size_t i = 0; i < expected.size(); ++i) {
        sf::CircleShape dot(t.px(3));
        dot.setOrigin(t.px(3), t.px(3));
        dot.setPosition(p.left + (i + 0.5f) * bw, yOf(expected[i]));
        dot.setFillColor(colours::kWarm);
        target.draw(dot);
    }
    axes(target, t, p);
    for (size_t i = 0; i <= n; i += std::max<size_t>(1, n / 6))
        t.text(target, fixed(i * spec.xStep, 0), p.left + i * bw, p.top + p.height + t.px(4), 10,
               colours::kTextFaint, Align::Centre);
    t.text(target, spec.xLabel, p.left + p.width, p.top + p.height + t.px(18), 10, colours::kTextFaint,
           Align::Right);
    t.text(target, "100%", p.left - t.px(6), yOf(1.0) - t.px(7), 10, colours::kTextFaint, Align::Right);
    t.text(target, "0", p.left - t.px(6), p.top + p.height - t.px(8), 10, colours::kTextFaint, Align::Right);
    // Legend.
    const float lx = p.left + t.px(8), ly = p.top + t.px(2);
    t.rect(target, {lx, ly + t.px(2), t.px(10), t.px(10)}, colours::kAccent);
    const float w1 = t.text(target, spec.observedLabel, lx + t.px(14), ly, 10, colours::kTextDim);
    // The second entry beside the first, or under it when the plot is too narrow for both.
    const bool oneRow = lx + t.px(42) + w1 + t.textWidth(spec.targetLabel, 10) <= p.left + p.width;
    const float x2 = oneRow ? lx + t.px(28) + w1 : lx, y2 = oneRow ? ly : ly + t.px(15);
    t.rect(target, {x2, y2 + t.px(2), t.px(10), t.px(10)}, colours::kWarm);
    t.text(target, spec.targetLabel, x2 + t.px(14), y2, 10, colours::kTextDim);
}

void drawLinePlot(sf::RenderTarget& target, const Theme& t, sf::FloatRect r,
                  const std::vector<LineSeries>& series, const LinePlotSpec& spec) {
    t.text(target, spec.title, r.left, r.top, 13, colours::kText, Align::Left, true);
    const sf::FloatRect p = plotArea(t, r);
    size_t n = 0;
    for (const auto& s : series)
        n = std::max(n, s.values.size());
    const double span = std::max(spec.yMax - spec.yMin, 1e-9);
    auto yOf = [&](double v) {
        return p.top + p.height - static_cast<float>(std::clamp((v - spec.yMin) / span, 0.0, 1.0)) * p.height;
    };
    // One run sits in the middle; n runs spread from the left edge to the right.
    auto xOf = [&](size_t i) {
        return n <= 1 ? p.left + p.width / 2 : p.left + p.width * i / static_cast<float>(n - 1);
    };
    for (double v = spec.yMin; v <= spec.yMax + 1e-9; v += niceStep(span)) {
        t.rect(target, {p.left, yOf(v) - 0.5f, p.width, 1.f}, sf::Color(255, 255, 255, 14));
        t.text(target, fixed(v, 0), p.left - t.px(6), yOf(v) - t.px(7), 10, colours::kTextFaint,
               Align::Right);
    }
    if (spec.threshold) {
        for (float x = p.left; x < p.left + p.width; x += t.px(10))
            t.rect(target, {x, yOf(*spec.threshold) - 0.75f, std::min(t.px(6), p.left + p.width - x), 1.5f},
                   colours::kWarm);
        // Above its dashed line: the text is never below 10 pixels, so on a small window a fixed
        // design offset put the line through the letters.
        t.text(target, spec.thresholdLabel, p.left + t.px(4),
               yOf(*spec.threshold) - std::max(t.px(16), float(t.textSize(10)) * 1.25f + t.px(2)), 10,
               colours::kWarm);
    }
    axes(target, t, p);
    if (n == 0) {
        t.text(target, "no runs yet", p.left + p.width / 2, p.top + p.height / 2 - t.px(8), 13,
               colours::kTextFaint, Align::Centre);
        return;
    }
    for (size_t i = 0; i < n; i += std::max<size_t>(1, n / 8))
        t.text(target, std::to_string(i + 1), xOf(i), p.top + p.height + t.px(4), 10, colours::kTextFaint,
               Align::Centre);
    t.text(target, spec.xLabel, p.left + p.width, p.top + p.height + t.px(18), 10, colours::kTextFaint,
           Align::Right);
    t.flush(target); // the lines are drawn directly, over the grid
    sf::VertexArray lines(sf::Quads);
    for (const auto& s : series)
        for (size_t i = 0; i + 1 < s.values.size(); ++i)
            appendThickLine(lines, {xOf(i), yOf(s.values[i])}, {xOf(i + 1), yOf(s.values[i + 1])}, t.px(2.f),
                            s.colour);
    target.draw(lines);
    for (const auto& s : series)
        for (size_t i = 0; i < s.values.size(); ++i) {
            sf::CircleShape dot(t.px(2.5f));
            dot.setOrigin(t.px(2.5f), t.px(2.5f));
            dot.setPosition(xOf(i), yOf(s.values[i]));
            dot.setFillColor(s.colour);
            target.draw(dot);
        }
    // Legend, left to right after the title, as far as it fits ("+N" for the rest).
    float x = r.left + t.textWidth(spec.title, 13, true) + t.px(16);
    const float end = r.left + r.width;
    for (size_t i = 0; i < series.size(); ++i) {
        const LineSeries& s = series[i];
        if (s.label.empty()) continue;
        if (x + t.px(16) + t.textWidth(s.label, 10) > end - t.px(24)) {
            t.text(target, "+" + std::to_string(series.size() - i), end, r.top + t.px(1), 10,
                   colours::kTextDim, Align::Right);
            break;
        }
        t.rect(target, {x, r.top + t.px(7), t.px(12), t.px(3)}, s.colour);
        x += t.px(16);
        x += t.text(target, s.label, x, r.top + t.px(1), 10, colours::kTextDim) + t.px(12);
    }
}

} // namespace stipple::render
