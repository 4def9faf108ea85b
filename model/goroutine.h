// model/goroutine.h: what G's steps share: its locals, its view of its own stack, and the
// selectgo steps (model/select.cpp) that G's machine (model/goroutine.cpp) dispatches to.
//
// G runs selectgo, or chanrecv / chansend as a select of one case: the lock step polls the
// case (pass 1) and the block path is pass 2. G's locals: kI iterates, kWon is the
// winning case + 1, kSg the sudog from gp.param, kPeer a parked goroutine (actor id + 1)
// that G served without blocking and must goready; kGrowWon keeps kWon while G's stack grows
// at selunlock (copystack on G's actor uses every other local).
#pragma once

#include "model/step.h"

namespace stackrace::model {

namespace g_local {
inline constexpr unsigned kI = 0;
inline constexpr unsigned kWon = 1;
inline constexpr unsigned kSg = 2;
inline constexpr unsigned kPeer = 3;
inline constexpr unsigned kGrowWon = 3;  // kPeer is 0 after pass 3
}  // namespace g_local

[[nodiscard]] bool is_select(const Model& m);
[[nodiscard]] bool is_send_op(const Model& m);

// g_local_addr: the address of G's local in the stack G currently runs on (gp.sched.sp).
[[nodiscard]] sim::Addr g_local_addr(const Model& m, const sim::World& w, int local);

// case_slot: the receive slot or sent value of case k on G's stack, or nil when it has none.
[[nodiscard]] sim::Addr case_slot(const Step& s, unsigned k);

// unlock_after_poll: an operation that did not block unlocks (select: every channel, in
// reverse lock order), then readies the goroutine it served, if one was parked.
void unlock_after_poll(const Step& s);
void unlock_after_poll_done(const Step& s);

// selectgo, model/select.cpp.
void selectgo_sellock(const Step& s);
// Where G starts a select: the first sellock, or newstack when the scenario grows G's stack
// in that sellock call.
[[nodiscard]] Site selectgo_entry(const Model& m);
void selectgo_pass1(const Step& s);
void selectgo_selunlock_pass1(const Step& s);
void selectgo_enqueue(const Step& s);
// Go 1.14+: parkingOnChan = 1 before gopark (chansend, chanrecv, selectgo), and the unlock
// function's activeStackChans = true and parkingOnChan = 0 before it unlocks.
void parking_on_chan(const Step& s);
void parkcommit_active_stack_chans(const Step& s);
void parkcommit_parking_on_chan(const Step& s);
void selparkcommit_unlock(const Step& s);
void selectgo_sellock_wakeup(const Step& s);
// Where G goes after wake-up in a select: the post-wake-up sellock, or newstack when the
// scenario grows G's stack there and the variant runs that sellock on G's stack.
[[nodiscard]] Site sellock_wakeup_or_newstack(const Step& s);
void selectgo_pass3_clear(const Step& s);
void selectgo_pass3_dequeue(const Step& s);
void selectgo_selunlock(const Step& s);
// After growth at selunlock: G goes on into selunlock with its winning case (kWon) restored.
void selunlock_after_growth(const Step& s, sim::Word won);

}  // namespace stackrace::model
