#include "model/model.h"

#include <algorithm>

#include "sim/assert.h"

namespace stackrace::model {

namespace {

const Spec& checked(const Spec& spec) {
    SR_ASSERT(!spec.g.cases.empty());
    SR_ASSERT(spec.g.op == GOp::Select || spec.g.cases.size() == 1);
    for (const CaseSpec& c : spec.g.cases)
        SR_ASSERT(spec.g.op == GOp::Select || (c.dir == Dir::Send) == (spec.g.op == GOp::Send));
    return spec;
}

sim::WorldShape shape_of(const Layout& layout, const ActorTable& actors) {
    sim::WorldShape shape;
    shape.memory_words = layout.map().end();
    shape.regions = static_cast<std::uint16_t>(layout.map().size());
    shape.actors = static_cast<std::uint16_t>(actors.size());
    shape.locals_per_actor = kLocalsPerActor;
    shape.ghosts = static_cast<std::uint16_t>(actors.ghosts());
    return shape;
}

}  // namespace

Model::Model(const Spec& spec, const Variant& variant)
    : spec_(checked(spec)),
      variant_(variant),
      layout_(spec_, variant_),
      actors_(spec_, layout_),
      shape_(shape_of(layout_, actors_)) {
    roots_ = Roots(*this);
}

std::vector<std::size_t> Model::state_components() const {
    const sim::MemoryMap& map = layout_.map();
    std::size_t stacks = shape_.memory_words;
    for (sim::RegionId r = 0; r < map.size(); ++r)
        if (layout_.is_stack_region(r)) stacks = std::min<std::size_t>(stacks, map.region(r).lo);
    const std::size_t actors = std::size_t{shape_.memory_words} + shape_.regions;
    const std::size_t others = actors + 2 * (1u + shape_.locals_per_actor);
    std::vector<std::size_t> cuts{0};
    for (std::size_t c :
         {stacks, actors, std::min(others, shape_.total_words()), shape_.total_words()})
        if (c > cuts.back()) cuts.push_back(c);
    return cuts;
}

}  // namespace stackrace::model
