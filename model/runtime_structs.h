// model/runtime_structs.h: the Go runtime structures as word layouts in simulated memory.
//
// Each structure is a run of consecutive heap words; a field is the structure's address
// plus its offset. Only the fields that the modelled algorithms touch exist. Protection
// rules are Go 1.7's (runtime2.go, chan.go) and are what the model relies on when it folds
// private accesses into a neighbouring step.
#pragma once

#include "sim/word.h"

namespace stackrace::model {

// g: goroutine. atomicstatus is CASed by everyone; the rest is written only by the G
// itself or by whoever owns its stack (_Gcopystack).
namespace g_field {
inline constexpr sim::Addr kStatus = 0;   // atomicstatus
inline constexpr sim::Addr kStackLo = 1;  // stack.lo
inline constexpr sim::Addr kStackHi = 2;  // stack.hi
inline constexpr sim::Addr kSchedSp = 3;  // sched.sp
inline constexpr sim::Addr kWaiting = 4;  // waiting: sudogs in lock order; only the G writes it
inline constexpr sim::Addr kParam = 5;    // param: the winning sudog, set by the waker
inline constexpr sim::Addr kWords = 6;
// selectDone (Go 1.10+, Variant::selectdone_in_g): the select's win flag, CASed 0 -> 1 by
// the dequeuer that wins it. Only the layouts of such variants have this word (Layout::g_words).
inline constexpr sim::Addr kSelectDone = 6;
// Go 1.14+ (Variant::active_stack_chans): activeStackChans, written by G only (true in its
// unlock function, false after wake-up); copystack reads it to choose how to adjust sudogs.
inline constexpr sim::Addr kActiveStackChans = 7;
// Go 1.14.10+ (Variant::parking_on_chan): parkingOnChan (1 from the enqueue to the unlock
// function) and preemptShrink (the scan refused to shrink; not read in the model).
inline constexpr sim::Addr kParkingOnChan = 8;
inline constexpr sim::Addr kPreemptShrink = 9;
}  // namespace g_field

// Goroutine statuses, with Go's values (runtime2.go).
namespace gstatus {
inline constexpr sim::Word kRunnable = 1;
inline constexpr sim::Word kRunning = 2;
inline constexpr sim::Word kWaiting = 4;
inline constexpr sim::Word kDead = 6;
inline constexpr sim::Word kCopystack = 8;
// _Gscan: ORed into _Gwaiting or _Grunnable while the GC owns the stack (scang); whoever
// CASes the status (ready's casgstatus, execute) spins while it is set.
inline constexpr sim::Word kScan = 0x1000;
}  // namespace gstatus

// sudog: g, selectdone, next, prev and elem are protected by the hchan lock of the channel
// the sudog is blocked on ("shrinkstack depends on this"); c and waitlink are written only
// by the G and read by the shrinker while the G is stopped.
namespace sudog_field {
inline constexpr sim::Addr kG = 0;
// *uint32, points at selectgo's `done` on the stack; with Variant::selectdone_in_g it is
// isSelect (1: a select's sudog, whose g.selectDone the dequeuer must CAS).
inline constexpr sim::Addr kSelectdone = 1;
inline constexpr sim::Addr kNext = 2;
inline constexpr sim::Addr kPrev = 3;
inline constexpr sim::Addr kElem = 4;  // the slot to receive into / the value to send
inline constexpr sim::Addr kC = 5;
inline constexpr sim::Addr kWaitlink = 6;
inline constexpr sim::Addr kWords = 7;
// success (Go 1.16+, Variant::sudog_success): true when a send or receive completed through
// the sudog, false when closechan woke it; written under c.lock. Only the layouts of such
// variants have this word (Layout::sudog_words).
inline constexpr sim::Addr kSuccess = 7;
}  // namespace sudog_field

// hchan: lock protects all fields, and several fields of sudogs blocked on the channel.
// elemsize, dataqsiz and buf are immutable after makechan.
namespace hchan_field {
inline constexpr sim::Addr kLock = 0;
inline constexpr sim::Addr kClosed = 1;
inline constexpr sim::Addr kQcount = 2;
inline constexpr sim::Addr kDataqsiz = 3;
inline constexpr sim::Addr kBuf = 4;
inline constexpr sim::Addr kElemsize = 5;  // in words
inline constexpr sim::Addr kSendx = 6;
inline constexpr sim::Addr kRecvx = 7;
inline constexpr sim::Addr kRecvqFirst = 8;
inline constexpr sim::Addr kRecvqLast = 9;
inline constexpr sim::Addr kSendqFirst = 10;
inline constexpr sim::Addr kSendqLast = 11;
inline constexpr sim::Addr kWords = 12;
}  // namespace hchan_field

}  // namespace stackrace::model
