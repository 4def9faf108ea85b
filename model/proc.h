// model/proc.h: proc.go as the model uses it: parking a goroutine (gopark -> park_m, then
// the unlock function), readying it (goready -> ready) and running it again (execute).
//
// The park steps are the same for G and for the other goroutines that block in chansend or
// chanrecv; only G's select unlocks with selparkcommit (model/select.cpp) instead of
// goparkunlock. casgstatus(_Gwaiting, _Grunnable) spins while a copier owns the stack
// (_Gcopystack, or the _Gscan bit in the releases), which goready_peek reports as a wait.
// In the releases (Variant::ready_checks_status) ready first checks the status and throws
// "bad g->status in ready" unless it is _Gwaiting (with or without _Gscan).
#pragma once

#include "model/step.h"

namespace stackrace::model {

// g_of: the g structure of goroutine actor a.
[[nodiscard]] sim::Addr g_of(const Model& m, sim::ActorId a);

// ready: proc.go's ready(gp): casgstatus(gp, _Gwaiting, _Grunnable). With
// Variant::ready_checks_status it first reads the status (folded into this step: the step
// runs once casgstatus's spin would end) and throws unless it is _Gwaiting; returns false
// when it threw (the actor is at throw/fatal-error). Without the check a goroutine no
// longer waiting (a second select winner) keeps its status: the double-select-win property
// has reported it.
[[nodiscard]] bool ready(const Step& s, sim::Addr gp);

// ready_bad_status: `if status&^_Gscan != _Gwaiting { dumpgstatus(gp); throw("bad g->status
// in ready") }`.
void ready_bad_status(const Step& s);

// goready: `gp.param = unsafe.Pointer(sg); goready(gp)`: the waker tells gp which sudog won
// (Go 1.16+, Variant::sudog_success: and `sg.success = true` before goready). Returns false
// when ready threw.
[[nodiscard]] bool goready(const Step& s, sim::Addr gp, sim::Addr sg);

// goready_peek: ready() waits while gp's stack is owned by a copier: casgstatus spins while
// the status is _Gcopystack (the releases' ready throws on it instead) or has _Gscan set.
[[nodiscard]] Peek goready_peek(const Model& m, const sim::World& w, Site pc, sim::Addr gp);

// park_peek: a parked goroutine (pc == schedule_execute) waits for goready.
[[nodiscard]] Peek park_peek(const sim::World& w, Site pc, sim::Addr g);

// The park steps of a goroutine blocked in chansend, chanrecv or selectgo.
void gopark_park_m(const Step& s);        // casgstatus(gp, _Grunning, _Gwaiting); locks still held
void goparkunlock_unlock(const Step& s);  // parkunlock_c: unlock(&c.lock)
void schedule_execute(const Step& s);     // execute: casgstatus(gp, _Grunnable, _Grunning)

}  // namespace stackrace::model
