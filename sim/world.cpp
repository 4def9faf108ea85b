#include "sim/world.h"

namespace stackrace::sim {

World::World(const WorldShape& shape) : shape_(shape), words_(shape.total_words(), 0) {}

}  // namespace stackrace::sim
