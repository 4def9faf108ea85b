// model/model.h: Model, a Spec laid out in simulated memory with its actors and its roots.
//
// The Model is immutable configuration, one value bundling its parts:
//   layout()  where every structure and local lives (model/layout.h),
//   actors()  who runs, and which g and sudog each one owns (model/actor_table.h),
//   roots()   the initial Worlds exploration starts from (model/roots.h),
// with the Spec and Variant it was built from. All mutable state is in the World; model
// steps are functions of (Model, World, actor). Addresses and values are named for printing
// by the functions of model/symbols.h.
//
// Usage:
//   model::Model m(spec, *model::find_variant("fix"));
//   sim::World w = m.roots().initial();
//   model::Peek p = model::peek(m, w, model::ActorTable::shrinker());
//   std::string where = model::addr_name(m.layout(), m.layout().hchan(0));
#pragma once

#include <cstddef>
#include <vector>

#include "model/actor_table.h"
#include "model/layout.h"
#include "model/roots.h"
#include "model/spec.h"
#include "model/symbols.h"
#include "model/variant.h"
#include "sim/memory_map.h"
#include "sim/world.h"

namespace stackrace::model {

class Model {
public:
    Model(const Spec& spec, const Variant& variant);

    [[nodiscard]] const Spec& spec() const { return spec_; }
    [[nodiscard]] const Variant& variant() const { return variant_; }
    [[nodiscard]] const Layout& layout() const { return layout_; }
    [[nodiscard]] const ActorTable& actors() const { return actors_; }
    [[nodiscard]] const Roots& roots() const { return roots_; }

    // The shape of every World of this Model: the layout's memory and regions, the actors'
    // registers, the ghost words.
    [[nodiscard]] const sim::WorldShape& shape() const { return shape_; }
    // state_components: where to cut a World's words into parts that change independently,
    // for the collapse-compressed visited set: the heap (g, hchan, sudog structures), the
    // stacks with the regions' states, the shrinker and G, the other goroutines with the
    // ghosts. Returns the cut offsets, 0 first and total_words() last.
    [[nodiscard]] std::vector<std::size_t> state_components() const;

private:
    Spec spec_;
    Variant variant_;
    Layout layout_;
    ActorTable actors_;
    sim::WorldShape shape_;
    Roots roots_;  // last: built by running the step machines on the rest
};

}  // namespace stackrace::model
