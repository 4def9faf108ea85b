// use-after-free: a read, write or CAS of a word of freed memory (the old stack after
// stackfree, which Go may hand to another goroutine at once) or of never-allocated memory.
//
// Judged on every step from its access log: sim::Exec marks each access made outside the
// allocated regions.
#include <fmt/format.h>

#include "checker/properties/properties.h"

namespace stackrace::checker {

std::optional<Violation> check_use_after_free(const Transition& t) {
    for (const sim::Access& a : t.log) {
        if (!a.freed) continue;
        const char* verb = a.kind == sim::AccessKind::Read    ? "read"
                           : a.kind == sim::AccessKind::Write ? "wrote"
                           : a.kind == sim::AccessKind::Cas   ? "CASed"
                                                              : "locked";
        std::string what;
        if (a.kind == sim::AccessKind::Write)
            what = fmt::format(" {} into", value_at(t.m.layout(), a.addr, a.after));
        return Violation{
            PropertyId::UseAfterFree,
            fmt::format("{} {}{} freed memory {} at {}", actor_name(t.m, t.actor), verb, what,
                        addr_name(t.m.layout(), a.addr), model::go_site(t.site).label),
            {a.addr},
            {t.actor}};
    }
    return std::nullopt;
}

}  // namespace stackrace::checker
