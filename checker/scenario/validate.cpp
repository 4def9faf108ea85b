#include "checker/scenario/validate.h"

#include <fmt/format.h>

#include <vector>

#include "model/actors.h"
#include "model/model.h"
#include "model/variant.h"

namespace stackrace::checker {
namespace {

using model::LocalKind;

// Locals: every local of the stack, outermost frame first, with the frame each is in.
struct Locals {
    std::vector<const model::LocalSpec*> all;
    std::vector<unsigned> frame_of;

    explicit Locals(const model::StackSpec& stack) {
        for (unsigned f = 0; f < stack.frames.size(); ++f)
            for (const model::LocalSpec& l : stack.frames[f].locals) {
                all.push_back(&l);
                frame_of.push_back(f);
            }
    }
    // find returns the index of the first local called name, or -1.
    [[nodiscard]] int find(const std::string& name) const {
        for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i]->name == name) return static_cast<int>(i);
        return -1;
    }
};

const model::ChanSpec* find_chan(const model::Spec& spec, const std::string& name) {
    for (const model::ChanSpec& c : spec.chans)
        if (c.name == name) return &c;
    return nullptr;
}

std::string chan_list(const model::Spec& spec) {
    std::string s;
    for (const model::ChanSpec& c : spec.chans) s += (s.empty() ? "" : ", ") + c.name;
    return s;
}

// check_local_names: no two locals share a name (a pointer or a case names one).
std::optional<Problem> check_local_names(const model::Spec&, const Locals& locals) {
    for (std::size_t i = 0; i < locals.all.size(); ++i)
        for (std::size_t o = 0; o < i; ++o)
            if (locals.all[o]->name == locals.all[i]->name)
                return Problem{locals.all[i]->line,
                               fmt::format("local \"{}\" is declared twice", locals.all[i]->name)};
    return std::nullopt;
}

// check_frames: every pointer local points to a local, and selectgo's done word is there
// exactly when G selects.
std::optional<Problem> check_frames(const model::Spec& spec, const Locals& locals) {
    int selectdone = 0;
    for (const model::LocalSpec* l : locals.all) {
        if (l->kind == LocalKind::Ptr && locals.find(l->target) < 0)
            return Problem{
                l->line, fmt::format("local \"{}\" points to \"{}\", which is not a local", l->name,
                                     l->target)};
        if (l->kind == LocalKind::SelectDone) ++selectdone;
    }
    if (spec.g.op == model::GOp::Select && selectdone != 1)
        return Problem{
            spec.stack.frames.front().line,
            "a select needs exactly one local of kind \"selectdone\" (selectgo's done word)"};
    if (spec.g.op == model::GOp::Recv && selectdone != 0)
        return Problem{spec.stack.frames.front().line,
                       "a plain receive has no \"selectdone\" local"};
    return std::nullopt;
}

// check_case_words: the locals a case receives into (or sends from) start at `slot`, lie in
// one frame and have the kinds of the channel's element words.
std::optional<Problem> check_case_words(const model::CaseSpec& cs, const model::ChanSpec& c,
                                        const std::string& name, int slot, const Locals& locals) {
    const auto first = static_cast<std::size_t>(slot);
    for (unsigned j = 0; j < c.elem_words(); ++j) {
        const std::size_t i = first + j;
        if (i >= locals.all.size() || locals.frame_of[i] != locals.frame_of[first])
            return Problem{cs.line,
                           fmt::format("\"{}\" must start {} consecutive locals of one frame (elem "
                                       "\"{}\")",
                                       name, c.elem_words(), c.elem)};
        const LocalKind want = c.elem[j] == 'p' ? LocalKind::Ptr : LocalKind::Int;
        if (locals.all[i]->kind != want)
            return Problem{locals.all[i]->line,
                           fmt::format("local \"{}\" receives word {} of a \"{}\" element: it "
                                       "must be of kind \"{}\"",
                                       locals.all[i]->name, j, c.elem,
                                       want == LocalKind::Ptr ? "ptr" : "int")};
    }
    return std::nullopt;
}

// check_cases: each of G's cases is on a declared channel, G sends no pointer words, and the
// locals it names fit the channel's element.
std::optional<Problem> check_cases(const model::Spec& spec, const Locals& locals) {
    for (const model::CaseSpec& cs : spec.g.cases) {
        const model::ChanSpec* c = find_chan(spec, cs.chan);
        if (!c)
            return Problem{cs.line, fmt::format("case on unknown channel \"{}\" (channels: {})",
                                                cs.chan, chan_list(spec))};
        const bool send = cs.dir == model::Dir::Send;
        if (send && c->elem.find('p') != std::string::npos)
            return Problem{
                cs.line,
                fmt::format(
                    "G sends on \"{}\", whose element \"{}\" has pointer words: a sent value never "
                    "points into a stack, and G's locals only point into its own (use i words)",
                    c->name, c->elem)};
        const std::string& name = send ? cs.from : cs.into;
        if (name.empty()) continue;
        const int slot = locals.find(name);
        if (slot < 0)
            return Problem{cs.line, fmt::format("case {} \"{}\", which is not a local",
                                                send ? "sends from" : "receives into", name)};
        if (auto p = check_case_words(cs, *c, name, slot, locals)) return p;
    }
    return std::nullopt;
}

// check_receivers: each receiver receives on a declared channel.
std::optional<Problem> check_receivers(const model::Spec& spec, const Locals&) {
    for (const model::ReceiverSpec& rs : spec.receivers)
        if (!find_chan(spec, rs.chan))
            return Problem{
                rs.line,
                fmt::format("receiver \"{}\" receives on unknown channel \"{}\" (channels: {})",
                            rs.name, rs.chan, chan_list(spec))};
    return std::nullopt;
}

// check_closers: each closer closes a declared channel on which nobody sends: a send on a
// closed channel panics, which the model does not follow.
std::optional<Problem> check_closers(const model::Spec& spec, const Locals&) {
    for (const model::CloserSpec& cl : spec.closers) {
        if (!find_chan(spec, cl.chan))
            return Problem{cl.line,
                           fmt::format("closer \"{}\" closes unknown channel \"{}\" (channels: {})",
                                       cl.name, cl.chan, chan_list(spec))};
        for (const model::SenderSpec& s : spec.senders)
            if (s.chan == cl.chan)
                return Problem{
                    cl.line,
                    fmt::format(
                        "closer \"{}\" closes \"{}\", on which sender \"{}\" sends: a send on a "
                        "closed channel panics, which is not modelled",
                        cl.name, cl.chan, s.name)};
        for (const model::CaseSpec& cs : spec.g.cases)
            if (cs.chan == cl.chan && cs.dir == model::Dir::Send)
                return Problem{
                    cl.line,
                    fmt::format(
                        "closer \"{}\" closes \"{}\", on which G sends: a send on a closed channel "
                        "panics, which is not modelled",
                        cl.name, cl.chan)};
    }
    return std::nullopt;
}

// check_senders: each sender sends on a declared channel a value of its element's size
// whose pointer words are nil.
std::optional<Problem> check_senders(const model::Spec& spec, const Locals&) {
    for (const model::SenderSpec& s : spec.senders) {
        const model::ChanSpec* c = find_chan(spec, s.chan);
        if (!c)
            return Problem{
                s.line, fmt::format("sender \"{}\" sends on unknown channel \"{}\" (channels: {})",
                                    s.name, s.chan, chan_list(spec))};
        if (!s.value.empty() && s.value.size() != c->elem_words())
            return Problem{s.line,
                           fmt::format("sender \"{}\": value has {} words but elem \"{}\" has {}",
                                       s.name, s.value.size(), c->elem, c->elem_words())};
        for (std::size_t j = 0; j < s.value.size(); ++j)
            if (c->elem[j] == 'p' && s.value[j] != 0)
                return Problem{
                    s.line,
                    fmt::format(
                        "sender \"{}\": word {} of the value is a pointer: it can only be 0 (nil); "
                        "omit value to send a heap pointer (a sent value never points into a "
                        "stack)",
                        s.name, j)};
    }
    return std::nullopt;
}

// check_actor_count: every goroutine has an actor id below 16 (closechan keeps the goroutines
// it will ready as one bit per actor id in a 16-bit register); the shrinker and G take two.
std::optional<Problem> check_actor_count(const model::Spec& spec, const Locals&) {
    constexpr std::size_t kMaxOthers = 14;
    std::vector<int> lines;
    for (const model::SenderSpec& x : spec.senders) lines.push_back(x.line);
    for (const model::ReceiverSpec& x : spec.receivers) lines.push_back(x.line);
    for (const model::CloserSpec& x : spec.closers) lines.push_back(x.line);
    if (lines.size() <= kMaxOthers) return std::nullopt;
    return Problem{lines[kMaxOthers],
                   fmt::format("{} senders, receivers and closers: the model holds at most {} "
                               "(16 actors with the shrinker and G)",
                               lines.size(), kMaxOthers)};
}

// check_stack_size: the frames fit in the stack, old and new, with goexit's word on top.
std::optional<Problem> check_stack_size(const model::Spec& spec, const Locals& locals) {
    if (locals.all.size() > 255)
        return Problem{spec.stack.frames.back().line, "at most 255 locals in all frames"};
    const auto used = static_cast<unsigned>(locals.all.size()) + 1;  // + goexit's word at the top
    if (spec.stack.words != 0 && spec.stack.words < used)
        return Problem{
            1,
            fmt::format(
                "[stack] words = {} is smaller than the {} words in use (the frames and goexit's)",
                spec.stack.words, used)};
    if (spec.stack.new_words != 0 && spec.stack.new_words < used)
        return Problem{
            1,
            fmt::format(
                "[stack] new_words = {} cannot hold the {} words in use (the frames and goexit's)",
                spec.stack.new_words, used)};
    return std::nullopt;
}

}  // namespace

std::optional<Problem> validate(const model::Spec& spec) {
    using Check = std::optional<Problem> (*)(const model::Spec&, const Locals&);
    // In this order: the first problem found is the one reported.
    constexpr Check kChecks[] = {check_local_names, check_frames,    check_cases,
                                 check_receivers,   check_closers,   check_senders,
                                 check_actor_count, check_stack_size};
    const Locals locals(spec.stack);
    for (const Check check : kChecks)
        if (auto p = check(spec, locals)) return p;
    return std::nullopt;
}

// validate_start: with start = "parked", the Model's initial World runs the early actors and
// then G alone until G parks, and asserts that it does (Model::run_until_parked): a G that
// cannot park alone (it finds a value ready and completes, or waits for a lock nobody will
// release) is the user's error, found here first. G is run alone the same way on a Model
// built with start = "running", whose initial World is the same World before G's first step.
std::optional<Problem> validate_start(const model::Spec& spec, int g_line) {
    if (!spec.g.start_parked) return std::nullopt;
    model::Spec running = spec;
    running.g.start_parked = false;
    const model::Model m(running, *model::find_variant("fix"));
    sim::World w = m.roots().initial();
    sim::AccessLog log;
    // Bounded as run_until_parked is: G's program has far fewer steps than this.
    for (int guard = 0; guard < 1000; ++guard) {
        const model::Peek p = model::peek(m, w, m.actors().g_actor());
        if (p.site == model::Site::schedule_execute) return std::nullopt;  // parked
        if (p.status != model::PeekStatus::Enabled) break;
        model::step(m, w, m.actors().g_actor(), log);
    }
    return Problem{
        g_line,
        "with start = \"parked\", G must block when it runs alone after the early actors, "
        "but it completes; use start = \"running\""};
}

}  // namespace stackrace::checker
