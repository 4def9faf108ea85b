#include "checker/trace/trace.h"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "checker/scenario/input_error.h"

namespace stackrace::checker {

std::string format_trace(const Trace& t) {
    std::string out;
    const bool internal = !t.internal_error.empty();
    out += fmt::format("# stackrace {}; replay it with: stackrace replay FILE\n",
                       internal ? "internal error" : "counterexample");
    out += fmt::format("stackrace-trace {}\n", t.version);
    out += fmt::format("tool {}\n", t.tool_version);
    out += fmt::format("scenario {}\n", t.scenario_path);
    out += fmt::format("scenario-hash {}\n", t.scenario_hash);
    out += fmt::format("variant {}\n", t.variant);
    out += fmt::format("options {}\n", t.options);
    out += fmt::format("fresh-stack {}\n", t.fresh_stack);
    out += fmt::format("steps {}\n", t.steps.size());
    for (std::size_t i = 0; i < t.steps.size(); ++i)
        out += fmt::format("step {} {} {}\n", i + 1, t.steps[i].actor,
                           model::go_site(t.steps[i].site).label);
    if (internal) {
        out += fmt::format("internal-error {}\n", t.internal_error);
    } else {
        out += fmt::format("violation {}\n", property_name(t.property));
        out += fmt::format("message {}\n", t.message);
        out += fmt::format("final-hash {}\n", t.final_hash);
    }
    out += "end\n";
    return out;
}

namespace {

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

bool is_hex128(const std::string& s) {
    return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

Trace parse_trace(const std::string& path, const std::string& text) {
    Trace t;
    std::istringstream in(text);
    std::string line;
    int n = 0;
    std::size_t declared_steps = 0;
    bool have_steps = false, have_violation = false, have_hash = false, ended = false,
         have_header = false;
    const auto need = [&](bool ok, const std::string& problem) {
        if (!ok) input_error(path, n, problem);
    };
    // Every record but "step" appears once: a second one is an edit or two traces pasted
    // together, and silently taking either would replay something nobody wrote.
    std::map<std::string, int> seen;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        need(!ended, "text after \"end\"");
        const std::vector<std::string> w = split(line);
        const std::string& key = w[0];
        if (have_header && key != "step") {
            const auto [at, fresh] = seen.try_emplace(key, n);
            need(fresh, fmt::format("duplicate \"{}\" record (first at line {})", key, at->second));
        }
        const std::string rest =
            line.size() > key.size() ? line.substr(line.find(key) + key.size() + 1) : "";
        if (!have_header) {
            need(key == "stackrace-trace" && w.size() == 2,
                 "not a stackrace trace (expected \"stackrace-trace VERSION\" as the first line)");
            int v = 0;
            const auto r = std::from_chars(w[1].data(), w[1].data() + w[1].size(), v);
            need(r.ec == std::errc() && r.ptr == w[1].data() + w[1].size(),
                 fmt::format("bad format version \"{}\"", w[1]));
            need(v == kTraceFormatVersion,
                 fmt::format(
                     "trace format version {} is not supported (this stackrace reads version {})",
                     v, kTraceFormatVersion));
            t.version = v;
            have_header = true;
        } else if (key == "tool") {
            t.tool_version = rest;
        } else if (key == "scenario") {
            need(!rest.empty(), "\"scenario\" needs a path");
            t.scenario_path = rest;
        } else if (key == "scenario-hash") {
            need(w.size() == 2 && is_hex128(w[1]), "scenario-hash must be 32 hex digits");
            t.scenario_hash = w[1];
            t.scenario_hash_line = n;
        } else if (key == "variant") {
            need(w.size() == 2, "\"variant\" needs one name");
            t.variant = w[1];
            t.variant_line = n;
        } else if (key == "options") {
            t.options = rest;
        } else if (key == "fresh-stack") {
            need(w.size() == 2, "\"fresh-stack\" needs one name (garbage or zero)");
            t.fresh_stack = w[1];
            t.fresh_stack_line = n;
        } else if (key == "steps") {
            need(w.size() == 2, "\"steps\" needs a count");
            const auto r = std::from_chars(w[1].data(), w[1].data() + w[1].size(), declared_steps);
            need(r.ec == std::errc() && r.ptr == w[1].data() + w[1].size(),
                 fmt::format("bad step count \"{}\"", w[1]));
            have_steps = true;
        } else if (key == "step") {
            need(have_steps, "\"step\" before \"steps\"");
            need(!have_violation, "\"step\" after \"violation\"");
            need(w.size() == 4, "a step line is \"step INDEX ACTOR LABEL\"");
            std::size_t index = 0;
            const auto r = std::from_chars(w[1].data(), w[1].data() + w[1].size(), index);
            need(r.ec == std::errc() && r.ptr == w[1].data() + w[1].size(),
                 fmt::format("bad step index \"{}\"", w[1]));
            need(index == t.steps.size() + 1,
                 fmt::format("step {} out of order: expected step {}", index, t.steps.size() + 1));
            need(index <= declared_steps,
                 fmt::format("step {} beyond the {} steps declared", index, declared_steps));
            const auto site = model::site_by_label(w[3]);
            need(site.has_value(),
                 fmt::format("step {}: unknown step label \"{}\" (the model has changed?)", index,
                             w[3]));
            t.steps.push_back(TraceStep{w[2], *site, n});
        } else if (key == "violation") {
            need(w.size() == 2, "\"violation\" needs one property id");
            need(t.internal_error.empty(), "\"internal-error\" and \"violation\" in one trace");
            const auto p = property_by_name(w[1]);
            need(p.has_value(), fmt::format("unknown property \"{}\" (expected one of: {})", w[1],
                                            property_names()));
            t.property = *p;
            t.property_line = n;
            have_violation = true;
        } else if (key == "message") {
            t.message = rest;
        } else if (key == "final-hash") {
            need(w.size() == 2 && is_hex128(w[1]), "final-hash must be 32 hex digits");
            t.final_hash = w[1];
            t.final_hash_line = n;
            have_hash = true;
        } else if (key == "internal-error") {
            need(!rest.empty(), "\"internal-error\" needs a message");
            need(!have_violation, "\"internal-error\" and \"violation\" in one trace");
            t.internal_error = rest;
            have_violation = true;  // it ends the steps in place of a violation
        } else if (key == "end") {
            ended = true;
        } else {
            need(false, fmt::format("unknown line \"{}\"", key));
        }
    }
    ++n;
    if (!have_header) input_error(path, 1, "empty file: not a stackrace trace");
    need(!t.scenario_path.empty() && !t.scenario_hash.empty(),
         "truncated trace: no scenario and scenario-hash");
    need(!t.variant.empty(), "truncated trace: no variant");
    need(t.fresh_stack_line != 0, "truncated trace: no fresh-stack line");
    need(have_steps, "truncated trace: no steps");
    need(t.steps.size() == declared_steps,
         fmt::format("truncated trace: {} steps declared, {} found", declared_steps,
                     t.steps.size()));
    need(have_violation, "truncated trace: no violation line");
    need(have_hash || !t.internal_error.empty(), "truncated trace: no final-hash line");
    need(ended, "truncated trace: no \"end\" line");
    return t;
}

Trace load_trace(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) input_error(path, 0, "cannot open trace file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_trace(path, text.str());
}

}  // namespace stackrace::checker
