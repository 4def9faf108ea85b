#include "checker/search/explorer.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <thread>

#include "checker/judge/schedule_error.h"
#include "checker/judge/test_hook.h"
#include "checker/search/state_store.h"
#include "model/actors.h"
#include "sim/hash.h"

namespace stackrace::checker {
namespace {

constexpr std::uint32_t kNoParent = 0xffffffffu;

// DefaultInitAllocator leaves new vector elements uninitialised: the level buffers are resized
// and then filled by copies, so zeroing them first would be wasted work.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = DefaultInitAllocator<U>;
    };
    DefaultInitAllocator() = default;
    template <class U>
    explicit DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};
using WordBuffer = std::vector<sim::Word, DefaultInitAllocator<sim::Word>>;

// run_parallel runs fn(0) .. fn(n-1), fn(0) on the calling thread.
template <class Fn>
void run_parallel(std::size_t n, Fn fn) {
    std::vector<std::thread> threads;
    for (std::size_t j = 1; j < n; ++j) threads.emplace_back(fn, j);
    fn(0);
    for (std::thread& t : threads) t.join();
}
constexpr std::size_t kChunkStates = 8192;  // states expanded per parallel round

// One result of expanding a state, in the order a sequential search would meet it.
struct Entry {
    enum Kind : std::uint8_t { State, Violated } kind;
    sim::ActorId actor;     // the step's actor (Violated: kNoActor for a state property)
    std::uint32_t parent;   // the expanded state's index
    std::uint64_t hash;     // State: the successor's hash
    std::size_t words;      // State: offset of its words in the worker's buffer
    std::size_t violation;  // Violated: index into the worker's violations
};
constexpr sim::ActorId kNoActor = 0xff;

class Search;

// Worker expands a slice of a level; it reads only the model, its own buffers and (for the
// proviso of partial-order reduction) the visited set, which nobody writes meanwhile, so
// workers run in parallel without locks.

struct Worker {
    std::vector<Entry> entries;
    WordBuffer words;
    std::vector<std::uint64_t> comp_hashes;  // each State entry's component hashes, in entry order
    const StateComponents* comps = nullptr;
    std::vector<Violation> violations;
    std::uint64_t transitions = 0, final_states = 0;
    bool depth_cut = false;
    std::vector<model::Peek> peeks;
    std::vector<Violation> found;
    sim::AccessLog log;
    sim::World w, next;
    std::optional<Reducer> reducer;
    std::uint64_t reduced = 0;  // states where one step ran alone
    // An internal error met expanding state failed_state, in the step of failed_actor
    // (kNoActor: judging the state itself); the worker's slice stops there.
    std::optional<std::string> failure;
    std::uint32_t failed_state = 0;
    sim::ActorId stepping = kNoActor;  // the actor whose step is being run and judged

    void clear() {
        entries.clear();
        words.clear();
        comp_hashes.clear();
        violations.clear();
        transitions = final_states = reduced = 0;
        depth_cut = false;
        failure.reset();
    }
    // run_step runs the step of `actor` from `state` into `next`.
    void run_step(const model::Model& m, std::span<const sim::Word> state, sim::ActorId actor) {
        stepping = actor;
        test_hook_before_step(peeks[actor].site);
        std::copy(state.begin(), state.end(), next.mutable_words().begin());
        model::step(m, next, actor, log);
    }

    // add_successor records the step of `actor` from w (already applied to `next`, with
    // `log`): its violations, or the successor state.
    void add_successor(const model::Model& m, sim::ActorId actor, std::uint32_t index) {
        ++transitions;
        if (violates(m, actor)) {  // the violating state is not expanded
            for (Violation& v : found) {
                violations.push_back(std::move(v));
                entries.push_back(
                    Entry{Entry::Violated, actor, index, 0, 0, violations.size() - 1});
            }
            return;
        }
        push_state(actor, index, hash_successor());
    }
    // violates fills `found` with the properties the step of `actor` violates. This is the
    // explorer's own fast path of judge_step (checker/judge/step_judge.h): the same property
    // functions, in the same order, on buffers reused across the level; deadlock is judged
    // when the successor is expanded, only if it is reached cleanly, as judge_step does.
    bool violates(const model::Model& m, sim::ActorId actor) {
        found.clear();
        check_transition(Transition{m, w, actor, peeks[actor].site, log, next}, found);
        return !found.empty();
    }
    // hash_successor appends the component hashes of `next` and returns its hash.
    std::uint64_t hash_successor() {
        const std::size_t ch = comp_hashes.size();
        comp_hashes.resize(ch + comps->count());
        return comps->hash(next.words(), comp_hashes.data() + ch);
    }
    // push_state records `next` (whose component hashes were appended last) as a successor.
    void push_state(sim::ActorId actor, std::uint32_t index, std::uint64_t h) {
        const auto words_now = next.words();
        const std::size_t at = words.size();
        entries.push_back(Entry{Entry::State, actor, index, h, at, 0});
        words.resize(at + words_now.size());
        std::memcpy(words.data() + at, words_now.data(), words_now.size_bytes());
    }

    // try_alone runs the first step that may run alone (partial-order reduction) and
    // records it; false when there is none and the state must be fully expanded.
    bool try_alone(const model::Model& m, std::span<const sim::Word> state, std::uint32_t index,
                   const Search& search);

    void expand(const model::Model& m, std::span<const sim::Word> state, std::uint32_t index,
                bool at_depth_limit) {
        stepping = kNoActor;
        std::copy(state.begin(), state.end(), w.mutable_words().begin());
        const std::size_t n = m.actors().size();
        bool any = false;
        for (std::size_t a = 0; a < n; ++a) {
            peeks[a] = model::peek(m, w, static_cast<sim::ActorId>(a));
            any = any || peeks[a].status == model::PeekStatus::Enabled;
        }
        if (!any) ++final_states;
        if (auto v = check_deadlock(m, w, peeks)) {
            violations.push_back(std::move(*v));
            entries.push_back(Entry{Entry::Violated, kNoActor, index, 0, 0, violations.size() - 1});
            return;  // a violating state is not expanded
        }
        if (!any) return;
        if (at_depth_limit) {
            depth_cut = true;
            return;
        }
        if (reducer && reducer->reductions().partial_order && try_alone(m, state, index, *search))
            return;
        for (std::size_t a = 0; a < n; ++a) {
            if (peeks[a].status != model::PeekStatus::Enabled) continue;
            const auto actor = static_cast<sim::ActorId>(a);
            if (reducer && reducer->symmetric_skip(w, actor)) continue;
            run_step(m, state, actor);
            add_successor(m, actor, index);
        }
    }
    const Search* search = nullptr;
};

class Search {
public:
    // targets: stop once each of these properties has a counterexample (none: never).
    Search(const model::Model& m, const ExploreOptions& o, std::vector<PropertyId> targets = {})
        : m_(m),
          o_(o),
          targets_(std::move(targets)),
          stride_(m.shape().total_words()),
          comps_(m.state_components()),
          parts_(std::max(1u, o.jobs)),
          start_(std::chrono::steady_clock::now()) {
        // The visited set is partitioned by fingerprint, one partition per job: equal states
        // always meet in the same partition, so each job deduplicates its own.
        if (o_.compact)
            fingerprints_.resize(parts_);
        else
            for (unsigned p = 0; p < parts_; ++p) exact_.emplace_back(comps_);
        level_mark_.assign(parts_, 0);
        if (o_.compact && o_.reductions.partial_order) level_new_.resize(parts_);
    }

    ExploreResult run();

    // stored_before_level: the state was stored at the current level or an earlier one (the
    // breadth-first cycle proviso of partial-order reduction). Read-only: called by workers.
    [[nodiscard]] bool stored_before_level(std::span<const sim::Word> words,
                                           const std::uint64_t* ch, std::uint64_t h) const {
        const unsigned p = part_of(h);
        if (!o_.compact) {
            const std::int64_t i = exact_[p].find(words, ch, h);
            return i >= 0 && static_cast<std::size_t>(i) < level_mark_[p];
        }
        return fingerprints_[p].contains(h) && !level_new_[p].contains(h);
    }

private:
    std::pair<std::size_t, std::vector<sim::ActorId>> path_to(std::uint32_t index) const {
        std::vector<sim::ActorId> path;
        std::uint32_t i = index;
        for (; parent_[i] != kNoParent; i = parent_[i]) path.push_back(actor_[i]);
        std::reverse(path.begin(), path.end());
        return {actor_[i], std::move(path)};  // a root's actor_ entry holds its root index
    }
    void record(const Violation& v, std::uint32_t from, sim::ActorId last) {
        auto& slot = found_[static_cast<std::size_t>(v.property)];
        if (slot) return;
        auto [root, path] = path_to(from);
        if (last != kNoActor) path.push_back(last);
        slot = Counterexample{v.property, v.message, root, std::move(path)};
        if (o_.stop_first) stop_ = Limit::StopFirst;
        if (!targets_.empty() && std::all_of(targets_.begin(), targets_.end(), [&](PropertyId p) {
                return found_[static_cast<std::size_t>(p)].has_value();
            }))
            stop_ = Limit::StopFirst;
    }
    // The partition comes from the hash's low bits; the stores' tables use its high bits.
    [[nodiscard]] unsigned part_of(std::uint64_t h) const {
        return static_cast<unsigned>((h & 0xffffu) % parts_);
    }
    // insert stores a state in its partition; false when it was already visited.
    bool insert(std::span<const sim::Word> words, const std::uint64_t* ch, std::uint64_t h) {
        const unsigned p = part_of(h);
        if (!o_.compact) return exact_[p].insert(words, ch, h);
        if (!fingerprints_[p].insert(h)) return false;
        if (o_.reductions.partial_order) level_new_[p].insert(h);
        return true;
    }
    // start_level marks what the visited set holds before a level is expanded.
    void start_level() {
        for (unsigned p = 0; p < parts_; ++p) {
            if (!o_.compact)
                level_mark_[p] = exact_[p].size();
            else if (o_.reductions.partial_order)
                level_new_[p].clear();
        }
    }
    [[nodiscard]] std::size_t stored() const { return count_; }
    [[nodiscard]] std::size_t store_bytes() const {
        std::size_t bytes =
            parent_.capacity() * sizeof(std::uint32_t) + actor_.capacity() * sizeof(sim::ActorId);
        for (const auto& f : fingerprints_) bytes += f.bytes();
        for (const auto& e : exact_) bytes += e.bytes();
        return bytes;
    }
    [[nodiscard]] double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    void add_state(std::span<const sim::Word> words, std::uint32_t parent, sim::ActorId actor) {
        parent_.push_back(parent);
        actor_.push_back(actor);
        next_level_.insert(next_level_.end(), words.begin(), words.end());
        ++count_;
    }
    void expand_level(std::uint32_t first_index, std::uint32_t depth);
    void merge(std::size_t jobs);
    // throw_failure rethrows the first internal error the workers met, in slice order (the
    // order a sequential search meets it), with the schedule that reached it.
    void throw_failure(std::size_t jobs) const {
        for (std::size_t j = 0; j < jobs; ++j) {
            const Worker& wk = workers_[j];
            if (!wk.failure) continue;
            auto [root, path] = path_to(wk.failed_state);
            if (wk.stepping != kNoActor) path.push_back(wk.stepping);
            throw ScheduleError(*wk.failure, root, std::move(path));
        }
    }

    const model::Model& m_;
    const ExploreOptions& o_;
    std::vector<PropertyId> targets_;
    std::size_t stride_;
    StateComponents comps_;
    unsigned parts_;
    std::vector<CollapseStore> exact_;
    std::vector<FingerprintStore> fingerprints_;
    std::vector<std::size_t> level_mark_;      // exact: each partition's size when the level began
    std::vector<FingerprintStore> level_new_;  // compact + partial order: this level's insertions
    std::size_t count_ = 0;
    // merge's scratch: the chunk's entries in sequential order, which are new, what to copy.
    std::vector<std::pair<const Worker*, const Entry*>> order_;
    std::vector<std::uint8_t> is_new_;
    std::vector<std::pair<const sim::Word*, std::size_t>> copies_;
    std::vector<std::uint32_t> parent_;
    std::vector<sim::ActorId> actor_;
    WordBuffer level_, next_level_;
    std::array<std::optional<Counterexample>, kPropertyCount> found_;
    std::chrono::steady_clock::time_point start_;
    ExploreResult r_;
    Limit stop_ = Limit::None;
    std::vector<Worker> workers_;
    std::size_t max_width_ = 0;      // the widest level so far
    std::uint64_t peak_stored_ = 0;  // states stored through it
};

// merge adds one chunk's results to the search, with the outcome of a sequential search:
// the entries are taken in slice order (the order one job meets them); each partition of the
// visited set deduplicates its own entries in that order, in parallel; one sequential pass
// then numbers the new states, records violations and applies the limits; the new states'
// words are copied into the next level in parallel.
void Search::merge(std::size_t jobs) {
    order_.clear();
    for (std::size_t j = 0; j < jobs; ++j) {
        const Worker& wk = workers_[j];
        r_.transitions += wk.transitions;
        r_.final_states += wk.final_states;
        r_.reduced_states += wk.reduced;
        if (wk.depth_cut && stop_ == Limit::None) stop_ = Limit::MaxDepth;
        for (const Entry& e : wk.entries) order_.emplace_back(&wk, &e);
    }
    std::size_t limit = order_.size();
    if (o_.stop_first)  // a sequential search stops at the first violation
        for (std::size_t i = 0; i < order_.size(); ++i)
            if (order_[i].second->kind == Entry::Violated) {
                limit = i + 1;
                break;
            }
    is_new_.assign(limit, 0);
    run_parallel(parts_, [&](std::size_t p) {
        for (std::size_t i = 0; i < limit; ++i) {
            const auto [wk, e] = order_[i];
            if (e->kind != Entry::State || part_of(e->hash) != p) continue;
            const std::uint64_t* ch = wk->comp_hashes.data() + e->words / stride_ * comps_.count();
            is_new_[i] = insert(std::span<const sim::Word>(wk->words.data() + e->words, stride_),
                                ch, e->hash)
                             ? 1
                             : 0;
        }
    });
    copies_.clear();
    for (std::size_t i = 0; i < limit; ++i) {
        if (stop_ == Limit::StopFirst || stop_ == Limit::MaxStates) break;
        const auto [wk, e] = order_[i];
        if (e->kind == Entry::Violated) {
            record(wk->violations[e->violation], e->parent, e->actor);
            continue;
        }
        if (!is_new_[i]) continue;
        parent_.push_back(e->parent);
        actor_.push_back(e->actor);
        copies_.emplace_back(wk->words.data() + e->words,
                             next_level_.size() + copies_.size() * stride_);
        if (++count_ >= o_.max_states) stop_ = Limit::MaxStates;
    }
    const std::size_t base = next_level_.size();
    next_level_.resize(base + copies_.size() * stride_);
    const std::size_t per = (copies_.size() + jobs - 1) / std::max<std::size_t>(1, jobs);
    run_parallel(jobs, [&](std::size_t j) {
        for (std::size_t c = j * per; c < std::min(copies_.size(), (j + 1) * per); ++c)
            std::memcpy(next_level_.data() + copies_[c].second, copies_[c].first,
                        stride_ * sizeof(sim::Word));
    });
}

// expand_level expands level_ (states first_index, first_index + 1, ...) chunk by chunk:
// the workers expand slices of a chunk in parallel, then their results are merged in slice
// order, which is the order a sequential search meets them, so every count, index and
// counterexample is the same for any number of jobs.
void Search::expand_level(std::uint32_t first_index, std::uint32_t depth) {
    const std::size_t states = level_.size() / stride_;
    const bool at_limit = o_.max_depth != 0 && depth >= o_.max_depth;
    for (std::size_t begin = 0; begin < states; begin += kChunkStates) {
        if (stop_ == Limit::StopFirst || stop_ == Limit::MaxStates) return;
        const std::size_t end = std::min(states, begin + kChunkStates);
        const std::size_t jobs = std::min(workers_.size(), end - begin);
        const std::size_t per = (end - begin + jobs - 1) / jobs;
        const auto work = [&](std::size_t j) {
            Worker& wk = workers_[j];
            wk.clear();
            for (std::size_t i = begin + j * per; i < std::min(end, begin + (j + 1) * per); ++i) {
                const auto index = static_cast<std::uint32_t>(first_index + i);
                try {
                    wk.expand(m_, std::span<const sim::Word>(level_.data() + i * stride_, stride_),
                              index, at_limit);
                } catch (const sim::InternalError& e) {
                    wk.failure = e.what();
                    wk.failed_state = index;
                    break;
                }
            }
        };
        run_parallel(jobs, work);
        throw_failure(jobs);
        merge(jobs);
        if (o_.on_progress) {
            // Once the levels stop growing, assume they shrink about as they grew (a bell-shaped
            // profile, as in these models): the whole space is about twice what was stored up
            // to the widest level. A rough guide, labelled so in the progress line.
            const bool shrinking = states < max_width_;
            const std::uint64_t estimate =
                shrinking && 2 * peak_stored_ > stored() ? 2 * peak_stored_ - stored() : 0;
            o_.on_progress(Progress{
                stored(), r_.transitions, depth, next_level_.size() / stride_ + (states - end),
                store_bytes() + (level_.capacity() + next_level_.capacity()) * sizeof(sim::Word),
                seconds(), estimate});
        }
    }
}

ExploreResult Search::run() {
    workers_.resize(std::max<std::size_t>(1, o_.jobs));
    for (Worker& wk : workers_) {
        wk.w = wk.next = m_.roots().initial();
        wk.peeks.resize(m_.actors().size());
        if (o_.reductions.any()) wk.reducer.emplace(m_, o_.reductions);
        wk.search = this;
        wk.comps = &comps_;
    }
    for (std::size_t r = 0; r < m_.roots().size(); ++r) {
        const auto words = m_.roots()[r].world.words();
        std::array<std::uint64_t, StateComponents::kMax> ch{};
        if (!insert(words, ch.data(), comps_.hash(words, ch.data()))) continue;
        add_state(words, kNoParent, static_cast<sim::ActorId>(r));
    }
    std::uint32_t first_index = 0;
    for (std::uint32_t depth = 0; !next_level_.empty(); ++depth) {
        level_.swap(next_level_);
        next_level_.clear();
        r_.depth = depth;
        const std::uint32_t level_first = first_index;
        first_index += static_cast<std::uint32_t>(level_.size() / stride_);
        start_level();
        expand_level(level_first, depth);
        const std::size_t width = level_.size() / stride_;
        if (width >= max_width_) {  // the widest level so far
            max_width_ = width;
            peak_stored_ = level_first + width;
        }
        if (stop_ == Limit::StopFirst || stop_ == Limit::MaxStates) break;
    }
    r_.states = stored();
    r_.seconds = seconds();
    r_.bytes = store_bytes();
    r_.limit = stop_;
    r_.exact = !o_.compact;
    r_.reductions = o_.reductions.any() ? workers_.front().reducer->describe() : "none";
    for (auto& f : found_)
        if (f) r_.counterexamples.push_back(std::move(*f));
    return std::move(r_);
}

bool Worker::try_alone(const model::Model& m, std::span<const sim::Word> state, std::uint32_t index,
                       const Search& s) {
    for (std::size_t a = 0; a < peeks.size(); ++a) {
        if (peeks[a].status != model::PeekStatus::Enabled ||
            !model::Footprints::reducible(peeks[a].site))
            continue;
        const auto actor = static_cast<sim::ActorId>(a);
        if (reducer->symmetric_skip(w, actor)) continue;
        run_step(m, state, actor);
        if (!reducer->may_run_alone(w, peeks, actor, next, log)) continue;
        // A violating step ends its path (the state after it is not expanded), which would
        // also cut the other actors' paths that do not need it: expand such a state fully.
        if (violates(m, actor)) return false;
        // The cycle proviso: a step that leads back to a state of this level or an earlier
        // one could be postponed around a cycle forever; expand such a state fully.
        const std::size_t ch = comp_hashes.size();
        const std::uint64_t h = hash_successor();
        if (s.stored_before_level(next.words(), comp_hashes.data() + ch, h)) {
            comp_hashes.resize(ch);
            return false;
        }
        ++transitions;
        ++reduced;
        push_state(actor, index, h);
        return true;
    }
    return false;
}

}  // namespace

ExploreResult explore(const model::Model& m, const ExploreOptions& requested) {
    // A depth bound and partial-order reduction do not mix: the reduced search may reach a
    // violation a few steps later than the full search, past the bound.
    ExploreOptions options = requested;
    const bool por_off_for_depth = options.max_depth != 0 && options.reductions.partial_order;
    if (por_off_for_depth) options.reductions.partial_order = false;
    ExploreResult r = Search(m, options).run();
    if (por_off_for_depth)
        r.reductions = (r.reductions == "none" ? std::string() : r.reductions + "; ") +
                       "partial-order off: --max-depth bounds the schedules";
    if (!options.reductions.partial_order || r.reduced_states == 0 || r.counterexamples.empty())
        return r;
    // Partial-order reduction keeps a schedule of every violation, but not always the
    // shortest: the step it runs alone may come earlier than needed. A search without it,
    // bounded by the longest counterexample found and stopped once every violated property
    // has one, gives the shortest schedules the full search would give. Under stop-first,
    // the full search's first violation (maybe of another property) is the one reported.
    ExploreOptions full = options;
    full.reductions.partial_order = false;
    full.on_progress = nullptr;
    std::vector<PropertyId> targets;
    std::size_t longest = 0;
    for (const Counterexample& cx : r.counterexamples) {
        targets.push_back(cx.property);
        longest = std::max(longest, cx.schedule.size());
    }
    full.max_depth = static_cast<std::uint32_t>(longest);
    ExploreResult shortest =
        Search(m, full, options.stop_first ? std::vector<PropertyId>{} : targets).run();
    if (options.stop_first) {
        if (!shortest.counterexamples.empty())
            r.counterexamples = std::move(shortest.counterexamples);
        return r;
    }
    for (Counterexample& cx : r.counterexamples)
        for (Counterexample& sc : shortest.counterexamples)
            if (sc.property == cx.property && sc.schedule.size() <= cx.schedule.size())
                cx = std::move(sc);
    return r;
}

}  // namespace stackrace::checker
