#include "checker/properties/properties.h"

#include <array>

#include "model/runtime_structs.h"

namespace stackrace::checker {
namespace {

constexpr std::array<PropertyInfo, kPropertyCount> kProperties{{
    {PropertyId::LostValue, "lost-value",
     "a receiver (G, or another goroutine) resumes without the value its sender sent"},
    {PropertyId::ClobberedLocal, "clobbered-local",
     "after resuming, a local no longer points at the new copy of its target, or a scalar changed"},
    {PropertyId::DanglingPointer, "dangling-pointer",
     "after the shrink, a pointer word of the new stack or a sudog field points into the old "
     "stack"},
    {PropertyId::UseAfterFree, "use-after-free",
     "a read, write or CAS of a freed (or never allocated) stack word"},
    {PropertyId::DoubleSelectWin, "double-select-win",
     "two senders win one select (or one receive)"},
    {PropertyId::Deadlock, "deadlock",
     "an actor can never proceed: a lock cycle (a lock held by its waiter included), or G "
     "never woken although it must be"},
    {PropertyId::StaleSudog, "stale-sudog",
     "a goroutine releases a sudog whose elem, selectdone, next, prev or waitlink is not nil "
     "(Go throws \"sudog with non-nil elem\")"},
    {PropertyId::RuntimeThrow, "runtime-throw",
     "a goroutine throws, a fatal error of the Go runtime: releaseSudog's checks, \"G waiting "
     "list is corrupted\", \"chansend: spurious wakeup\", \"bad g->status in ready\""},
}};

}  // namespace

std::span<const PropertyInfo> all_properties() { return kProperties; }

std::string_view property_name(PropertyId p) {
    return kProperties[static_cast<std::size_t>(p)].name;
}

std::optional<PropertyId> property_by_name(std::string_view name) {
    for (const PropertyInfo& p : kProperties)
        if (p.name == name) return p.id;
    return std::nullopt;
}

std::string property_names() {
    std::string out;
    for (const PropertyInfo& p : kProperties) {
        if (!out.empty()) out += ", ";
        out += p.name;
    }
    return out;
}

std::string property_list(std::span<const PropertyId> ps) {
    std::string out;
    for (const PropertyId p : ps) {
        if (!out.empty()) out.push_back(',');
        out.append(property_name(p));
    }
    return out;
}

void check_transition(const Transition& t, std::vector<Violation>& out) {
    for (auto check :
         {check_lost_value, check_clobbered_local, check_dangling_pointer, check_use_after_free,
          check_double_select_win, check_stale_sudog, check_runtime_throw})
        if (auto v = check(t)) out.push_back(std::move(*v));
}

sim::Addr current_sp(const model::Model& m, const sim::World& w) {
    return w.mem(m.layout().g_struct() + model::g_field::kSchedSp);
}

std::string actor_name(const model::Model& m, sim::ActorId a) { return m.actors()[a].name; }

}  // namespace stackrace::checker
