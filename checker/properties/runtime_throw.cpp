// runtime-throw: a goroutine of the modelled Go code throws (runtime.throw, a fatal error that
// stops the program). The model moves the thrower to throw/fatal-error at the step where Go
// checks (model/throws.h): releaseSudog's checks, "G waiting list is corrupted", "chansend:
// spurious wakeup", ready's "bad g->status in ready".
//
// Judged on the step that moved the actor to throw/fatal-error. The violation's words are
// the word whose check failed (the step's last read), for a spurious wake-up gp.param and
// then c.closed; its actors the thrower and, for ready, the goroutine it tried to ready.
#include <fmt/format.h>

#include "checker/properties/properties.h"
#include "model/runtime_structs.h"
#include "model/throws.h"

namespace stackrace::checker {
namespace {

// The addresses of the step's last `n` reads, the latest first.
std::vector<sim::Addr> last_reads(const sim::AccessLog& log, std::size_t n) {
    std::vector<sim::Addr> out;
    for (const sim::Access* a = log.end(); a != log.begin() && out.size() < n;)
        if ((--a)->kind == sim::AccessKind::Read) out.push_back(a->addr);
    return out;
}

}  // namespace

std::optional<Violation> check_runtime_throw(const Transition& t) {
    if (model::pc_of(t.before, t.actor) == model::Site::throw_fatal_error) return std::nullopt;
    const auto thrown = model::thrown(t.after, t.actor);
    if (!thrown) return std::nullopt;
    const model::ThrowInfo& info = model::throw_info(*thrown);
    Violation v{PropertyId::RuntimeThrow,
                fmt::format("{} throws \"{}\" in {}", actor_name(t.m, t.actor), info.text,
                            info.go_function),
                last_reads(t.log, 1),
                {t.actor}};
    if (*thrown == model::Throw::chansend_spurious_wakeup) {
        v.words = last_reads(t.log, 2);  // c.closed, gp.param
        std::swap(v.words.front(), v.words.back());
    }
    if (*thrown == model::Throw::bad_g_status_in_ready && !v.words.empty())
        if (const auto readied = t.m.actors().of_g(
                static_cast<sim::Addr>(v.words.front() - model::g_field::kStatus)))
            v.actors.push_back(*readied);
    return v;
}

}  // namespace stackrace::checker
