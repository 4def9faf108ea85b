// model/roots.h: Roots, the initial Worlds an exploration starts from.
//
// One root per possible content of the fresh stack ("garbage": 0xfdfd, "zero"): stackalloc
// does not clear a new stack. In each, the actors that start early have already run alone
// (a sender fills a buffer or parks, a receiver queues ahead of G), then G has run into its
// park, as the Go test lets G block in its select before the GC starts.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/world.h"

namespace stackrace::model {

class Model;

struct Root {
    std::string name;
    sim::World world;
};

class Roots {
public:
    Roots() = default;
    // Built from a Model whose Layout, actors and shape are complete; runs its step machines.
    explicit Roots(const Model& m);

    [[nodiscard]] std::size_t size() const { return roots_.size(); }
    [[nodiscard]] const Root& operator[](std::size_t i) const { return roots_[i]; }
    [[nodiscard]] const Root& at(std::size_t i) const { return roots_.at(i); }
    [[nodiscard]] auto begin() const { return roots_.begin(); }
    [[nodiscard]] auto end() const { return roots_.end(); }

    // The first root: the World every check of the model's structure starts from.
    [[nodiscard]] const sim::World& initial() const { return roots_.front().world; }
    [[nodiscard]] std::optional<std::size_t> by_name(std::string_view name) const;

private:
    std::vector<Root> roots_;
};

}  // namespace stackrace::model
