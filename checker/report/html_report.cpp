#include "checker/report/html_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "checker/report/replay_view.h"
#include "checker/report/report_html.h"
#include "checker/trace/minimize.h"

namespace stackrace::checker {
namespace {

nlohmann::json word_json(const WordView& w) {
    return {{"addr", w.addr},
            {"name", w.name},
            {"value", w.value},
            {"pointer", w.pointer},
            {"target", w.target}};
}

nlohmann::json state_json(const StateView& v) {
    nlohmann::json j;
    j["actors"] = nlohmann::json::array();
    for (const ActorView& a : v.actors)
        j["actors"].push_back(
            {{"name", a.name}, {"pc", a.pc}, {"status", a.status}, {"locks", a.locks}});
    j["chans"] = nlohmann::json::array();
    for (const ChanView& c : v.chans)
        j["chans"].push_back({{"name", c.name},
                              {"lock", c.lock},
                              {"recvq", c.recvq},
                              {"sendq", c.sendq},
                              {"detail", c.detail}});
    j["stacks"] = nlohmann::json::array();
    for (const RegionView& r : v.stacks) {
        nlohmann::json words = nlohmann::json::array();
        for (const WordView& w : r.words) words.push_back(word_json(w));
        j["stacks"].push_back({{"name", r.name}, {"state", r.state}, {"words", std::move(words)}});
    }
    j["sudogs"] = nlohmann::json::array();
    for (const SudogView& s : v.sudogs) {
        nlohmann::json fields = nlohmann::json::array();
        for (const WordView& w : s.fields) fields.push_back(word_json(w));
        j["sudogs"].push_back({{"name", s.name}, {"fields", std::move(fields)}});
    }
    return j;
}

// report_json is everything the page shows; the script only lays it out.
nlohmann::json report_json(const TraceCheck& c) {
    const model::Model& m = c.model;
    const ReplayResult& r = c.replay;
    nlohmann::json j;
    j["scenario"] = c.scenario.path;
    j["title"] = c.scenario.title;
    j["variant"] = c.trace.variant;
    j["fresh_stack"] = c.trace.fresh_stack;
    j["reproduced"] = c.outcome == TraceOutcome::Reproduced;
    j["outcome"] = c.explanation;
    j["actors"] = nlohmann::json::array();
    for (const model::ActorInfo& a : m.actors()) j["actors"].push_back(a.name);
    const std::vector<sim::World> worlds =
        worlds_along(m, *m.roots().by_name(c.trace.fresh_stack), r.steps);
    j["initial"] = state_json(view_state(m, worlds[0]));
    j["steps"] = nlohmann::json::array();
    std::vector<sim::ActorId> actors;
    for (std::size_t i = 0; i < r.steps.size(); ++i) {
        const ReplayedStep& st = r.steps[i];
        actors.push_back(st.actor);
        const model::GoSite& g = model::go_site(st.site);
        const StepLocation where = step_location(st.site, m.variant());
        nlohmann::json changes = nlohmann::json::array();
        nlohmann::json changed = nlohmann::json::array();
        for (const WordChange& ch : st.changes) {
            changes.push_back(describe_change(m, ch));
            const std::string full = addr_name(m.layout(), ch.addr);
            changed.push_back(full.substr(0, full.find(" (")));
        }
        for (const std::string& e : st.region_events) changes.push_back(e);
        j["steps"].push_back({{"actor", st.actor},
                              {"label", g.label},
                              {"func", where.function},
                              {"loc", where.loc},
                              {"stmt", g.go_line},
                              {"what", g.explanation},
                              {"changes", std::move(changes)},
                              {"changed", std::move(changed)},
                              {"state", state_json(view_state(m, worlds[i + 1]))}});
    }
    j["switches"] = context_switches(actors);
    j["violation_step"] = r.violation_step;
    j["violations"] = nlohmann::json::array();
    std::vector<std::size_t> causes;
    for (const Violation& v : r.violations) {
        j["violations"].push_back({{"property", property_name(v.property)},
                                   {"message", v.message},
                                   {"why", explain_violation(m, r, v)}});
        for (std::size_t s : cause_steps(m, r, v)) causes.push_back(s);
    }
    j["causes"] = causes;
    return j;
}

}  // namespace

std::string format_html_report(const TraceCheck& c) {
    std::string json = report_json(c).dump();
    // Inside <script>, "</" could end the element early; JSON allows "<\/" for it.
    for (std::size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 3))
        json.replace(at, 2, "<\\/");
    // The page is checker/report/report.html; everything it needs is inline, and the data
    // goes where @DATA@ is.
    std::string page(kReportHtml);
    page.replace(page.find("@DATA@"), 6, json);
    return page;
}

}  // namespace stackrace::checker
