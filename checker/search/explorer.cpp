// checker/search/explorer.cpp: explore, a LevelSearch (level_search.h) and, when
// partial-order reduction shortened the search, the rederivation of the shortest
// counterexamples the full search would give.
#include "checker/search/explorer.h"

#include <algorithm>

#include "checker/search/level_search.h"

namespace stackrace::checker {

using search::LevelSearch;

ExploreResult explore(const model::Model& m, const ExploreOptions& requested) {
    // A depth bound and partial-order reduction do not mix: the reduced search may reach a
    // violation a few steps later than the full search, past the bound.
    ExploreOptions options = requested;
    const bool por_off_for_depth = options.max_depth != 0 && options.reductions.partial_order;
    if (por_off_for_depth) options.reductions.partial_order = false;
    ExploreResult r = LevelSearch(m, options).run();
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
        LevelSearch(m, full, options.stop_first ? std::vector<PropertyId>{} : targets).run();
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
