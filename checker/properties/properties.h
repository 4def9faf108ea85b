// checker/properties/properties.h: the properties stackrace checks, one file each.
//
// Properties observe, they never drive: each is a pure function of a transition (the World
// before and after one step, with the step's access log) or, for deadlock, of a state.
// The explorer and replay call the same functions, so a trace replays to the same verdict.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/actors.h"
#include "model/model.h"
#include "sim/access.h"
#include "sim/world.h"

namespace stackrace::checker {

enum class PropertyId {
    LostValue,
    ClobberedLocal,
    DanglingPointer,
    UseAfterFree,
    DoubleSelectWin,
    Deadlock,
    StaleSudog,
    RuntimeThrow,  // appended: the ids above keep their numbers
};
inline constexpr std::size_t kPropertyCount = 8;

struct PropertyInfo {
    PropertyId id;
    std::string_view name;         // the id users write: "lost-value"
    std::string_view description;  // one line, for `stackrace list properties`
};

[[nodiscard]] std::span<const PropertyInfo> all_properties();
[[nodiscard]] std::string_view property_name(PropertyId p);
[[nodiscard]] std::optional<PropertyId> property_by_name(std::string_view name);
[[nodiscard]] std::string property_names();  // "lost-value, clobbered-local, ..."
// property_list: the ids of `ps` joined by commas, as verdicts and expectations print them
// ("lost-value,use-after-free").
[[nodiscard]] std::string property_list(std::span<const PropertyId> ps);

struct Transition {
    const model::Model& m;
    const sim::World& before;
    sim::ActorId actor;
    model::Site site;
    const sim::AccessLog& log;
    const sim::World& after;
};

// Violation: what a property found. The message is for people; the words and actors it
// names are also kept as data, so that replay explains a violation without reading the text.
struct Violation {
    PropertyId property;
    std::string message;               // one sentence naming actors, steps and words
    std::vector<sim::Addr> words;      // the memory words it is about, the main one first
    std::vector<sim::ActorId> actors;  // the actors involved, the one that violates first
};

// Transition properties; each returns a violation the step caused, if any.
[[nodiscard]] std::optional<Violation> check_lost_value(const Transition& t);
[[nodiscard]] std::optional<Violation> check_clobbered_local(const Transition& t);
[[nodiscard]] std::optional<Violation> check_dangling_pointer(const Transition& t);
[[nodiscard]] std::optional<Violation> check_use_after_free(const Transition& t);
[[nodiscard]] std::optional<Violation> check_double_select_win(const Transition& t);
[[nodiscard]] std::optional<Violation> check_stale_sudog(const Transition& t);
[[nodiscard]] std::optional<Violation> check_runtime_throw(const Transition& t);

// check_transition runs every transition property, in the order of all_properties().
void check_transition(const Transition& t, std::vector<Violation>& out);

// State property: the peeks of every actor in `w` (index = actor) are passed in so the
// explorer computes them once.
[[nodiscard]] std::optional<Violation> check_deadlock(const model::Model& m, const sim::World& w,
                                                      std::span<const model::Peek> peeks);

// Helpers shared by the property files.
[[nodiscard]] sim::Addr current_sp(const model::Model& m, const sim::World& w);
[[nodiscard]] std::string actor_name(const model::Model& m, sim::ActorId a);

}  // namespace stackrace::checker
