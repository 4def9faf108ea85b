// tests/support/script.h: Script, a hand-written interleaving driven through the model.
//
// A script names each step by actor and expected label, so a test reads like the race it
// describes. A step the model does not offer (another label, or the actor is blocked) is a
// named failure, never a silent reorder, so a scripted test cannot pass vacuously.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/properties/properties.h"
#include "checker/scenario/scenario.h"
#include "model/actors.h"
#include "model/model.h"

namespace stackrace::testing {

class Script {
public:
    explicit Script(const model::Model& m) : m_(m), w_(m.roots().initial()) {}
    // Script from the root World named `root` ("garbage" or "zero" fresh stack).
    Script(const model::Model& m, const std::string& root)
        : m_(m), w_(m.roots().at(*m.roots().by_name(root)).world) {}

    // step takes one step of `actor`, which must be offered with `label`.
    std::optional<std::string> step(const std::string& actor, const std::string& label);
    // until steps `actor` until its next step would be `label` (not taken; it may be blocked
    // there) or it cannot move.
    std::optional<std::string> until(const std::string& actor, const std::string& label);
    // finish steps `actor` while it can move.
    void finish(const std::string& actor);
    // finish_all runs every actor, in id order, until nobody can move.
    void finish_all();

    [[nodiscard]] const sim::World& world() const { return w_; }
    // mutable_world lets a test construct a state the model would not reach by itself,
    // to show that a checker fires when its condition holds.
    [[nodiscard]] sim::World& mutable_world() { return w_; }
    [[nodiscard]] bool violated(checker::PropertyId p) const;
    [[nodiscard]] const std::vector<checker::Violation>& violations() const { return violations_; }
    [[nodiscard]] std::string next_label(const std::string& actor) const;

private:
    bool take(sim::ActorId a);

    const model::Model& m_;
    sim::World w_;
    std::vector<checker::Violation> violations_;
};

// Loads a scenario from the repository's scenarios/ folder.
checker::Scenario scenario(const std::string& name);
// Loads a scenario given as TOML text (for small, test-local situations).
checker::Scenario scenario_text(const std::string& text);

}  // namespace stackrace::testing
