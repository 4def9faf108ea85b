#include "checker/explorer.h"

#include <algorithm>
#include <array>
#include <chrono>

#include "checker/state_store.h"
#include "model/actors.h"

namespace stackrace::checker {
namespace {

constexpr std::uint32_t kNoParent = 0xffffffffu;

class Search {
public:
    Search(const model::Model& m, const ExploreOptions& o)
        : m_(m), o_(o), store_(m.shape().total_words()), start_(std::chrono::steady_clock::now()) {}

    ExploreResult run();

private:
    // path_to returns the root a stored state descends from and the schedule that reaches it
    // (a root's actor_ entry holds its root index).
    std::pair<std::size_t, std::vector<sim::ActorId>> path_to(std::uint32_t index) const {
        std::vector<sim::ActorId> path;
        std::uint32_t i = index;
        for (; parent_[i] != kNoParent; i = parent_[i]) path.push_back(actor_[i]);
        std::reverse(path.begin(), path.end());
        return {actor_[i], std::move(path)};
    }
    void record(const Violation& v, std::uint32_t from, std::optional<sim::ActorId> last) {
        auto& slot = found_[static_cast<std::size_t>(v.property)];
        if (slot) return;
        auto [root, path] = path_to(from);
        if (last) path.push_back(*last);
        slot = Counterexample{v.property, v.message, root, std::move(path)};
        if (o_.stop_first) stop_ = Limit::StopFirst;
    }
    [[nodiscard]] double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    void expand(std::uint32_t cur, std::uint32_t depth);

    const model::Model& m_;
    const ExploreOptions& o_;
    StateStore store_;
    std::vector<std::uint32_t> parent_;
    std::vector<sim::ActorId> actor_;
    std::array<std::optional<Counterexample>, kPropertyCount> found_;
    std::chrono::steady_clock::time_point start_;
    ExploreResult r_;
    Limit stop_ = Limit::None;
    sim::World w_, next_;
    std::vector<model::Peek> peeks_;
    std::vector<Violation> violations_;
    sim::AccessLog log_;
};

void Search::expand(std::uint32_t cur, std::uint32_t depth) {
    const auto words = store_.get(cur);
    std::copy(words.begin(), words.end(), w_.mutable_words().begin());
    const std::size_t n = m_.actors().size();
    bool any = false;
    for (std::size_t a = 0; a < n; ++a) {
        peeks_[a] = model::peek(m_, w_, static_cast<sim::ActorId>(a));
        any = any || peeks_[a].status == model::PeekStatus::Enabled;
    }
    if (!any) ++r_.final_states;
    if (auto v = check_deadlock(m_, w_, peeks_)) {
        record(*v, cur, std::nullopt);
        return;  // a violating state is not expanded
    }
    if (!any) return;
    if (o_.max_depth != 0 && depth >= o_.max_depth) {
        stop_ = stop_ == Limit::None ? Limit::MaxDepth : stop_;
        return;
    }
    for (std::size_t a = 0; a < n && stop_ != Limit::StopFirst && stop_ != Limit::MaxStates; ++a) {
        if (peeks_[a].status != model::PeekStatus::Enabled) continue;
        const auto actor = static_cast<sim::ActorId>(a);
        // From w_, not `words`: inserting a state may move the arena.
        std::copy(w_.words().begin(), w_.words().end(), next_.mutable_words().begin());
        model::step(m_, next_, actor, log_);
        ++r_.transitions;
        violations_.clear();
        check_transition(Transition{m_, w_, actor, peeks_[a].site, log_, next_}, violations_);
        if (!violations_.empty()) {
            for (const Violation& v : violations_) record(v, cur, actor);
            continue;  // the violating state is not expanded
        }
        const auto ins = store_.insert(next_.words());
        if (!ins.inserted) continue;
        parent_.push_back(cur);
        actor_.push_back(actor);
        if (store_.size() >= o_.max_states) stop_ = Limit::MaxStates;
    }
}

ExploreResult Search::run() {
    w_ = m_.initial_world();
    next_ = m_.initial_world();
    peeks_.resize(m_.actors().size());
    for (std::size_t r = 0; r < m_.roots().size(); ++r) {
        if (!store_.insert(m_.roots()[r].world.words()).inserted) continue;
        parent_.push_back(kNoParent);
        actor_.push_back(static_cast<sim::ActorId>(r));
    }
    std::uint32_t depth = 0;
    std::size_t level_end = store_.size();
    for (std::uint32_t cur = 0; cur < store_.size(); ++cur) {
        if (cur == level_end) {
            ++depth;
            level_end = store_.size();
        }
        if (stop_ == Limit::StopFirst || stop_ == Limit::MaxStates) break;
        r_.depth = depth;
        expand(cur, depth);
        if (o_.on_progress && (cur & 0x3fff) == 0) {
            o_.on_progress(Progress{store_.size(), r_.transitions, depth, store_.size() - cur,
                                    store_.bytes(), seconds()});
        }
    }
    r_.states = store_.size();
    r_.seconds = seconds();
    r_.bytes = store_.bytes();
    r_.limit = stop_;
    for (auto& f : found_)
        if (f) r_.counterexamples.push_back(std::move(*f));
    return std::move(r_);
}

}  // namespace

ExploreResult explore(const model::Model& m, const ExploreOptions& options) {
    return Search(m, options).run();
}

}  // namespace stackrace::checker
