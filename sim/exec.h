// sim/exec.h: Exec, the only way a model step touches shared memory.
//
// Each call is one atomic access (a word read, a word write, a CAS, a lock acquire or
// release) and is appended to the step's AccessLog with whether it touched freed memory.
// An access outside memory (a wild pointer) is not performed; it is logged as freed, which
// is what it is from the program's point of view.
#pragma once

#include "sim/access.h"
#include "sim/memory_map.h"
#include "sim/world.h"

namespace stackrace::sim {

class Exec {
public:
    Exec(World& world, const MemoryMap& map, AccessLog& log)
        : world_(world), map_(map), log_(log) {}

    Word read(Addr a);
    void write(Addr a, Word v);
    // cas compares *a with `expected` and, if equal, stores `desired`. Returns success.
    bool cas(Addr a, Word expected, Word desired);

    // Runtime mutexes live in memory: 0 is unlocked, otherwise the holder's ActorId + 1.
    // Callers acquire only when peek() found the lock free.
    void lock(Addr a, ActorId who);
    void unlock(Addr a, ActorId who);

    [[nodiscard]] World& world() { return world_; }
    [[nodiscard]] const MemoryMap& map() const { return map_; }

private:
    [[nodiscard]] bool in_bounds(Addr a) const { return a < world_.shape().memory_words; }
    void log(AccessKind kind, Addr a, Word before, Word after);

    World& world_;
    const MemoryMap& map_;
    AccessLog& log_;
};

[[nodiscard]] inline Word lock_word_for(ActorId who) { return static_cast<Word>(who + 1); }

}  // namespace stackrace::sim
