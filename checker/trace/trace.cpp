#include "checker/trace/trace.h"

#include <fmt/format.h>

#include <charconv>
#include <map>
#include <sstream>

#include "checker/scenario/input_error.h"
#include "checker/scenario/input_file.h"

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

// rest_after: the text of `line` after its first word `key` and the one separator after it.
std::string rest_after(const std::string& line, const std::string& key) {
    const std::size_t end = line.find(key) + key.size();
    return end < line.size() ? line.substr(end + 1) : "";
}

bool is_hex128(const std::string& s) {
    return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Record: one line of a trace, split into words; rest is the text after the key.
struct Record {
    std::vector<std::string> w;
    std::string rest;
    int line = 0;

    [[nodiscard]] const std::string& key() const { return w[0]; }
};

// TraceReader reads a trace one record at a time, in the grammar of docs/trace-format.md:
//   stackrace-trace VERSION                                  (the header, first)
//   tool, scenario, scenario-hash, variant, options, fresh-stack   (the run's records)
//   steps COUNT, then step INDEX ACTOR LABEL per step        (the schedule)
//   violation, message, final-hash, or internal-error; then end   (the closing records)
// Every problem is an InputError "FILE:LINE: problem".
class TraceReader {
public:
    explicit TraceReader(const std::string& path) : path_(path) {}

    void read(const std::string& text);
    Trace finish();

private:
    void need(bool ok, const std::string& problem) const {
        if (!ok) input_error(path_, n_, problem);
    }
    void read_record(const Record& r);
    void read_header(const Record& r);
    bool read_run_record(const Record& r);
    bool read_schedule_record(const Record& r);
    void read_step(const Record& r);
    bool read_closing_record(const Record& r);
    void read_violation(const Record& r);

    const std::string& path_;
    Trace t_;
    int n_ = 0;  // the line being read
    std::size_t declared_steps_ = 0;
    bool have_steps_ = false, have_violation_ = false, have_hash_ = false, ended_ = false,
         have_header_ = false;
    // Every record but "step" appears once: a second one is an edit or two traces pasted
    // together, and silently taking either would replay something nobody wrote.
    std::map<std::string, int> seen_;
};

void TraceReader::read(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        ++n_;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        Record r;
        r.w = split(line);
        // Blank lines (white space only) and comments carry nothing.
        if (r.w.empty() || r.w[0][0] == '#') continue;
        need(!ended_, "text after \"end\"");
        r.line = n_;
        const std::string& key = r.key();
        if (have_header_ && key != "step") {
            const auto [at, fresh] = seen_.try_emplace(key, n_);
            need(fresh, fmt::format("duplicate \"{}\" record (first at line {})", key, at->second));
        }
        r.rest = rest_after(line, key);
        read_record(r);
    }
}

void TraceReader::read_record(const Record& r) {
    if (!have_header_) return read_header(r);
    if (read_run_record(r) || read_schedule_record(r) || read_closing_record(r)) return;
    need(false, fmt::format("unknown line \"{}\"", r.key()));
}

// read_header reads "stackrace-trace VERSION", the first record.
void TraceReader::read_header(const Record& r) {
    const std::vector<std::string>& w = r.w;
    need(r.key() == "stackrace-trace" && w.size() == 2,
         "not a stackrace trace (expected \"stackrace-trace VERSION\" as the first line)");
    int v = 0;
    const auto parsed = std::from_chars(w[1].data(), w[1].data() + w[1].size(), v);
    need(parsed.ec == std::errc() && parsed.ptr == w[1].data() + w[1].size(),
         fmt::format("bad format version \"{}\"", w[1]));
    need(v == kTraceFormatVersion,
         fmt::format("trace format version {} is not supported (this stackrace reads version {})",
                     v, kTraceFormatVersion));
    t_.version = v;
    have_header_ = true;
}

// read_run_record reads what the run was: tool, scenario, scenario-hash, variant, options,
// fresh-stack; false for any other record.
bool TraceReader::read_run_record(const Record& r) {
    const std::string& key = r.key();
    const std::vector<std::string>& w = r.w;
    if (key == "tool") {
        t_.tool_version = r.rest;
    } else if (key == "scenario") {
        need(!r.rest.empty(), "\"scenario\" needs a path");
        t_.scenario_path = r.rest;
    } else if (key == "scenario-hash") {
        need(w.size() == 2 && is_hex128(w[1]), "scenario-hash must be 32 hex digits");
        t_.scenario_hash = w[1];
        t_.scenario_hash_line = r.line;
    } else if (key == "variant") {
        need(w.size() == 2, "\"variant\" needs one name");
        t_.variant = w[1];
        t_.variant_line = r.line;
    } else if (key == "options") {
        t_.options = r.rest;
    } else if (key == "fresh-stack") {
        need(w.size() == 2, "\"fresh-stack\" needs one name (garbage or zero)");
        t_.fresh_stack = w[1];
        t_.fresh_stack_line = r.line;
    } else {
        return false;
    }
    return true;
}

// read_schedule_record reads "steps COUNT" and each "step INDEX ACTOR LABEL"; false for any
// other record.
bool TraceReader::read_schedule_record(const Record& r) {
    if (r.key() == "step") {
        read_step(r);
        return true;
    }
    if (r.key() != "steps") return false;
    const std::vector<std::string>& w = r.w;
    need(w.size() == 2, "\"steps\" needs a count");
    const auto parsed = std::from_chars(w[1].data(), w[1].data() + w[1].size(), declared_steps_);
    need(parsed.ec == std::errc() && parsed.ptr == w[1].data() + w[1].size(),
         fmt::format("bad step count \"{}\"", w[1]));
    have_steps_ = true;
    return true;
}

void TraceReader::read_step(const Record& r) {
    const std::vector<std::string>& w = r.w;
    need(have_steps_, "\"step\" before \"steps\"");
    need(!have_violation_, "\"step\" after \"violation\"");
    need(w.size() == 4, "a step line is \"step INDEX ACTOR LABEL\"");
    std::size_t index = 0;
    const auto parsed = std::from_chars(w[1].data(), w[1].data() + w[1].size(), index);
    need(parsed.ec == std::errc() && parsed.ptr == w[1].data() + w[1].size(),
         fmt::format("bad step index \"{}\"", w[1]));
    need(index == t_.steps.size() + 1,
         fmt::format("step {} out of order: expected step {}", index, t_.steps.size() + 1));
    need(index <= declared_steps_,
         fmt::format("step {} beyond the {} steps declared", index, declared_steps_));
    const auto site = model::site_by_label(w[3]);
    need(site.has_value(),
         fmt::format("step {}: unknown step label \"{}\" (the model has changed?)", index, w[3]));
    t_.steps.push_back(TraceStep{w[2], *site, r.line});
}

// read_closing_record reads how the steps end (violation, message, final-hash, or
// internal-error) and "end"; false for any other record.
bool TraceReader::read_closing_record(const Record& r) {
    const std::string& key = r.key();
    const std::vector<std::string>& w = r.w;
    if (key == "violation") {
        read_violation(r);
    } else if (key == "message") {
        t_.message = r.rest;
    } else if (key == "final-hash") {
        need(w.size() == 2 && is_hex128(w[1]), "final-hash must be 32 hex digits");
        t_.final_hash = w[1];
        t_.final_hash_line = r.line;
        have_hash_ = true;
    } else if (key == "internal-error") {
        need(!r.rest.empty(), "\"internal-error\" needs a message");
        need(!have_violation_, "\"internal-error\" and \"violation\" in one trace");
        t_.internal_error = r.rest;
        have_violation_ = true;  // it ends the steps in place of a violation
    } else if (key == "end") {
        ended_ = true;
    } else {
        return false;
    }
    return true;
}

void TraceReader::read_violation(const Record& r) {
    const std::vector<std::string>& w = r.w;
    need(w.size() == 2, "\"violation\" needs one property id");
    need(t_.internal_error.empty(), "\"internal-error\" and \"violation\" in one trace");
    const auto p = property_by_name(w[1]);
    need(p.has_value(),
         fmt::format("unknown property \"{}\" (expected one of: {})", w[1], property_names()));
    t_.property = *p;
    t_.property_line = r.line;
    have_violation_ = true;
}

// finish checks, at the line after the last, that no record is missing.
Trace TraceReader::finish() {
    ++n_;
    if (!have_header_) input_error(path_, 1, "empty file: not a stackrace trace");
    need(!t_.scenario_path.empty() && !t_.scenario_hash.empty(),
         "truncated trace: no scenario and scenario-hash");
    need(!t_.variant.empty(), "truncated trace: no variant");
    need(t_.fresh_stack_line != 0, "truncated trace: no fresh-stack line");
    need(have_steps_, "truncated trace: no steps");
    need(t_.steps.size() == declared_steps_,
         fmt::format("truncated trace: {} steps declared, {} found", declared_steps_,
                     t_.steps.size()));
    need(have_violation_, "truncated trace: no violation line");
    need(have_hash_ || !t_.internal_error.empty(), "truncated trace: no final-hash line");
    need(ended_, "truncated trace: no \"end\" line");
    return std::move(t_);
}

}  // namespace

Trace parse_trace(const std::string& path, const std::string& text) {
    TraceReader reader(path);
    reader.read(text);
    return reader.finish();
}

Trace load_trace(const std::string& path) {
    return parse_trace(path, read_input_file(path, kTraceFile));
}

}  // namespace stackrace::checker
