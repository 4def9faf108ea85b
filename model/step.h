// model/step.h: Step, what every step function of the model is given, and the tables that
// map an actor's pc (a Site) to the function that takes that step.
//
// A step function is named after its Site (Site::adjustpointers_cas -> adjustpointers_cas),
// performs exactly that step's accesses through s.x, and sets the actor's next pc with
// s.go(...). Each actor kind has one StepTable; run_step dispatches through it.
#pragma once

#include <array>
#include <initializer_list>
#include <string_view>

#include "model/actors.h"
#include "sim/exec.h"

namespace stackrace::model {

// Step: actor `a` taking its next step in World `w`; every logged access goes through `x`.
struct Step {
    const Model& m;
    sim::World& w;
    sim::ActorId a;
    sim::Exec& x;

    [[nodiscard]] sim::Word local(unsigned l) const { return w.local(a, l); }
    void set_local(unsigned l, sim::Word v) const { w.set_local(a, l, v); }
    void go(Site next) const { set_pc(w, a, next); }
};

using StepFn = void (*)(const Step&);
inline constexpr std::size_t kSiteCount = static_cast<std::size_t>(Site::Count_);
using StepTable = std::array<StepFn, kSiteCount>;

struct SiteStep {
    Site site;
    StepFn fn;
};

// step_table: the table of one actor kind; a Site it does not list has no step there.
constexpr StepTable step_table(std::initializer_list<SiteStep> steps) {
    StepTable t{};
    for (const SiteStep& e : steps) t[static_cast<std::size_t>(e.site)] = e.fn;
    return t;
}

// run_step runs actor a's step at its pc through `table`; `machine` names the table in the
// error for a pc it has no step for.
void run_step(const StepTable& table, std::string_view machine, const Model& m, sim::World& w,
              sim::ActorId a, sim::AccessLog& log);

}  // namespace stackrace::model
