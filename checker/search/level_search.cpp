#include "checker/search/level_search.h"

#include <algorithm>
#include <cstring>

#include "checker/judge/schedule_error.h"
#include "checker/search/run_parallel.h"
#include "model/actors.h"

namespace stackrace::checker::search {
namespace {

constexpr std::uint32_t kNoParent = 0xffffffffu;
constexpr std::size_t kChunkStates = 8192;  // states expanded per parallel round

}  // namespace

// The visited set is partitioned by fingerprint, one partition per job: equal states always
// meet in the same partition, so each job deduplicates its own.
LevelSearch::LevelSearch(const model::Model& m, const ExploreOptions& o,
                         std::vector<PropertyId> targets)
    : m_(m),
      o_(o),
      targets_(std::move(targets)),
      stride_(m.shape().total_words()),
      comps_(m.state_components()),
      visited_(comps_, std::max(1u, o.jobs), o.compact, o.reductions.partial_order),
      start_(std::chrono::steady_clock::now()) {}

ExploreResult LevelSearch::run() {
    workers_.resize(std::max<std::size_t>(1, o_.jobs));
    for (Worker& wk : workers_) {
        wk.w = wk.next = m_.roots().initial();
        wk.peeks.resize(m_.actors().size());
        if (o_.reductions.any()) wk.reducer.emplace(m_, o_.reductions);
        wk.visited = &visited_;
        wk.comps = &comps_;
    }
    store_roots();
    std::uint32_t first_index = 0;
    for (std::uint32_t depth = 0; !next_level_.empty(); ++depth) {
        level_.swap(next_level_);
        next_level_.clear();
        r_.depth = depth;
        const std::uint32_t level_first = first_index;
        first_index += static_cast<std::uint32_t>(level_.size() / stride_);
        visited_.start_level();
        expand_level(level_first, depth);
        const std::size_t width = level_.size() / stride_;
        if (width >= max_width_) {  // the widest level so far
            max_width_ = width;
            peak_stored_ = level_first + width;
        }
        if (stopped()) break;
    }
    return finish();
}

// store_roots stores the Model's initial Worlds as the first level; a root's actor_ entry
// holds its root index.
void LevelSearch::store_roots() {
    for (std::size_t r = 0; r < m_.roots().size(); ++r) {
        const auto words = m_.roots()[r].world.words();
        std::array<std::uint64_t, StateComponents::kMax> ch{};
        if (!visited_.insert(words, ch.data(), comps_.hash(words, ch.data()))) continue;
        parent_.push_back(kNoParent);
        actor_.push_back(static_cast<sim::ActorId>(r));
        next_level_.insert(next_level_.end(), words.begin(), words.end());
        ++count_;
    }
}

ExploreResult LevelSearch::finish() {
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

// expand_level expands level_ (states first_index, first_index + 1, ...) chunk by chunk:
// the workers expand slices of a chunk in parallel, then their results are merged in slice
// order, which is the order a sequential search meets them, so every count, index and
// counterexample is the same for any number of jobs.
void LevelSearch::expand_level(std::uint32_t first_index, std::uint32_t depth) {
    const std::size_t states = level_.size() / stride_;
    const bool at_limit = o_.max_depth != 0 && depth >= o_.max_depth;
    for (std::size_t begin = 0; begin < states; begin += kChunkStates) {
        if (stopped()) return;
        const std::size_t end = std::min(states, begin + kChunkStates);
        const std::size_t jobs = std::min(workers_.size(), end - begin);
        expand_chunk(begin, end, jobs, first_index, at_limit);
        throw_failure(jobs);
        merge(jobs);
        if (o_.on_progress) report_progress(states, end, depth);
    }
}

// expand_chunk has `jobs` workers expand level_'s states [begin, end), one slice each.
void LevelSearch::expand_chunk(std::size_t begin, std::size_t end, std::size_t jobs,
                               std::uint32_t first_index, bool at_limit) {
    const std::size_t per = (end - begin + jobs - 1) / jobs;
    run_parallel(jobs, [&](std::size_t j) {
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
    });
}

// report_progress: once the levels stop growing, assume they shrink about as they grew (a
// bell-shaped profile, as in these models): the whole space is about twice what was stored
// up to the widest level. A rough guide, labelled so in the progress line.
void LevelSearch::report_progress(std::size_t states, std::size_t end, std::uint32_t depth) const {
    const bool shrinking = states < max_width_;
    const std::uint64_t estimate =
        shrinking && 2 * peak_stored_ > stored() ? 2 * peak_stored_ - stored() : 0;
    o_.on_progress(
        Progress{stored(), r_.transitions, depth, next_level_.size() / stride_ + (states - end),
                 store_bytes() + (level_.capacity() + next_level_.capacity()) * sizeof(sim::Word),
                 seconds(), estimate});
}

// merge adds one chunk's results to the search, with the outcome of a sequential search:
// the entries are taken in slice order (the order one job meets them); each partition of the
// visited set deduplicates its own entries in that order, in parallel; one sequential pass
// then numbers the new states, records violations and applies the limits; the new states'
// words are copied into the next level in parallel.
void LevelSearch::merge(std::size_t jobs) {
    order_.clear();
    for (std::size_t j = 0; j < jobs; ++j) {
        const Worker& wk = workers_[j];
        r_.transitions += wk.transitions;
        r_.final_states += wk.final_states;
        r_.reduced_states += wk.reduced;
        if (wk.depth_cut && stop_ == Limit::None) stop_ = Limit::MaxDepth;
        for (const Entry& e : wk.entries) order_.emplace_back(&wk, &e);
    }
    const std::size_t limit = merge_limit();
    dedupe(limit);
    number_new_states(limit);
    copy_new_states(jobs);
}

// merge_limit: how many of order_'s entries a sequential search takes; under stop-first it
// stops at the first violation.
std::size_t LevelSearch::merge_limit() const {
    if (o_.stop_first)
        for (std::size_t i = 0; i < order_.size(); ++i)
            if (order_[i].second->kind == Entry::Violated) return i + 1;
    return order_.size();
}

// dedupe inserts the first `limit` State entries into the visited set, each partition on its
// own thread, and marks in is_new_ the ones not stored before.
void LevelSearch::dedupe(std::size_t limit) {
    is_new_.assign(limit, 0);
    run_parallel(visited_.parts(), [&](std::size_t p) {
        for (std::size_t i = 0; i < limit; ++i) {
            const auto [wk, e] = order_[i];
            if (e->kind != Entry::State || visited_.part_of(e->hash) != p) continue;
            const std::uint64_t* ch = wk->comp_hashes.data() + e->words / stride_ * comps_.count();
            is_new_[i] =
                visited_.insert(std::span<const sim::Word>(wk->words.data() + e->words, stride_),
                                ch, e->hash)
                    ? 1
                    : 0;
        }
    });
}

// number_new_states walks the first `limit` entries in order: it records each violation,
// numbers each new state (its parent and actor) and plans its copy, until a limit stops it.
void LevelSearch::number_new_states(std::size_t limit) {
    copies_.clear();
    for (std::size_t i = 0; i < limit; ++i) {
        if (stopped()) break;
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
}

// copy_new_states copies the new states' words into the next level, on `jobs` threads.
void LevelSearch::copy_new_states(std::size_t jobs) {
    const std::size_t base = next_level_.size();
    next_level_.resize(base + copies_.size() * stride_);
    const std::size_t per = (copies_.size() + jobs - 1) / std::max<std::size_t>(1, jobs);
    run_parallel(jobs, [&](std::size_t j) {
        for (std::size_t c = j * per; c < std::min(copies_.size(), (j + 1) * per); ++c)
            std::memcpy(next_level_.data() + copies_[c].second, copies_[c].first,
                        stride_ * sizeof(sim::Word));
    });
}

// path_to reads back the schedule that reached state `index`: its root and the actors.
std::pair<std::size_t, std::vector<sim::ActorId>> LevelSearch::path_to(std::uint32_t index) const {
    std::vector<sim::ActorId> path;
    std::uint32_t i = index;
    for (; parent_[i] != kNoParent; i = parent_[i]) path.push_back(actor_[i]);
    std::reverse(path.begin(), path.end());
    return {actor_[i], std::move(path)};  // a root's actor_ entry holds its root index
}

// record keeps the first counterexample of each property (breadth-first: a shortest one),
// the step of `last` from state `from`, and stops the search when asked to.
void LevelSearch::record(const Violation& v, std::uint32_t from, sim::ActorId last) {
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

void LevelSearch::throw_failure(std::size_t jobs) const {
    for (std::size_t j = 0; j < jobs; ++j) {
        const Worker& wk = workers_[j];
        if (!wk.failure) continue;
        auto [root, path] = path_to(wk.failed_state);
        if (wk.stepping != kNoActor) path.push_back(wk.stepping);
        throw ScheduleError(*wk.failure, root, std::move(path));
    }
}

}  // namespace stackrace::checker::search
