// dangling-pointer: after the shrink, a pointer word of the new stack or a sudog field of
// gp.waiting still points into the old stack.
//
// Judged at shrinkstack/casgstatus (scang/restartg in the releases), the step where the
// shrinker gives G's stack back: every
// stack-map pointer word of the new stack and every sudog's elem and selectdone on
// gp.waiting are compared with the old stack's range.
#include <fmt/format.h>

#include "checker/properties/properties.h"
#include "model/runtime_structs.h"

namespace stackrace::checker {

std::optional<Violation> check_dangling_pointer(const Transition& t) {
    if (t.site != model::Site::shrinkstack_casgstatus && t.site != model::Site::scang_restartg)
        return std::nullopt;
    const model::Model& m = t.m;
    const sim::Addr sp = current_sp(m, t.after);
    const auto current = m.layout().map().region_of(sp);
    // A pointer into a stack region other than the one G now runs on (the old stack, or the
    // stack G had grown into).
    const auto stale = [&](sim::Word v) {
        const auto r = m.layout().map().region_of(v);
        return r && m.layout().is_stack_region(*r) && r != current;
    };
    for (const model::PointerWord& p : m.layout().pointer_words()) {
        const auto at = static_cast<sim::Addr>(sp + p.offset);
        const sim::Word v = t.after.mem(at);
        if (stale(v)) {
            return Violation{
                PropertyId::DanglingPointer,
                fmt::format("after the shrink, {} still holds {}, an old-stack address",
                            addr_name(m.layout(), at), addr_name(m.layout(), v)),
                {at, static_cast<sim::Addr>(v)},
                {t.actor}};
        }
    }
    for (sim::Addr sg = t.after.mem(m.layout().g_struct() + model::g_field::kWaiting); sg != 0;
         sg = t.after.mem(sg + model::sudog_field::kWaitlink)) {
        for (sim::Addr f : {model::sudog_field::kElem, model::sudog_field::kSelectdone}) {
            const sim::Word v = t.after.mem(sg + f);
            if (stale(v)) {
                return Violation{
                    PropertyId::DanglingPointer,
                    fmt::format("after the shrink, {} still holds {}, an old-stack address",
                                addr_name(m.layout(), static_cast<sim::Addr>(sg + f)),
                                addr_name(m.layout(), v)),
                    {static_cast<sim::Addr>(sg + f), static_cast<sim::Addr>(v)},
                    {t.actor}};
            }
        }
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
