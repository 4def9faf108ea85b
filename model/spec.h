// model/spec.h: Spec, the plain-data description of one situation to explore.
//
// A Spec says what G's stack holds (frames of locals, youngest first), what G is blocked
// in (a receive or a select over receive cases), which channels exist and who sends on
// them. checker/scenario/scenario.cpp fills it from a TOML file and validates it with line numbers;
// model::Model turns it into a memory layout, actors and the initial Worlds.
#pragma once

#include <string>
#include <vector>

#include "sim/word.h"

namespace stackrace::model {

enum class LocalKind { Int, Ptr, SelectDone };

struct LocalSpec {
    std::string name;
    LocalKind kind = LocalKind::Int;
    std::string target;   // Ptr: the local it points to
    sim::Word value = 0;  // Int: initial value
    int line = 0;         // scenario line, for messages
};

struct FrameSpec {
    std::string func;  // the Go function the frame belongs to, for display
    std::vector<LocalSpec> locals;
    int line = 0;
};

struct StackSpec {
    unsigned words = 0;      // size of the old stack
    unsigned new_words = 0;  // size of the new stack (0: same as the old)
    bool new_below = false;  // stackalloc places the new stack below the old one (delta < 0)
    // What a freshly allocated stack holds before the copy: stackalloc does not clear it, so
    // it may be zero (a new span) or leftover data. Both are explored unless one is chosen.
    enum class Fresh { Both, Garbage, Zero } fresh = Fresh::Both;
    std::vector<FrameSpec> frames;  // youngest (lowest address, at sp) first
};

struct ChanSpec {
    std::string name;
    std::string elem = "p";  // one letter per word of the element: p pointer, i integer
    unsigned buffer = 0;     // dataqsiz
    int line = 0;

    [[nodiscard]] unsigned elem_words() const { return static_cast<unsigned>(elem.size()); }
};

enum class GOp { Select, Recv, Send };

enum class Dir { Recv, Send };

struct CaseSpec {
    std::string chan;
    Dir dir = Dir::Recv;
    std::string into;  // Recv: the local receiving the value (its first word); empty: discarded
    std::string from;  // Send: the local holding the value to send (its first word)
    int line = 0;
};

struct GSpec {
    GOp op = GOp::Select;
    std::vector<CaseSpec> cases;
    bool start_parked = true;     // explore from G already parked (as in the Go test)
    bool may_end_parked = false;  // a final state with G still parked is acceptable
    // Where G's stack grows, once (newstack -> copystack(gp, 2*size, sync=true)):
    //  Gopark: at the call of gopark, while G holds the channel locks and gp.waiting is
    //    complete (gopark's prologue has a stack check);
    //  SellockWakeup: in selectgo after wake-up, in the sellock call before it locks anything,
    //    while the losing sudogs are still queued (only a select; only in the variants whose
    //    post-wake-up sellock runs on G's stack, Variant::sellock_wakeup_grows);
    //  Sellock: in selectgo's first sellock call, before any lock is held and before any
    //    sudog exists (only a select started running; sellock has a stack check everywhere);
    //  Selunlock: at the selunlock call after pass 3, with gp.waiting nil while G holds every
    //    lock of the select (only a select; selunlock has a stack check everywhere).
    enum class Growth { None, Gopark, SellockWakeup, Sellock, Selunlock } grow = Growth::None;
};

struct SenderSpec {
    std::string name;
    std::string chan;
    std::vector<sim::Word> value;  // empty: default values (heap pointers / distinct integers)
    bool start_early = false;      // runs alone before G, until it finishes or parks
    bool may_end_parked = true;    // a sender left blocked in c.sendq is the scenario's design
    int line = 0;
};

// ReceiverSpec: another goroutine doing `v := <-c` into a slot of its own (heap: its stack is
// not modelled). It may take G's value when G sends, or queue on c.recvq beside G.
struct ReceiverSpec {
    std::string name;
    std::string chan;
    bool start_early = false;  // runs alone before G (parks in c.recvq ahead of G)
    bool may_end_parked = true;
    int line = 0;
};

// CloserSpec: a goroutine calling close(c): it wakes every receiver, clearing each slot
// through sg.elem (for G, a word of its stack).
struct CloserSpec {
    std::string name;
    std::string chan;
    bool start_early = false;
    int line = 0;
};

struct Spec {
    StackSpec stack;
    std::vector<ChanSpec> chans;  // declaration order is hchan address order, i.e. lock order
    GSpec g;
    std::vector<SenderSpec> senders;
    std::vector<ReceiverSpec> receivers;
    std::vector<CloserSpec> closers;
};

}  // namespace stackrace::model
