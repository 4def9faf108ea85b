#include "model/proc.h"

#include "model/chan.h"
#include "model/goroutine.h"
#include "model/runtime_structs.h"
#include "model/throws.h"
#include "sim/assert.h"

namespace stackrace::model {
namespace {

using sim::Addr;

bool is_g_in_select(const Step& s) {
    return s.a == ActorTable::g_actor() && s.m.spec().g.op == GOp::Select;
}

// Where a woken goroutine goes on: selectgo's sellock, or the wake-up of chansend/chanrecv.
Site after_wakeup(const Step& s) {
    if (is_g_in_select(s)) return sellock_wakeup_or_newstack(s);
    return goroutine_sends(s.m, s.a) ? Site::chansend_wakeup : Site::chanrecv_wakeup;
}

}  // namespace

Addr g_of(const Model& m, sim::ActorId a) { return m.actors()[a].g; }

bool ready(const Step& s, Addr gp) {
    const Addr status = gp + g_field::kStatus;
    if (s.m.variant().ready_checks_status && s.x.read(status) != gstatus::kWaiting) {
        ready_bad_status(s);  // goready_peek waited for _Gscan to clear
        return false;
    }
    s.x.cas(status, gstatus::kWaiting, gstatus::kRunnable);
    return true;
}

void ready_bad_status(const Step& s) { throw_(s, Throw::bad_g_status_in_ready); }

bool goready(const Step& s, Addr gp, Addr sg) {
    s.x.write(gp + g_field::kParam, sg);
    // Go 1.16+: `sg.success = true`, after unlockf(), before goready.
    if (s.m.variant().sudog_success) s.x.write(sg + sudog_field::kSuccess, 1);
    return ready(s, gp);
}

Peek goready_peek(const Model& m, const sim::World& w, Site pc, Addr gp) {
    const Addr status = gp + g_field::kStatus;
    const sim::Word st = w.mem(status);
    const bool copying = st == gstatus::kCopystack && !m.variant().ready_checks_status;
    if (copying || (st & gstatus::kScan) != 0)
        return Peek{PeekStatus::Blocked, pc, WaitKind::GStatus, status};
    return enabled(pc);
}

Peek park_peek(const sim::World& w, Site pc, Addr g) {
    const Addr status = g + g_field::kStatus;
    if (w.mem(status) == gstatus::kRunnable) return enabled(pc);
    return Peek{PeekStatus::Blocked, pc, WaitKind::Wakeup, status};
}

void gopark_park_m(const Step& s) {
    SR_ASSERT(s.x.cas(g_of(s.m, s.a) + g_field::kStatus, gstatus::kRunning, gstatus::kWaiting));
    // Go 1.14+: G's unlock function first sets activeStackChans (the other goroutines' stacks
    // are never copied, so their g has the word but the model does not write it).
    if (s.a == ActorTable::g_actor() && s.m.variant().active_stack_chans)
        s.go(is_g_in_select(s) ? Site::selparkcommit_active_stack_chans
                               : Site::chanparkcommit_active_stack_chans);
    else
        s.go(is_g_in_select(s) ? Site::selparkcommit_unlock : Site::goparkunlock_unlock);
}

void goparkunlock_unlock(const Step& s) {
    s.x.unlock(hchan_of(s.m, goroutine_chan(s.m, s.a)).lock(), s.a);
    s.go(Site::schedule_execute);
}

void schedule_execute(const Step& s) {
    SR_ASSERT(s.x.cas(g_of(s.m, s.a) + g_field::kStatus, gstatus::kRunnable, gstatus::kRunning));
    // Go 1.14+ selectgo: `gp.activeStackChans = false` as soon as gopark returns, before
    // sellock (G runs: folded into this step). chansend/chanrecv clear it in their wake-up.
    if (is_g_in_select(s) && s.m.variant().active_stack_chans)
        s.x.write(g_of(s.m, s.a) + g_field::kActiveStackChans, 0);
    s.go(after_wakeup(s));
}

}  // namespace stackrace::model
