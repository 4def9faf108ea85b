#include "checker/report/replay_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "model/actors.h"
#include "model/go_lines.h"
#include "model/runtime_structs.h"
#include "model/throws.h"
#include "sim/assert.h"
#include "sim/exec.h"

namespace stackrace::checker {
namespace {

const char* access_verb(sim::AccessKind k) {
    switch (k) {
        case sim::AccessKind::Read: return "read";
        case sim::AccessKind::Write: return "write";
        case sim::AccessKind::Cas: return "cas";
        case sim::AccessKind::Lock: return "lock";
        case sim::AccessKind::Unlock: return "unlock";
    }
    return "access";
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string quoted(std::string_view statement) { return fmt::format("`{}`", statement); }

// Where a pointer value lands, when it is a word the views draw (a stack word or a sudog
// field): its printed address; else "".
std::string target_of(const model::Model& m, sim::Word v) {
    const auto r = m.layout().map().region_of(v);
    if (!r) return "";
    if (m.layout().is_stack_region(*r))
        return addr_name(m.layout(), v).substr(0, addr_name(m.layout(), v).find(' '));
    const std::string sym = symbol(m.layout(), v);
    return sym.rfind("sudog(", 0) == 0 ? sym : "";
}

WordView word_view(const model::Model& m, const sim::World& w, sim::Addr a) {
    WordView v;
    const std::string full = addr_name(m.layout(), a);
    const auto space = full.find(" (");
    v.addr = space == std::string::npos ? full : full.substr(0, space);
    if (space != std::string::npos) v.name = full.substr(space + 2, full.size() - space - 3);
    v.value = value_at(m.layout(), a, w.mem(a));
    v.pointer = is_pointer_slot(m.layout(), a);
    if (v.pointer && w.mem(a) != 0) v.target = target_of(m, w.mem(a));
    return v;
}

// struct_name: "sudog(G#0)" for the address of a structure's first word (its symbol names
// the field: "sudog(G#0).g").
std::string struct_name(const model::Model& m, sim::Addr a) {
    const std::string sym = symbol(m.layout(), a);
    if (sym.empty()) return addr_name(m.layout(), a);
    const auto dot = sym.rfind('.');
    return dot == std::string::npos || sym.find('(') == std::string::npos ? sym
                                                                          : sym.substr(0, dot);
}

std::vector<std::string> queue_of(const model::Model& m, const sim::World& w, sim::Addr first) {
    std::vector<std::string> out;
    sim::Addr sg = static_cast<sim::Addr>(w.mem(first));
    // Bounded: a queue cannot hold more sudogs than the heap has words.
    for (std::size_t guard = 0; sg != 0 && guard < m.shape().memory_words; ++guard) {
        out.push_back(struct_name(m, sg));
        if (!m.layout().map().region_of(sg)) break;
        sg = static_cast<sim::Addr>(w.mem(sg + model::sudog_field::kNext));
    }
    return out;
}

std::vector<sim::Addr> all_sudogs(const model::Model& m) {
    std::vector<sim::Addr> out;
    for (const model::CaseInfo& c : m.layout().cases())
        if (c.sudog) out.push_back(c.sudog);
    for (const model::SenderInfo& s : m.layout().senders())
        if (s.sudog) out.push_back(s.sudog);
    for (const model::ReceiverInfo& r : m.layout().receivers())
        if (r.sudog) out.push_back(r.sudog);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The latest step before `before` (1-based, exclusive) that changed word a.
std::optional<std::pair<std::size_t, WordChange>> last_write(const ReplayResult& r, sim::Addr a,
                                                             std::size_t before) {
    for (std::size_t i = before - 1; i-- > 0;)
        for (const WordChange& c : r.steps[i].changes)
            if (c.addr == a) return std::pair{i + 1, c};
    return std::nullopt;
}

struct Cause {
    std::size_t step = 0;            // the violating step, 1-based
    std::optional<sim::Addr> word;   // the word the violation is about
    std::optional<sim::Access> key;  // the violating step's access to it
    std::optional<std::pair<std::size_t, sim::Access>> pointer_read;  // the read that led there
    std::optional<std::pair<std::size_t, WordChange>>
        pointer_changed;                                            // the pointer changed after it
    std::optional<std::pair<std::size_t, WordChange>> last_writer;  // of the word
    std::optional<std::pair<std::size_t, WordChange>>
        twin_writer;           // of the same slot on the other stack
    std::size_t freed_at = 0;  // the step that freed its region
};

// followed_word: the word an explanation follows back through the replay: the violation's main
// word (Violation::words) when the steps' writes tell its story, a word of a stack or a
// receiver's slot, or the word whose check made a goroutine throw (the violating step read
// it; its last writer is the cause); another sudog field or a lock word is explained from the
// violating step alone.
std::optional<sim::Addr> followed_word(const model::Model& m, const Violation& v) {
    if (v.words.empty()) return std::nullopt;
    const sim::Addr a = v.words.front();
    if (v.property == PropertyId::RuntimeThrow) return a;
    const auto r = m.layout().map().region_of(a);
    if (r && m.layout().is_stack_region(*r)) return a;
    for (const model::ReceiverInfo& rv : m.layout().receivers())
        if (a >= rv.slot && a < rv.slot + m.layout().elem_words(rv.chan)) return a;
    return std::nullopt;
}

// twin_of: the same slot of G's frames on the other stack (old <-> new), where a copy race
// leaves the value the violated word should hold.
std::optional<sim::Addr> twin_of(const model::Model& m, sim::Addr a) {
    const auto r = m.layout().map().region_of(a);
    if (!r || (*r != m.layout().old_stack() && *r != m.layout().new_stack())) return std::nullopt;
    const sim::Region& here = m.layout().map().region(*r);
    const sim::Region& there =
        *r == m.layout().old_stack() ? m.layout().new_region() : m.layout().old_region();
    const long off = static_cast<long>(a) - static_cast<long>(here.hi() - m.layout().used());
    if (off < 0) return std::nullopt;
    return static_cast<sim::Addr>(static_cast<long>(there.hi() - m.layout().used()) + off);
}

// find_cause picks the word the violation is about (its followed word, else the violating
// step's freed access, first write or CAS, or first access) and the steps that led to it.
Cause find_cause(const model::Model& m, const ReplayResult& r, const Violation& v) {
    Cause c;
    c.step = r.violation_step;
    if (c.step == 0 || c.step > r.steps.size()) return c;
    const ReplayedStep& st = r.steps[c.step - 1];
    const auto pick = [&](auto pred) -> std::optional<sim::Access> {
        for (const sim::Access& a : st.accesses)
            if (pred(a)) return a;
        return std::nullopt;
    };
    c.word = followed_word(m, v);
    if (c.word) c.key = pick([&](const sim::Access& a) { return a.addr == *c.word; });
    if (!c.word) {
        c.key = pick([](const sim::Access& a) { return a.freed; });
        if (!c.key)
            c.key = pick([](const sim::Access& a) {
                return a.kind == sim::AccessKind::Write || a.kind == sim::AccessKind::Cas;
            });
        if (!c.key) c.key = pick([](const sim::Access&) { return true; });
        if (c.key) c.word = c.key->addr;
    }
    if (!c.word) return c;
    const sim::Addr addr = *c.word;
    if (c.key && (c.key->kind == sim::AccessKind::Lock || c.key->kind == sim::AccessKind::Unlock))
        return c;
    c.last_writer = last_write(r, addr, c.step);
    if (const auto twin = twin_of(m, addr)) {
        c.twin_writer = last_write(r, *twin, c.step + 1);
        if (c.twin_writer && c.last_writer &&
            r.steps[c.twin_writer->first - 1].actor == r.steps[c.last_writer->first - 1].actor)
            c.twin_writer.reset();  // the same copier on both sides: no competing write
    }
    if (c.key && c.key->freed)
        for (std::size_t i = c.step; i-- > 0 && !c.freed_at;)
            for (const std::string& e : r.steps[i].region_events)
                if (e.find("freed") != std::string::npos) c.freed_at = i + 1;
    // The pointer the actor followed: its latest earlier read that returned this address.
    for (std::size_t i = c.step - 1; i-- > 0 && !c.pointer_read;) {
        if (r.steps[i].actor != st.actor) continue;
        for (const sim::Access& a : r.steps[i].accesses)
            if (a.kind == sim::AccessKind::Read && a.after == addr &&
                is_pointer_slot(m.layout(), a.addr)) {
                c.pointer_read = std::pair{i + 1, a};
                break;
            }
    }
    if (c.pointer_read)
        for (std::size_t i = c.pointer_read->first; i < c.step - 1 && !c.pointer_changed; ++i)
            for (const WordChange& ch : r.steps[i].changes)
                if (ch.addr == c.pointer_read->second.addr && r.steps[i].actor != st.actor) {
                    c.pointer_changed = std::pair{i + 1, ch};
                    break;
                }
    return c;
}

}  // namespace

std::string go_location(model::Site s) {
    const model::GoSite& g = model::go_site(s);
    if (g.go_line_no == 0) return std::string(g.go_file);
    return fmt::format("{}:{}{}", g.go_file, g.go_line_approx ? "~" : "", g.go_line_no);
}

StepLocation step_location(model::Site s, const model::Variant& v) {
    const model::GoSite& g = model::go_site(s);
    const std::optional<std::string_view> release = model::go_release(v);
    if (!release) return {go_location(s), g.go_function};
    if (const auto l = model::go_line(s, *release))
        return {fmt::format("{}:{}", l->file, l->line), l->function};
    return {std::string(g.go_file), g.go_function};
}

std::string describe_change(const model::Model& m, const WordChange& c) {
    return fmt::format("{}: {} -> {}", addr_name(m.layout(), c.addr),
                       value_at(m.layout(), c.addr, c.before),
                       value_at(m.layout(), c.addr, c.after));
}

StepColumns::StepColumns(const model::Model& m, const ReplayResult& r) : m_(m), r_(r) {
    for (const model::ActorInfo& a : m.actors()) widths_.push_back(a.name.size());
    for (const ReplayedStep& st : r.steps) {
        widths_[st.actor] = std::max(widths_[st.actor], model::go_site(st.site).label.size());
        statement_width_ = std::max(statement_width_, model::go_site(st.site).go_line.size() + 2);
    }
}

std::string StepColumns::header() const {
    std::string out = fmt::format("{:>5}  ", "step");
    for (std::size_t a = 0; a < widths_.size(); ++a)
        out += pad(m_.actors()[a].name, widths_[a]) + " | ";
    return out + fmt::format("{:<34} {:<{}}  {}\n", "Go source", "statement", statement_width_,
                             "words changed (old -> new)");
}

std::string StepColumns::row(std::size_t i, bool verbose) const {
    const ReplayedStep& st = r_.steps[i];
    const model::GoSite& site = model::go_site(st.site);
    std::string out;
    if (i > 0 && r_.steps[i - 1].actor != st.actor) {
        // A context switch: a rule across the columns, so the runs of one actor stand out.
        std::string rule = fmt::format("{:>5}  ", "");
        for (std::size_t a = 0; a < widths_.size(); ++a)
            rule += std::string(widths_[a], '-') + "-+-";
        out += rule + fmt::format(" switch: {} -> {}\n", m_.actors()[r_.steps[i - 1].actor].name,
                                  m_.actors()[st.actor].name);
    }
    std::string changes;
    for (const WordChange& c : st.changes)
        changes += (changes.empty() ? "" : "; ") + describe_change(m_, c);
    for (const std::string& e : st.region_events) changes += (changes.empty() ? "" : "; ") + e;
    out += fmt::format("{:>5}  ", i + 1);
    for (std::size_t a = 0; a < widths_.size(); ++a)
        out += pad(a == st.actor ? std::string(site.label) : std::string(), widths_[a]) + " | ";
    const StepLocation where = step_location(st.site, m_.variant());
    out += fmt::format("{:<34} {:<{}}  {}\n", fmt::format("{} {}", where.loc, where.function),
                       quoted(site.go_line), statement_width_, changes.empty() ? "-" : changes);
    if (verbose) {
        for (const sim::Access& a : st.accesses)
            out += fmt::format(
                "{:>5}    {} {} = {}{}\n", "", access_verb(a.kind), addr_name(m_.layout(), a.addr),
                value_at(m_.layout(), a.addr, a.after), a.freed ? "  (FREED MEMORY)" : "");
    }
    return out;
}

StateView view_state(const model::Model& m, const sim::World& w) {
    StateView v;
    std::vector<sim::Addr> locks;
    for (unsigned c = 0; c < m.spec().chans.size(); ++c)
        locks.push_back(m.layout().hchan(c) + model::hchan_field::kLock);
    for (std::size_t ai = 0; ai < m.actors().size(); ++ai) {
        const auto a = static_cast<sim::ActorId>(ai);
        const model::Peek p = model::peek(m, w, a);
        ActorView av;
        av.name = m.actors()[a].name;
        av.pc = p.status == model::PeekStatus::Finished ? "finished"
                                                        : std::string(model::go_site(p.site).label);
        const auto threw = model::thrown(w, a);
        if (threw) {
            av.pc = model::go_site(model::Site::throw_fatal_error).label;
            av.status = fmt::format("threw \"{}\"", model::throw_info(*threw).text);
        } else if (p.status == model::PeekStatus::Enabled)
            av.status = "runnable";
        else if (p.status == model::PeekStatus::Finished)
            av.status = "finished";
        else if (p.wait == model::WaitKind::Lock)
            av.status = "blocked on " + addr_name(m.layout(), p.wait_addr);
        else if (p.wait == model::WaitKind::Wakeup)
            av.status = "parked (waits for goready)";
        else if (p.wait == model::WaitKind::GStatus)
            av.status = "waits for " + addr_name(m.layout(), p.wait_addr) + " to change";
        else
            av.status = "blocked";
        for (sim::Addr l : locks)
            if (w.mem(l) == sim::lock_word_for(a)) av.locks.push_back(addr_name(m.layout(), l));
        v.actors.push_back(std::move(av));
    }
    for (unsigned c = 0; c < m.spec().chans.size(); ++c) {
        namespace hf = model::hchan_field;
        const sim::Addr h = m.layout().hchan(c);
        ChanView cv;
        cv.name = m.spec().chans[c].name;
        const sim::Word holder = w.mem(h + hf::kLock);
        cv.lock = holder == 0 ? "free"
                              : "held by " + (std::size_t{holder} - 1 < m.actors().size()
                                                  ? m.actors()[std::size_t{holder} - 1].name
                                                  : std::string("?"));
        cv.recvq = queue_of(m, w, h + hf::kRecvqFirst);
        cv.sendq = queue_of(m, w, h + hf::kSendqFirst);
        cv.detail = fmt::format("{}{}/{} buffered", w.mem(h + hf::kClosed) ? "closed, " : "",
                                w.mem(h + hf::kQcount), w.mem(h + hf::kDataqsiz));
        v.chans.push_back(std::move(cv));
    }
    std::vector<sim::RegionId> stacks{m.layout().old_stack(), m.layout().new_stack()};
    if (m.layout().grown_stack()) stacks.push_back(*m.layout().grown_stack());
    for (sim::RegionId id : stacks) {
        const sim::Region& reg = m.layout().map().region(id);
        RegionView rv;
        rv.name = reg.name;
        rv.state = w.region_state(id) == sim::RegionState::Free ? "free" : "allocated";
        for (sim::Addr a = static_cast<sim::Addr>(reg.hi()); a-- > reg.lo;)
            rv.words.push_back(word_view(m, w, a));
        v.stacks.push_back(std::move(rv));
    }
    for (sim::Addr sg : all_sudogs(m)) {
        SudogView sv;
        sv.name = struct_name(m, sg);
        for (sim::Addr f = 0; f < m.layout().sudog_words(); ++f)
            sv.fields.push_back(word_view(m, w, sg + f));
        v.sudogs.push_back(std::move(sv));
    }
    return v;
}

std::string format_state(const StateView& v) {
    std::string out = "actors:\n";
    for (const ActorView& a : v.actors)
        out += fmt::format(
            "  {:<10} {:<35} {}{}\n", a.name, a.pc == "finished" ? std::string() : "at " + a.pc,
            a.status, a.locks.empty() ? "" : fmt::format("; holds {}", fmt::join(a.locks, ", ")));
    out += "channels:\n";
    const auto queue = [](const std::vector<std::string>& q) {
        return q.empty() ? std::string("empty") : fmt::format("{}", fmt::join(q, " -> "));
    };
    for (const ChanView& c : v.chans)
        out += fmt::format("  {:<10} lock {}; recvq {}; sendq {}; {}\n", c.name, c.lock,
                           queue(c.recvq), queue(c.sendq), c.detail);
    for (const RegionView& r : v.stacks) {
        out += fmt::format("stack {} ({}):\n", r.name, r.state);
        for (const WordView& w : r.words)
            out += fmt::format("  {:<10} {:<12} {}\n", w.addr, w.name, w.value);
    }
    out += "sudogs:\n";
    for (const SudogView& s : v.sudogs) {
        std::string fields;
        for (const WordView& f : s.fields) {
            const std::string field = f.addr.substr(f.addr.rfind('.') + 1);
            fields += fmt::format("{}{}={}", fields.empty() ? "" : " ", field, f.value);
        }
        out += fmt::format("  {:<16} {}\n", s.name, fields);
    }
    return out;
}

std::vector<sim::World> worlds_along(const model::Model& m, std::size_t root,
                                     std::span<const ReplayedStep> steps) {
    std::vector<sim::World> out{m.roots().at(root).world};
    sim::AccessLog log;
    for (const ReplayedStep& st : steps) {
        sim::World w = out.back();
        SR_ASSERT(model::peek(m, w, st.actor).status == model::PeekStatus::Enabled);
        model::step(m, w, st.actor, log);
        out.push_back(std::move(w));
    }
    return out;
}

std::string explain_violation(const model::Model& m, const ReplayResult& r, const Violation& v) {
    const Cause c = find_cause(m, r, v);
    if (c.step == 0 || c.step > r.steps.size()) return "the initial state already violates it";
    const ReplayedStep& st = r.steps[c.step - 1];
    const std::string& who = m.actors()[st.actor].name;
    const auto name_of = [&](std::size_t step) { return m.actors()[r.steps[step - 1].actor].name; };
    std::string out;
    if (c.pointer_read) {
        const sim::Access& a = c.pointer_read->second;
        out += fmt::format("{} read {} = {} at step {}", who, addr_name(m.layout(), a.addr),
                           value_at(m.layout(), a.addr, a.after), c.pointer_read->first);
        if (c.pointer_changed)
            out += fmt::format(" before {} changed it to {} at step {}",
                               name_of(c.pointer_changed->first),
                               value_at(m.layout(), c.pointer_changed->second.addr,
                                        c.pointer_changed->second.after),
                               c.pointer_changed->first);
        out += "; ";
    }
    if (!c.word)
        return out +
               fmt::format("at step {} {} took {}", c.step, who, model::go_site(st.site).label);
    const std::string where =
        addr_name(m.layout(), *c.word) + (c.key && c.key->freed ? " (freed memory)" : "");
    if (!c.key) {
        out += fmt::format("at step {} {} found {} = {}", c.step, who, where,
                           value_at(m.layout(), *c.word, r.final_world.mem(*c.word)));
    } else {
        const sim::Access& k = *c.key;
        switch (k.kind) {
            case sim::AccessKind::Write:
                out += fmt::format("at step {} {} wrote {} into {}", c.step, who,
                                   value_at(m.layout(), k.addr, k.after), where);
                break;
            case sim::AccessKind::Cas:
                out += fmt::format("at step {} {} CASed {} to {}", c.step, who, where,
                                   value_at(m.layout(), k.addr, k.after));
                break;
            case sim::AccessKind::Read:
                out += fmt::format("at step {} {} read {} = {}", c.step, who, where,
                                   value_at(m.layout(), k.addr, k.after));
                break;
            default:
                return out + fmt::format("at step {} {} took {} ({} {})", c.step, who,
                                         model::go_site(st.site).label, access_verb(k.kind), where);
        }
    }
    if (c.freed_at)
        out += fmt::format(", memory {} freed at step {}", name_of(c.freed_at), c.freed_at);
    else if (c.last_writer)
        out += fmt::format(", last written by {} at step {} ({})", name_of(c.last_writer->first),
                           c.last_writer->first, describe_change(m, c.last_writer->second));
    if (c.twin_writer && !c.freed_at)
        out += fmt::format(
            ", while {} wrote {} into {} at step {}", name_of(c.twin_writer->first),
            value_at(m.layout(), c.twin_writer->second.addr, c.twin_writer->second.after),
            addr_name(m.layout(), c.twin_writer->second.addr), c.twin_writer->first);
    return out;
}

std::vector<std::size_t> cause_steps(const model::Model& m, const ReplayResult& r,
                                     const Violation& v) {
    const Cause c = find_cause(m, r, v);
    std::vector<std::size_t> out;
    if (c.step == 0 || c.step > r.steps.size()) return out;
    out.push_back(c.step);
    if (c.pointer_read) out.push_back(c.pointer_read->first);
    if (c.pointer_changed) out.push_back(c.pointer_changed->first);
    if (c.last_writer) out.push_back(c.last_writer->first);
    if (c.twin_writer && !c.freed_at) out.push_back(c.twin_writer->first);
    if (c.freed_at) out.push_back(c.freed_at);
    std::sort(out.begin() + 1, out.end());
    out.erase(std::unique(out.begin() + 1, out.end()), out.end());
    return out;
}

}  // namespace stackrace::checker
