#include "model/go_sites.h"

#include <array>

#include "sim/assert.h"

namespace stackrace::model {
namespace {

using S = Site;

constexpr std::array<GoSite, static_cast<std::size_t>(Site::Count_)> kSites{{
    {S::ShrinkCasgcopystack, "shrinkstack/casgcopystack", "stack.go", "shrinkstack",
     "oldstatus := casgcopystack(gp)",
     "take ownership of G's stack (G must be parked or runnable, not running) and stackalloc "
     "the new stack (not cleared: zero or leftover data, both explored)"},
    {S::ShrinkGdead, "shrinkstack/gdead", "stack.go", "shrinkstack",
     "if readgstatus(gp) == _Gdead {",
     "G has already exited: there is no stack to shrink"},
    {S::FindsghiElem, "findsghi/read-elem", "stack.go", "findsghi",
     "p := uintptr(sg.elem) + uintptr(sg.c.elemsize)",
     "unlocked read of one sudog's elem; raise sghi to the end of the slot if it is on the stack"},
    {S::FindsghiSelectdone, "findsghi/read-selectdone", "stack.go", "findsghi",
     "p = uintptr(unsafe.Pointer(sg.selectdone)) + unsafe.Sizeof(sg.selectdone)",
     "unlocked read of one sudog's selectdone; raise sghi past the done word"},
    {S::SyncLock, "syncadjustsudogs/lock", "stack.go", "syncadjustsudogs", "lock(&sg.c.lock)",
     "lock the channel of the next sudog on gp.waiting (list order is lock order)"},
    {S::AdjustElemRead, "adjustsudogs/read-elem", "stack.go", "adjustpointer", "p := *pp",
     "read sg.elem to see whether it points into the old stack"},
    {S::AdjustElemWrite, "adjustsudogs/write-elem", "stack.go", "adjustpointer",
     "*pp = p + delta", "store the adjusted sg.elem (plain store)"},
    {S::AdjustSelectdoneRead, "adjustsudogs/read-selectdone", "stack.go", "adjustpointer",
     "p := *pp", "read sg.selectdone to see whether it points into the old stack"},
    {S::AdjustSelectdoneWrite, "adjustsudogs/write-selectdone", "stack.go", "adjustpointer",
     "*pp = p + delta", "store the adjusted sg.selectdone (plain store)"},
    {S::SyncCopyRead, "syncadjustsudogs/memmove-read", "stack.go", "syncadjustsudogs",
     "memmove(unsafe.Pointer(newBot), unsafe.Pointer(oldBot), sgsize)",
     "read one old-stack word of [sp, sghi)"},
    {S::SyncCopyWrite, "syncadjustsudogs/memmove-write", "stack.go", "syncadjustsudogs",
     "memmove(unsafe.Pointer(newBot), unsafe.Pointer(oldBot), sgsize)",
     "write that word to the new stack"},
    {S::SyncUnlock, "syncadjustsudogs/unlock", "stack.go", "syncadjustsudogs",
     "unlock(&sg.c.lock)", "unlock the channel of the next sudog on gp.waiting"},
    {S::CopyRead, "copystack/memmove-read", "stack.go", "copystack",
     "memmove(unsafe.Pointer(new.hi-ncopy), unsafe.Pointer(old.hi-ncopy), ncopy)",
     "read one old-stack word of the part not copied under the locks"},
    {S::CopyWrite, "copystack/memmove-write", "stack.go", "copystack",
     "memmove(unsafe.Pointer(new.hi-ncopy), unsafe.Pointer(old.hi-ncopy), ncopy)",
     "write that word to the new stack"},
    {S::CopySwap, "copystack/swap", "stack.go", "copystack", "gp.stack = new",
     "switch G to the new stack (and translate sghi: adjinfo.sghi += adjinfo.delta)"},
    {S::AdjustPtrRead, "adjustpointers/read", "stack.go", "adjustpointers", "p := *pp",
     "read one pointer word of a frame on the new stack (retry: label)"},
    {S::AdjustPtrCas, "adjustpointers/cas", "stack.go", "adjustpointers",
     "if !atomic.Casp1(ppu, unsafe.Pointer(p), unsafe.Pointer(p+delta)) { goto retry }",
     "CAS the adjusted pointer in (frame below sghi); on failure re-read"},
    {S::AdjustPtrWrite, "adjustpointers/write", "stack.go", "adjustpointers", "*pp = p + delta",
     "store the adjusted pointer (plain store)"},
    {S::Stackfree, "copystack/stackfree", "stack.go", "copystack", "stackfree(old, old.hi-old.lo)",
     "free the old stack; its words become 0xfc poison and any later access is use-after-free"},
    {S::ShrinkRestore, "shrinkstack/casgstatus", "stack.go", "shrinkstack",
     "casgstatus(gp, _Gcopystack, oldstatus)", "give G's stack back (goready may proceed)"},

    {S::SelLock, "selectgo/sellock", "select.go", "sellock", "lock(&c.lock)",
     "lock the next distinct channel of the select in lock order (hchan address)"},
    {S::SelPass1, "selectgo/pass1", "select.go", "selectgo",
     "// pass 1 - look for something already waiting",
     "poll every case under the locks: a waiting sender or buffered data"},
    {S::RecvFromSender, "recv/from-sender", "chan.go", "recv",
     "typedmemmove(c.elemtype, ep, sg.elem)",
     "take a parked sender's value (dequeue its sudog, copy, sg.elem = nil)"},
    {S::RecvFromBuffer, "recv/from-buffer", "chan.go", "chanrecv",
     "typedmemmove(c.elemtype, ep, qp)", "take the oldest buffered value"},
    {S::SelUnlockEarly, "selectgo/selunlock-pass1", "select.go", "selunlock", "unlock(&c.lock)",
     "unlock the next channel after a pass-1 receive"},
    {S::RecvGoready, "recv/goready", "chan.go", "recv",
     "gp.param = unsafe.Pointer(sg); goready(gp, 5)", "wake the sender whose value was taken"},
    {S::SelEnqueue, "selectgo/enqueue", "select.go", "selectgo",
     "c.recvq.enqueue(sg)",
     "pass 2: fill a sudog (elem = case slot, selectdone = &done), append it to gp.waiting "
     "in lock order, enqueue it on c.recvq"},
    {S::ChanrecvLock, "chanrecv/lock", "chan.go", "chanrecv", "lock(&c.lock)",
     "lock the channel; then look for a waiting sender or buffered data"},
    {S::ChanrecvEnqueue, "chanrecv/enqueue", "chan.go", "chanrecv", "c.recvq.enqueue(mysg)",
     "fill mysg (elem = receive slot), gp.waiting = mysg, enqueue it on c.recvq"},
    {S::ParkM, "gopark/park_m", "proc.go", "park_m", "casgstatus(gp, _Grunning, _Gwaiting)",
     "the goroutine is parked (its channel locks are still held until the unlock function)"},
    {S::SelParkCommit, "selparkcommit/unlock", "select.go", "selparkcommit",
     "unlock(&lastc.lock)", "unlock function of gopark: unlock the next channel of gp.waiting"},
    {S::GoparkUnlock, "goparkunlock/unlock", "proc.go", "parkunlock_c", "unlock((*mutex)(lock))",
     "unlock function of goparkunlock: unlock the channel"},
    {S::Execute, "schedule/execute", "proc.go", "execute", "casgstatus(gp, _Grunnable, _Grunning)",
     "a woken goroutine runs again (waits until it is runnable)"},
    {S::SelRelock, "selectgo/sellock-wakeup", "select.go", "selectgo", "sellock(sel)",
     "after wake-up, lock the next distinct channel again"},
    {S::SelPass3Clear, "selectgo/pass3-clear", "select.go", "selectgo",
     "sg1.selectdone = nil; sg1.elem = nil; sg1.c = nil",
     "clear one sudog of gp.waiting before unlinking the list"},
    {S::SelPass3Dequeue, "selectgo/pass3-dequeue", "select.go", "selectgo",
     "c.recvq.dequeueSudoG(sglist)",
     "record the winning case (sg == gp.param) or dequeue a losing case's sudog"},
    {S::SelUnlock, "selectgo/selunlock", "select.go", "selunlock", "unlock(&c.lock)",
     "unlock the next channel (reverse lock order)"},
    {S::ChanrecvUnlock, "chanrecv/unlock", "chan.go", "chanrecv", "unlock(&c.lock)",
     "unlock the channel after receiving without blocking"},
    {S::ChanrecvWakeup, "chanrecv/wakeup", "chan.go", "chanrecv", "gp.waiting = nil",
     "after wake-up: unlink mysg from gp.waiting and release it"},
    {S::TestCheck, "TestSelectStackAdjust/check", "chan_test.go", "TestSelectStackAdjust",
     "if cx != &val { t.Error(\"cx no longer points to val\") }",
     "G reads its frames: the received value, every pointer local, every scalar (observer)"},

    {S::SendLock, "chansend/lock", "chan.go", "chansend", "lock(&c.lock)", "lock the channel"},
    {S::DequeuePop, "dequeue/pop", "chan.go", "dequeue", "sgp := q.first",
     "unlink the first sudog of c.recvq (or find the queue empty)"},
    {S::DequeueReadSelectdone, "dequeue/read-selectdone", "chan.go", "dequeue",
     "if sgp.selectdone != nil {", "read the sudog's selectdone pointer"},
    {S::DequeueLoadDone, "dequeue/load-done", "chan.go", "dequeue",
     "if *sgp.selectdone != 0 || !atomic.Cas(sgp.selectdone, 0, 1) {",
     "read the select's done word (non-zero: another case already won, skip it)"},
    {S::DequeueCasDone, "dequeue/cas-done", "chan.go", "dequeue",
     "if *sgp.selectdone != 0 || !atomic.Cas(sgp.selectdone, 0, 1) {",
     "CAS the done word 0 -> 1 to win the select (failure: skip the sudog)"},
    {S::SendReadElem, "send/read-elem", "chan.go", "sendDirect", "dst := sg.elem",
     "read the receiver's slot address from the sudog"},
    {S::SendDirectWrite, "sendDirect/write", "chan.go", "sendDirect",
     "memmove(dst, src, t.size)", "write one word of the value into the receiver's slot"},
    {S::SendClearElem, "send/clear-elem", "chan.go", "send", "sg.elem = nil",
     "clear the sudog's elem (still under the lock in Go 1.7)"},
    {S::SendUnlock, "send/unlock", "chan.go", "send", "unlockf()", "unlock the channel"},
    {S::SendGoready, "send/goready", "chan.go", "send",
     "gp.param = unsafe.Pointer(sg); goready(gp, 4)",
     "wake the receiver: casgstatus(_Gwaiting, _Grunnable) spins while its stack is owned"},
    {S::SendBufPut, "chansend/buf-put", "chan.go", "chansend", "typedmemmove(c.elemtype, qp, ep)",
     "no receiver waiting, room in the buffer: enqueue the value"},
    {S::SendBufUnlock, "chansend/unlock", "chan.go", "chansend", "unlock(&c.lock)",
     "unlock after a buffered send"},
    {S::SendEnqueue, "chansend/enqueue", "chan.go", "chansend", "c.sendq.enqueue(mysg)",
     "no receiver, no room: fill mysg (elem = the value) and enqueue it on c.sendq"},
    {S::SendWakeup, "chansend/wakeup", "chan.go", "chansend", "gp.waiting = nil",
     "after wake-up: a receiver took the value; release mysg"},
    {S::RecvReadElem, "recv/read-elem", "chan.go", "recv", "typedmemmove(c.elemtype, ep, sg.elem)",
     "read the parked sender's sg.elem (for G: the address of its value on its stack)"},
    {S::RecvCopyWord, "recv/copy-word", "chan.go", "recv", "typedmemmove(c.elemtype, ep, sg.elem)",
     "copy one word of the sender's value (into the slot, or to the buffer's tail when full)"},
    {S::RecvClearElem, "recv/clear-elem", "chan.go", "recv", "sg.elem = nil",
     "clear the sender's sudog elem (under the lock in Go 1.7)"},
    {S::RecvUnlock, "recv/unlock", "chan.go", "recv", "unlockf()", "unlock the channel"},
    {S::RecvReturn, "chanrecv/return", "chan.go", "chanrecv", "return true, true",
     "the receiver has its value (observer: lost-value judges it)"},
    {S::SendToReceiver, "send/to-receiver", "chan.go", "send", "sendDirect(c.elemtype, sg, ep)",
     "G (not blocked) hands its value to a parked receiver: dequeue, copy into its slot, "
     "sg.elem = nil"},
    {S::Exit, "exit", "proc.go", "goexit", "goexit()", "the actor has finished"},
}};

}  // namespace

std::span<const GoSite> go_sites() { return kSites; }

const GoSite& go_site(Site s) {
    const auto i = static_cast<std::size_t>(s);
    SR_ASSERT(i < kSites.size());
    SR_ASSERT(kSites[i].site == s);
    return kSites[i];
}

std::optional<Site> site_by_label(std::string_view label) {
    for (const GoSite& g : kSites)
        if (g.label == label) return g.site;
    return std::nullopt;
}

}  // namespace stackrace::model
