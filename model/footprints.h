// model/footprints.h: what each actor may touch, for partial-order reduction.
//
// checker/search/reduction.cpp lets one actor's next step run alone (a persistent set of one step)
// when that step cannot conflict with anything any other actor may still do. That needs,
// for every actor, its *universe*: every location it may read or write in any step it may
// ever take (a safe over-approximation; the tests check it against every transition of
// every scenario), and, for the step that would run alone, its exact footprint: the accesses
// the step logged, plus the words its Go code reads outside the log (extra_reads).
//
// Universes, and why they are sound:
//  - G and the shrinker: everything (they walk all of G's channels, sudogs and stacks).
//  - A sender, receiver or closer on channel c: c's hchan and buffer; the sudogs that can
//    be queued on c (G's cases on c, and the own sudog of every goroutine on c); the g of
//    every goroutine on c; of G's g only atomicstatus and param (goready) and selectDone
//    (dequeue's CAS, Go 1.10), read in full (activeStackChans and parkingOnChan, Go 1.14+,
//    are G's own); of G's case sudogs next, prev, elem and (Go 1.16) success written; of
//    G's stacks, only the words a sudog on c can point at: each case slot (receive slot or
//    sent value) and the select's done word, at their offset in *every* stack region (old, new,
//    grown), because copystack moves a pointer by delta and a stale pointer keeps its old region;
//    the heap values and slots of goroutines on c; all ghosts; every region's state (read).
//  Everything else a channel-side goroutine does is through those pointers, so a copier's
//  step on any other stack word commutes with all of it.
//
// Reducible steps: only copystack's (run by the shrinker or by G growing its stack), whose
// unlogged reads are listed in add_extra. Steps with property checks that read widely
// (shrinkstack/casgstatus, judged by dangling-pointer), that change goroutine statuses, or
// that take a lock (syncadjustsudogs/lock: the copier could close a cycle of waits) are
// never run alone. checker/search/reduction.cpp adds the conditions on the state.
#pragma once

#include <vector>

#include "model/go_sites.h"
#include "model/model.h"
#include "sim/footprint.h"

namespace stackrace::model {

class Footprints {
public:
    explicit Footprints(const Model& m);

    [[nodiscard]] const sim::Locations& locations() const { return loc_; }
    [[nodiscard]] const sim::Footprint& universe(sim::ActorId a) const { return universe_[a]; }
    // reducible: a step at site s may run alone when its footprint allows it.
    [[nodiscard]] static bool reducible(Site s);
    // extra adds to `f` what a reducible step at `s` touches beyond its logged accesses.
    void add_extra(Site s, sim::Footprint& f) const;

private:
    void add_chan_universe(const Model& m, unsigned chan, sim::Footprint& f) const;
    void add_hchan(const Model& m, unsigned chan, sim::Footprint& f) const;
    void add_g(const Model& m, sim::Footprint& f) const;
    void add_on_every_stack(const Model& m, unsigned offset, unsigned words,
                            sim::Footprint& f) const;
    void add_cases_on(const Model& m, unsigned chan, sim::Footprint& f) const;
    void add_goroutines_on(const Model& m, unsigned chan, sim::Footprint& f) const;

    sim::Locations loc_;
    std::vector<sim::Footprint> universe_;
    sim::Footprint copystack_reads_;  // unlogged reads of every copystack step
    sim::Footprint stackfree_;        // stackfree: poisons every word of the freed stack
};

}  // namespace stackrace::model
