#include "checker/report/report.h"

#include <fmt/format.h>

#include <optional>
#include <string_view>

#include "model/go_lines.h"

namespace stackrace::checker {
namespace {

std::string limit_name(Limit l) {
    switch (l) {
        case Limit::None: return "";
        case Limit::MaxStates: return "max-states";
        case Limit::MaxDepth: return "max-depth";
        case Limit::StopFirst: return "stop-first";
    }
    return "";
}

std::size_t shortest(const VariantRun& r) {
    std::size_t best = 0;
    for (const WrittenTrace& t : r.traces)
        if (best == 0 || t.steps < best) best = t.steps;
    return best;
}

}  // namespace

std::string format_table(const Scenario& s, const std::vector<VariantRun>& runs) {
    std::string out = fmt::format("scenario {}{}\n", s.path,
                                  s.title.empty() ? "" : fmt::format(" ({})", s.title));
    out +=
        fmt::format("{:<24} {:<52} {:<5} {:>10} {:>12} {:>8} {:>8}  {}\n", "variant", "verdict",
                    "as", "states", "transitions", "seconds", "shortest", "trace of the shortest");
    for (const VariantRun& r : runs) {
        const std::size_t best = shortest(r);
        std::string trace;
        for (const WrittenTrace& t : r.traces)
            if (t.steps == best && !t.path.empty()) {
                trace = t.path;
                break;
            }
        const char* as = r.outcome == Outcome::Match        ? "ok"
                         : r.outcome == Outcome::Incomplete ? "INCOMPLETE"
                                                            : "DIFF";
        out += fmt::format("{:<24} {:<52} {:<5} {:>10} {:>12} {:>8.2f} {:>8}  {}\n", r.variant,
                           r.verdict.to_string(), as, r.result.states, r.result.transitions,
                           r.result.seconds, best == 0 ? std::string("-") : fmt::format("{}", best),
                           trace);
        if (r.outcome != Outcome::Match)
            out += fmt::format("  {}: expected {}; {}\n", r.variant, r.expected.to_string(),
                               r.mismatch);
    }
    if (!runs.empty()) {
        const ExploreResult& last = runs.back().result;
        out += fmt::format(
            "visited set: {}{}\n",
            last.exact ? "exact (every state stored, components shared: collapse compression)"
                       : "hash-compacted (64-bit fingerprints: probabilistic, a collision would "
                         "hide a state)",
            last.states == 0 ? std::string()
                             : fmt::format(", {} bytes per stored state",
                                           last.bytes / std::max<std::uint64_t>(1, last.states)));
        out += fmt::format("reductions: {}\n", last.reductions);
    }
    return out;
}

nlohmann::json to_json(const Scenario& s, const std::vector<VariantRun>& runs) {
    nlohmann::json j;
    j["scenario"] = s.path;
    j["scenario_hash"] = s.content_hash;
    j["title"] = s.title;
    j["variants"] = nlohmann::json::array();
    for (const VariantRun& r : runs) {
        nlohmann::json v;
        v["variant"] = r.variant;
        v["expected"] = r.expected.to_string();
        v["verdict"] = r.verdict.kind == VerdictKind::Verified   ? "verified"
                       : r.verdict.kind == VerdictKind::Violated ? "violated"
                                                                 : "incomplete";
        v["properties"] = nlohmann::json::array();
        for (PropertyId p : r.verdict.properties)
            v["properties"].push_back(std::string(property_name(p)));
        v["matches"] = r.matches;
        v["outcome"] = r.outcome == Outcome::Match        ? "match"
                       : r.outcome == Outcome::Incomplete ? "incomplete"
                                                          : "mismatch";
        if (!r.matches) v["mismatch"] = r.mismatch;
        v["states"] = r.result.states;
        v["transitions"] = r.result.transitions;
        v["final_states"] = r.result.final_states;
        v["depth"] = r.result.depth;
        v["seconds"] = r.result.seconds;
        v["visited_set"] = r.result.exact ? "exact" : "hash-compacted";
        v["reductions"] = r.result.reductions;
        v["reduced_states"] = r.result.reduced_states;
        v["bytes_per_state"] = r.result.states == 0 ? 0 : r.result.bytes / r.result.states;
        v["limit"] = r.result.limit == Limit::None ? nlohmann::json(nullptr)
                                                   : nlohmann::json(limit_name(r.result.limit));
        v["counterexamples"] = nlohmann::json::array();
        for (const WrittenTrace& t : r.traces) {
            nlohmann::json c;
            c["property"] = std::string(property_name(t.property));
            c["steps"] = t.steps;
            c["trace"] = t.path.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.path);
            c["message"] = t.message;
            v["counterexamples"].push_back(std::move(c));
        }
        j["variants"].push_back(std::move(v));
    }
    return j;
}

namespace {

constexpr std::string_view kGoSourceMapIntro =
    "# Model step labels and the Go source they mirror\n\n"
    "Generated by `stackrace list sites` from `model/go_sites.def` and `model/go_lines.def`; a\n"
    "test fails when this file and the table differ (regenerate with `build/stackrace list "
    "sites >\n"
    "docs/go-source-map.md`).\n\n"
    "Each step of the model is one atomic action (one lock operation, one word read or write, "
    "one\n"
    "CAS), labelled `<gofunc>/<action>`. The Go lines are quoted from the Go 1.7 runtime "
    "(commit\n"
    "276b177 and the channel code of the same series) under `src/runtime/`. Labels appear in "
    "traces:\n"
    "renaming one changes the trace format version.\n\n"
    "The line column is the statement's line in the base table: stack.go's in the file at "
    "commit\n"
    "276b177; chan.go's, select.go's, proc.go's, panic.go's and chan_test.go's in the Go 1.7\n"
    "release's files (chan.go and select.go have the same lines at 276b177); `-` where the\n"
    "statement is in neither (Go 1.6's closechan readied under the lock, Go 1.10's dequeue CASes\n"
    "g.selectDone). The columns go1.7 to go1.10 are the statement's line in each release that a\n"
    "release variant models, `function:line` where the release has it in another function, `-`\n"
    "where the release does not have it; replay and the HTML report show these for a release\n"
    "variant. `throw/fatal-error`'s line is that of `func throw` (its callers vary).\n"
    "docs/gen/go_lines.py derives every line from the releases' source (tags go1.7, go1.7.5,\n"
    "go1.8, go1.9, go1.10 and commit 276b177) and checks both tables.\n\n";

// The markdown table cell of a statement or an explanation: '|' escaped.
std::string cell(std::string_view s) {
    std::string c(s);
    for (std::size_t at = c.find('|'); at != std::string::npos; at = c.find('|', at + 2))
        c.replace(at, 1, "\\|");
    return c;
}

// A release column: the line, `function:line` when the release has the statement in another
// function (or `file:line` in another file) than the base table, `-` when it lacks it.
std::string release_cell(const model::GoSite& g, std::string_view release) {
    const std::optional<model::GoLine> l = model::go_line(g.site, release);
    if (!l) return "-";
    if (l->file != g.go_file) return fmt::format("{}:{}", l->file, l->line);
    if (l->function != g.go_function) return fmt::format("{}:{}", l->function, l->line);
    return fmt::format("{}", l->line);
}

}  // namespace

std::string format_go_source_map() {
    std::string out(kGoSourceMapIntro);
    out += "| label | Go file | line |";
    for (std::string_view r : model::go_releases()) out += fmt::format(" {} |", r);
    out += " Go function | Go statement | what the step does |\n|---|---|---|";
    for (std::size_t i = 0; i < model::go_releases().size(); ++i) out += "---|";
    out += "---|---|---|\n";
    for (const model::GoSite& g : model::go_sites()) {
        out += fmt::format("| `{}` | {} | {} |", g.label, g.go_file,
                           g.go_line_no == 0
                               ? std::string("-")
                               : fmt::format("{}{}", g.go_line_approx ? "~" : "", g.go_line_no));
        for (std::string_view r : model::go_releases())
            out += fmt::format(" {} |", release_cell(g, r));
        out += fmt::format(" `{}` | `{}` | {} |\n", g.go_function, cell(g.go_line),
                           cell(g.explanation));
    }
    return out;
}

}  // namespace stackrace::checker
