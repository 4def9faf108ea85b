#include "sim/exec.h"

#include "sim/assert.h"

namespace stackrace::sim {

void Exec::log(AccessKind kind, Addr a, Word before, Word after) {
    log_.add(Access{kind, a, before, after, !in_bounds(a) || !map_.is_live(world_, a)});
    SR_ASSERT_MSG(!log_.overflowed(), "a step made more accesses than AccessLog holds");
}

Word Exec::read(Addr a) {
    const Word v = in_bounds(a) ? world_.mem(a) : kPoisonFreed;
    log(AccessKind::Read, a, v, v);
    return v;
}

void Exec::write(Addr a, Word v) {
    const Word before = in_bounds(a) ? world_.mem(a) : kPoisonFreed;
    if (in_bounds(a)) world_.set_mem(a, v);
    log(AccessKind::Write, a, before, in_bounds(a) ? v : before);
}

bool Exec::cas(Addr a, Word expected, Word desired) {
    const Word before = in_bounds(a) ? world_.mem(a) : kPoisonFreed;
    const bool ok = in_bounds(a) && before == expected;
    if (ok) world_.set_mem(a, desired);
    log(AccessKind::Cas, a, before, ok ? desired : before);
    return ok;
}

void Exec::lock(Addr a, ActorId who) {
    SR_ASSERT(in_bounds(a));
    SR_ASSERT_MSG(world_.mem(a) == 0, "lock step taken while the lock is held");
    world_.set_mem(a, lock_word_for(who));
    log(AccessKind::Lock, a, 0, lock_word_for(who));
}

void Exec::unlock(Addr a, ActorId who) {
    SR_ASSERT(in_bounds(a));
    SR_ASSERT_MSG(world_.mem(a) == lock_word_for(who), "unlock of a lock the actor does not hold");
    world_.set_mem(a, 0);
    log(AccessKind::Unlock, a, lock_word_for(who), 0);
}

}  // namespace stackrace::sim
