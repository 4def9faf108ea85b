#include "checker/report.h"

#include <fmt/format.h>

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
    std::string out = fmt::format("scenario {}{}\n", s.path, s.title.empty() ? "" : fmt::format(" ({})", s.title));
    out += fmt::format("{:<24} {:<52} {:<5} {:>10} {:>12} {:>8} {:>8}  {}\n", "variant", "verdict", "as", "states",
                       "transitions", "seconds", "shortest", "trace of the shortest");
    for (const VariantRun& r : runs) {
        const std::size_t best = shortest(r);
        std::string trace;
        for (const WrittenTrace& t : r.traces)
            if (t.steps == best && !t.path.empty()) { trace = t.path; break; }
        const char* as = r.outcome == Outcome::Match ? "ok" : r.outcome == Outcome::Incomplete ? "INCOMPLETE" : "DIFF";
        out += fmt::format("{:<24} {:<52} {:<5} {:>10} {:>12} {:>8.2f} {:>8}  {}\n", r.variant, r.verdict.to_string(), as,
                           r.result.states, r.result.transitions, r.result.seconds,
                           best == 0 ? std::string("-") : fmt::format("{}", best), trace);
        if (r.outcome != Outcome::Match)
            out += fmt::format("  {}: expected {}; {}\n", r.variant, r.expected.to_string(), r.mismatch);
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
        v["verdict"] = r.verdict.kind == VerdictKind::Verified     ? "verified"
                       : r.verdict.kind == VerdictKind::Violated   ? "violated"
                                                                   : "incomplete";
        v["properties"] = nlohmann::json::array();
        for (PropertyId p : r.verdict.properties) v["properties"].push_back(std::string(property_name(p)));
        v["matches"] = r.matches;
        v["outcome"] = r.outcome == Outcome::Match ? "match" : r.outcome == Outcome::Incomplete ? "incomplete" : "mismatch";
        if (!r.matches) v["mismatch"] = r.mismatch;
        v["states"] = r.result.states;
        v["transitions"] = r.result.transitions;
        v["final_states"] = r.result.final_states;
        v["depth"] = r.result.depth;
        v["seconds"] = r.result.seconds;
        v["limit"] = r.result.limit == Limit::None ? nlohmann::json(nullptr) : nlohmann::json(limit_name(r.result.limit));
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

std::string format_step(const model::Model& m, std::size_t index, const ReplayedStep& st, bool verbose) {
    const model::GoSite& site = model::go_site(st.site);
    std::string changes;
    for (const WordChange& c : st.changes) {
        if (!changes.empty()) changes += "; ";
        changes += fmt::format("{}: {} -> {}", m.addr_name(c.addr), m.value_at(c.addr, c.before), m.value_at(c.addr, c.after));
    }
    for (const std::string& e : st.region_events) changes += (changes.empty() ? "" : "; ") + e;
    std::string out = fmt::format("{:>5}  {:<10} {:<32} {}\n", index, m.actors()[st.actor].name, site.label,
                                  changes.empty() ? "-" : changes);
    if (verbose) {
        out += fmt::format("{:>5}  {:<10} {}: {}  // {}\n", "", "", site.go_file, site.go_function, site.go_line);
        for (const sim::Access& a : st.accesses) {
            const char* kind = a.kind == sim::AccessKind::Read    ? "read"
                               : a.kind == sim::AccessKind::Write ? "write"
                               : a.kind == sim::AccessKind::Cas   ? "cas"
                               : a.kind == sim::AccessKind::Lock  ? "lock"
                                                                  : "unlock";
            out += fmt::format("{:>5}  {:<10}   {} {} = {}{}\n", "", "", kind, m.addr_name(a.addr),
                               m.value_at(a.addr, a.after), a.freed ? "  (FREED MEMORY)" : "");
        }
    }
    return out;
}

}  // namespace stackrace::checker
