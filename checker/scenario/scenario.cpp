#include "checker/scenario/scenario.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "checker/scenario/input_error.h"
#include "checker/scenario/input_file.h"
#include "checker/scenario/validate.h"
#include "model/variant.h"
#include "sim/hash.h"
#include "sim/word.h"

namespace stackrace::checker {
namespace {

using model::LocalKind;

// Reader wraps one file's TOML tree with the checks every field needs.
class Reader {
public:
    explicit Reader(std::string path) : path_(std::move(path)) {}

    [[noreturn]] void fail(const toml::node* at, const std::string& problem) const {
        input_error(path_, at ? static_cast<long>(at->source().begin.line) : 0, problem);
    }
    [[noreturn]] void fail(int line, const std::string& problem) const {
        input_error(path_, line, problem);
    }

    static int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

    void only_keys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                   const std::string& where) const {
        for (auto&& [k, v] : t) {
            if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
            std::string list;
            for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            fail(&v, fmt::format("unknown key \"{}\" in {} (expected one of: {})", k.str(), where,
                                 list));
        }
    }
    const toml::table& table(const toml::table& t, std::string_view key,
                             const std::string& where) const {
        const toml::node* n = t.get(key);
        if (!n) fail(&t, fmt::format("{} needs a [{}] table", where, key));
        if (!n->is_table()) fail(n, fmt::format("\"{}\" must be a table", key));
        return *n->as_table();
    }
    std::string string(const toml::table& t, std::string_view key, std::optional<std::string> dflt,
                       const std::string& where) const {
        const toml::node* n = t.get(key);
        if (!n) {
            if (dflt) return *dflt;
            fail(&t, fmt::format("{} needs \"{}\"", where, key));
        }
        if (!n->is_string()) fail(n, fmt::format("\"{}\" must be a string", key));
        return n->as_string()->get();
    }
    std::int64_t integer(const toml::table& t, std::string_view key,
                         std::optional<std::int64_t> dflt, std::int64_t lo, std::int64_t hi,
                         const std::string& where) const {
        const toml::node* n = t.get(key);
        if (!n) {
            if (dflt) return *dflt;
            fail(&t, fmt::format("{} needs \"{}\"", where, key));
        }
        if (!n->is_integer()) fail(n, fmt::format("\"{}\" must be an integer", key));
        const std::int64_t v = n->as_integer()->get();
        if (v < lo || v > hi)
            fail(n, fmt::format("\"{}\" = {} is out of range {}..{}", key, v, lo, hi));
        return v;
    }
    bool boolean(const toml::table& t, std::string_view key, bool dflt) const {
        const toml::node* n = t.get(key);
        if (!n) return dflt;
        if (!n->is_boolean()) fail(n, fmt::format("\"{}\" must be true or false", key));
        return n->as_boolean()->get();
    }
    const toml::array* array(const toml::table& t, std::string_view key) const {
        const toml::node* n = t.get(key);
        if (!n) return nullptr;
        if (!n->is_array()) fail(n, fmt::format("\"{}\" must be an array", key));
        return n->as_array();
    }
    const toml::table& element_table(const toml::node& n, const std::string& what) const {
        if (!n.is_table()) fail(&n, fmt::format("each {} must be a table", what));
        return *n.as_table();
    }

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

void parse_stack(const Reader& r, const toml::table& root, model::StackSpec& stack) {
    const toml::table& st = r.table(root, "stack", "a scenario");
    r.only_keys(st, {"words", "new_words", "new_stack", "fresh", "frame"}, "[stack]");
    const std::string fresh = r.string(st, "fresh", "both", "[stack]");
    if (fresh == "both")
        stack.fresh = model::StackSpec::Fresh::Both;
    else if (fresh == "garbage")
        stack.fresh = model::StackSpec::Fresh::Garbage;
    else if (fresh == "zero")
        stack.fresh = model::StackSpec::Fresh::Zero;
    else
        r.fail(st.get("fresh"),
               fmt::format("fresh = \"{}\": expected \"both\", \"garbage\" or \"zero\"", fresh));
    stack.words = static_cast<unsigned>(r.integer(st, "words", 0, 0, 1024, "[stack]"));
    stack.new_words = static_cast<unsigned>(r.integer(st, "new_words", 0, 0, 1024, "[stack]"));
    const std::string where = r.string(st, "new_stack", "above", "[stack]");
    if (where != "above" && where != "below")
        r.fail(st.get("new_stack"),
               fmt::format("new_stack = \"{}\": expected \"above\" or \"below\"", where));
    stack.new_below = where == "below";
    const toml::array* frames = r.array(st, "frame");
    if (!frames || frames->empty()) r.fail(&st, "[stack] needs at least one [[stack.frame]]");
    for (const toml::node& fn : *frames) {
        const toml::table& f = r.element_table(fn, "[[stack.frame]]");
        r.only_keys(f, {"func", "locals", "repeat"}, "[[stack.frame]]");
        const std::string func = r.string(f, "func", std::nullopt, "[[stack.frame]]");
        const auto repeat = r.integer(f, "repeat", 1, 1, 64, "[[stack.frame]]");
        const toml::array* locals = r.array(f, "locals");
        if (!locals || locals->empty()) r.fail(&f, fmt::format("frame \"{}\" needs locals", func));
        for (std::int64_t rep = 0; rep < repeat; ++rep) {
            const std::string suffix = repeat == 1 ? "" : fmt::format(".{}", rep + 1);
            model::FrameSpec frame{func, {}, Reader::line_of(f)};
            for (const toml::node& ln : *locals) {
                const toml::table& l = r.element_table(ln, "local");
                r.only_keys(l, {"name", "kind", "to", "value"}, "a local");
                model::LocalSpec local;
                local.line = Reader::line_of(l);
                local.name = r.string(l, "name", std::nullopt, "a local") + suffix;
                const std::string kind = r.string(l, "kind", std::nullopt, "a local");
                if (kind == "int") {
                    local.kind = LocalKind::Int;
                    local.value = static_cast<sim::Word>(
                        r.integer(l, "value", 0, 0, sim::kMaxPlainValue - 1, "a local"));
                } else if (kind == "ptr") {
                    local.kind = LocalKind::Ptr;
                    local.target = r.string(l, "to", std::nullopt, "a ptr local") + suffix;
                } else if (kind == "selectdone") {
                    local.kind = LocalKind::SelectDone;
                } else {
                    r.fail(l.get("kind"),
                           fmt::format("kind = \"{}\": expected \"int\", \"ptr\" or \"selectdone\"",
                                       kind));
                }
                frame.locals.push_back(std::move(local));
            }
            stack.frames.push_back(std::move(frame));
        }
    }
}

void parse_chans(const Reader& r, const toml::table& root, std::vector<model::ChanSpec>& chans) {
    const toml::array* arr = r.array(root, "chan");
    if (!arr || arr->empty()) r.fail(&root, "a scenario needs at least one [[chan]]");
    for (const toml::node& n : *arr) {
        const toml::table& t = r.element_table(n, "[[chan]]");
        r.only_keys(t, {"name", "elem", "buffer"}, "[[chan]]");
        model::ChanSpec c;
        c.line = Reader::line_of(t);
        c.name = r.string(t, "name", std::nullopt, "[[chan]]");
        c.elem = r.string(t, "elem", "p", "[[chan]]");
        if (c.elem.empty() || c.elem.size() > 8 ||
            c.elem.find_first_not_of("pi") != std::string::npos)
            r.fail(t.get("elem"),
                   fmt::format("elem = \"{}\": expected 1 to 8 letters, p (pointer) or i (integer)",
                               c.elem));
        c.buffer = static_cast<unsigned>(r.integer(t, "buffer", 0, 0, 8, "[[chan]]"));
        for (const model::ChanSpec& other : chans)
            if (other.name == c.name)
                r.fail(t.get("name"), fmt::format("channel \"{}\" is declared twice", c.name));
        chans.push_back(std::move(c));
    }
}

// grow = true | "gopark" | "sellock-wakeup" | "sellock" | "selunlock" (false or absent: none).
model::GSpec::Growth parse_growth(const Reader& r, const toml::table& t) {
    using Growth = model::GSpec::Growth;
    const toml::node* n = t.get("grow");
    if (!n) return Growth::None;
    if (const auto* b = n->as_boolean()) return b->get() ? Growth::Gopark : Growth::None;
    if (const auto* str = n->as_string()) {
        if (str->get() == "gopark") return Growth::Gopark;
        if (str->get() == "sellock-wakeup") return Growth::SellockWakeup;
        if (str->get() == "sellock") return Growth::Sellock;
        if (str->get() == "selunlock") return Growth::Selunlock;
    }
    r.fail(n,
           "grow: expected true, false, \"gopark\", \"sellock-wakeup\", \"sellock\" or "
           "\"selunlock\"");
}

void parse_g(const Reader& r, const toml::table& root, model::GSpec& g) {
    const toml::table& t = r.table(root, "g", "a scenario");
    r.only_keys(t, {"op", "cases", "start", "may_end_parked", "grow"}, "[g]");
    const std::string op = r.string(t, "op", std::nullopt, "[g]");
    if (op == "select")
        g.op = model::GOp::Select;
    else if (op == "recv")
        g.op = model::GOp::Recv;
    else if (op == "send")
        g.op = model::GOp::Send;
    else
        r.fail(t.get("op"),
               fmt::format("op = \"{}\": expected \"select\", \"recv\" or \"send\"", op));
    const std::string start = r.string(t, "start", "parked", "[g]");
    if (start != "parked" && start != "running")
        r.fail(t.get("start"),
               fmt::format("start = \"{}\": expected \"parked\" or \"running\"", start));
    g.start_parked = start == "parked";
    g.may_end_parked = r.boolean(t, "may_end_parked", false);
    g.grow = parse_growth(r, t);
    if (g.grow == model::GSpec::Growth::Gopark && g.start_parked)
        r.fail(t.get("grow"),
               "grow = true needs start = \"running\": the stack grows while G is still running");
    if (g.grow == model::GSpec::Growth::SellockWakeup && g.op != model::GOp::Select)
        r.fail(t.get("grow"),
               "grow = \"sellock-wakeup\" needs op = \"select\": only selectgo relocks after "
               "wake-up");
    if (g.grow == model::GSpec::Growth::Sellock && g.op != model::GOp::Select)
        r.fail(t.get("grow"),
               "grow = \"sellock\" needs op = \"select\": only selectgo calls sellock");
    if (g.grow == model::GSpec::Growth::Sellock && g.start_parked)
        r.fail(t.get("grow"),
               "grow = \"sellock\" needs start = \"running\": a parked G has "
               "locked its channels already");
    if (g.grow == model::GSpec::Growth::Selunlock && g.op != model::GOp::Select)
        r.fail(t.get("grow"),
               "grow = \"selunlock\" needs op = \"select\": only selectgo calls selunlock");
    const toml::array* cases = r.array(t, "cases");
    if (!cases || cases->empty())
        r.fail(&t, "[g] needs cases = [{ chan = \"c\", into = \"x\" }, ...]");
    for (const toml::node& n : *cases) {
        const toml::table& c = r.element_table(n, "case");
        r.only_keys(c, {"chan", "into", "from", "dir"}, "a case");
        const std::string dflt = g.op == model::GOp::Send ? "send" : "recv";
        const std::string dir = r.string(c, "dir", dflt, "a case");
        if (dir != "recv" && dir != "send")
            r.fail(c.get("dir"), fmt::format("dir = \"{}\": expected \"recv\" or \"send\"", dir));
        model::CaseSpec cs;
        cs.chan = r.string(c, "chan", std::nullopt, "a case");
        cs.dir = dir == "recv" ? model::Dir::Recv : model::Dir::Send;
        cs.line = Reader::line_of(c);
        if (cs.dir == model::Dir::Recv) {
            if (c.get("from")) r.fail(c.get("from"), "a receive case takes \"into\", not \"from\"");
            cs.into = r.string(c, "into", "", "a case");
        } else {
            if (c.get("into")) r.fail(c.get("into"), "a send case takes \"from\", not \"into\"");
            cs.from = r.string(c, "from", std::nullopt, "a send case");
        }
        if (g.op != model::GOp::Select &&
            (cs.dir == model::Dir::Send) != (g.op == model::GOp::Send))
            r.fail(&c, fmt::format("op = \"{}\" takes a {} case", op,
                                   g.op == model::GOp::Send ? "send" : "receive"));
        g.cases.push_back(std::move(cs));
    }
    if (g.op != model::GOp::Select && g.cases.size() != 1)
        r.fail(t.get("cases"), fmt::format("op = \"{}\" takes exactly one case", op));
    if (g.cases.size() > 8) r.fail(t.get("cases"), "at most 8 cases");
}

// check_actor_name refuses a reserved name and a name another sender, receiver or closer
// already has: traces name actors, so actor names are unique across kinds.
void check_actor_name(const Reader& r, const toml::table& t, const model::Spec& spec,
                      const std::string& name, std::string_view kind) {
    if (name == "shrinker" || name == "G")
        r.fail(t.get("name"), fmt::format("{} name \"{}\" is reserved", kind, name));
    const auto taken = [&](const auto& actors) {
        return std::any_of(actors.begin(), actors.end(),
                           [&](const auto& o) { return o.name == name; });
    };
    if (taken(spec.senders) || taken(spec.receivers) || taken(spec.closers))
        r.fail(t.get("name"), fmt::format("actor \"{}\" is declared twice", name));
}

// start = "running" (default: explored from the first step) or "early" (runs alone before G).
bool parse_start(const Reader& r, const toml::table& t, const std::string& where) {
    const std::string start = r.string(t, "start", "running", where);
    if (start != "early" && start != "running")
        r.fail(t.get("start"),
               fmt::format("start = \"{}\": expected \"running\" or \"early\"", start));
    return start == "early";
}

void parse_receivers(const Reader& r, const toml::table& root, model::Spec& spec) {
    const toml::array* arr = r.array(root, "receiver");
    if (!arr) return;
    if (arr->size() > 8) r.fail(root.get("receiver"), "at most 8 receivers");
    for (const toml::node& n : *arr) {
        const toml::table& t = r.element_table(n, "[[receiver]]");
        r.only_keys(t, {"name", "chan", "start", "may_end_parked"}, "[[receiver]]");
        model::ReceiverSpec rs;
        rs.line = Reader::line_of(t);
        rs.name = r.string(t, "name", std::nullopt, "[[receiver]]");
        rs.chan = r.string(t, "chan", std::nullopt, "[[receiver]]");
        rs.start_early = parse_start(r, t, "[[receiver]]");
        rs.may_end_parked = r.boolean(t, "may_end_parked", true);
        check_actor_name(r, t, spec, rs.name, "receiver");
        spec.receivers.push_back(std::move(rs));
    }
}

void parse_closers(const Reader& r, const toml::table& root, model::Spec& spec) {
    const toml::array* arr = r.array(root, "closer");
    if (!arr) return;
    if (arr->size() > 4) r.fail(root.get("closer"), "at most 4 closers");
    for (const toml::node& n : *arr) {
        const toml::table& t = r.element_table(n, "[[closer]]");
        r.only_keys(t, {"name", "chan", "start"}, "[[closer]]");
        model::CloserSpec cs;
        cs.line = Reader::line_of(t);
        cs.name = r.string(t, "name", std::nullopt, "[[closer]]");
        cs.chan = r.string(t, "chan", std::nullopt, "[[closer]]");
        cs.start_early = parse_start(r, t, "[[closer]]");
        check_actor_name(r, t, spec, cs.name, "closer");
        spec.closers.push_back(std::move(cs));
    }
}

void parse_senders(const Reader& r, const toml::table& root, model::Spec& spec) {
    const toml::array* arr = r.array(root, "sender");
    if (!arr) return;
    if (arr->size() > 16) r.fail(root.get("sender"), "at most 16 senders");
    for (const toml::node& n : *arr) {
        const toml::table& t = r.element_table(n, "[[sender]]");
        r.only_keys(t, {"name", "chan", "value", "start", "may_end_parked"}, "[[sender]]");
        model::SenderSpec s;
        s.line = Reader::line_of(t);
        s.name = r.string(t, "name", std::nullopt, "[[sender]]");
        s.chan = r.string(t, "chan", std::nullopt, "[[sender]]");
        s.may_end_parked = r.boolean(t, "may_end_parked", true);
        s.start_early = parse_start(r, t, "[[sender]]");
        if (const toml::array* v = r.array(t, "value")) {
            for (const toml::node& w : *v) {
                if (!w.is_integer() || w.as_integer()->get() < 0 ||
                    w.as_integer()->get() >= sim::kMaxPlainValue)
                    r.fail(&w, fmt::format("value words must be integers 0..{}",
                                           sim::kMaxPlainValue - 1));
                s.value.push_back(static_cast<sim::Word>(w.as_integer()->get()));
            }
        }
        check_actor_name(r, t, spec, s.name, "sender");
        spec.senders.push_back(std::move(s));
    }
}

void parse_expect(const Reader& r, const toml::table& root, Scenario& s) {
    const toml::node* n = root.get("expect");
    if (!n) return;
    if (!n->is_table()) r.fail(n, "\"expect\" must be a table");
    for (auto&& [k, v] : *n->as_table()) {
        const std::string name(k.str());
        if (!model::find_variant(name))
            r.fail(&v, fmt::format("unknown variant \"{}\" (expected one of: {})", name,
                                   model::variant_names()));
        Expectation e;
        e.line = Reader::line_of(v);
        if (v.is_string()) {
            if (v.as_string()->get() != "verified")
                r.fail(&v,
                       fmt::format("{} = \"{}\": expected \"verified\" or a list of property ids",
                                   name, v.as_string()->get()));
        } else if (v.is_array() && !v.as_array()->empty()) {
            e.verified = false;
            for (const toml::node& p : *v.as_array()) {
                const auto id =
                    p.is_string() ? property_by_name(p.as_string()->get()) : std::nullopt;
                if (!id)
                    r.fail(&p,
                           fmt::format("unknown property {} (expected one of: {})",
                                       p.is_string() ? "\"" + p.as_string()->get() + "\"" : "value",
                                       property_names()));
                e.properties.push_back(*id);
            }
            std::sort(e.properties.begin(), e.properties.end());
            e.properties.erase(std::unique(e.properties.begin(), e.properties.end()),
                               e.properties.end());
        } else {
            r.fail(&v, fmt::format("{}: expected \"verified\" or a non-empty list of property ids",
                                   name));
        }
        s.expect.emplace_back(name, std::move(e));
    }
}

}  // namespace

std::string Expectation::to_string() const {
    if (verified) return "verified";
    return property_list(properties);
}

Expectation Scenario::expected_for(const std::string& variant) const {
    for (const auto& [name, e] : expect)
        if (name == variant) return e;
    return Expectation{};
}

namespace {
// The growth point as canonical_spec has always written it (a bool before growth points).
std::string_view growth_name(model::GSpec::Growth g) {
    switch (g) {
        case model::GSpec::Growth::None: return "false";
        case model::GSpec::Growth::Gopark: return "true";
        case model::GSpec::Growth::SellockWakeup: return "sellock-wakeup";
        case model::GSpec::Growth::Sellock: return "sellock";
        case model::GSpec::Growth::Selunlock: return "selunlock";
    }
    return "false";
}
}  // namespace

std::string canonical_spec(const model::Spec& spec) {
    std::string out =
        fmt::format("stack {} {} {} {}\n", spec.stack.words, spec.stack.new_words,
                    spec.stack.new_below ? "below" : "above", static_cast<int>(spec.stack.fresh));
    for (const model::FrameSpec& f : spec.stack.frames) {
        out += fmt::format("frame {}\n", f.func);
        for (const model::LocalSpec& l : f.locals)
            out += fmt::format("local {} {} {} {}\n", l.name, static_cast<int>(l.kind), l.target,
                               l.value);
    }
    for (const model::ChanSpec& c : spec.chans)
        out += fmt::format("chan {} {} {}\n", c.name, c.elem, c.buffer);
    out += fmt::format("g {} {} {} {}\n", static_cast<int>(spec.g.op), spec.g.start_parked,
                       spec.g.may_end_parked, growth_name(spec.g.grow));
    for (const model::CaseSpec& c : spec.g.cases)
        out += fmt::format("case {} {} {} {}\n", c.chan, static_cast<int>(c.dir), c.into, c.from);
    for (const model::SenderSpec& s : spec.senders) {
        out += fmt::format("sender {} {} {} {}", s.name, s.chan, s.may_end_parked, s.start_early);
        for (sim::Word v : s.value) out += fmt::format(" {}", v);
        out += "\n";
    }
    for (const model::ReceiverSpec& rs : spec.receivers)
        out += fmt::format("receiver {} {} {} {}\n", rs.name, rs.chan, rs.start_early,
                           rs.may_end_parked);
    for (const model::CloserSpec& cl : spec.closers)
        out += fmt::format("closer {} {} {}\n", cl.name, cl.chan, cl.start_early);
    return out;
}

Scenario parse_scenario(const std::string& path, const std::string& text) {
    const Reader r(path);
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        input_error(path, static_cast<long>(e.source().begin.line), std::string(e.description()));
    }
    r.only_keys(root,
                {"title", "description", "stack", "chan", "g", "sender", "receiver", "closer",
                 "expect", "limits"},
                "the scenario");
    Scenario s;
    s.path = path;
    s.title = r.string(root, "title", "", "the scenario");
    s.description = r.string(root, "description", "", "the scenario");
    parse_stack(r, root, s.spec.stack);
    parse_chans(r, root, s.spec.chans);
    parse_g(r, root, s.spec.g);
    parse_senders(r, root, s.spec);
    parse_receivers(r, root, s.spec);
    parse_closers(r, root, s.spec);
    if (const auto p = validate(s.spec)) r.fail(p->line, p->message);
    if (const auto p = validate_start(s.spec, Reader::line_of(*root.get("g"))))
        r.fail(p->line, p->message);
    const std::string canon = canonical_spec(s.spec);
    s.content_hash = sim::hash128_hex(std::span<const unsigned char>(
        reinterpret_cast<const unsigned char*>(canon.data()), canon.size()));
    parse_expect(r, root, s);
    if (const toml::node* l = root.get("limits")) {
        if (!l->is_table()) r.fail(l, "\"limits\" must be a table");
        r.only_keys(*l->as_table(), {"max_states"}, "[limits]");
        s.max_states = static_cast<std::uint64_t>(r.integer(
            *l->as_table(), "max_states", std::nullopt, 1, std::int64_t{1} << 40, "[limits]"));
    }
    return s;
}

Scenario load_scenario(const std::string& path) {
    return parse_scenario(path, read_input_file(path, kScenarioFile));
}

}  // namespace stackrace::checker
