// model/dequeue.h: chan.go's waitq.dequeue as the steps of the goroutines that call it:
// chansend (on c.recvq), chanrecv (on c.sendq) and closechan (on c.recvq, for each receiver).
//
// dequeue pops the first sudog under c.lock and, for a select's sudog, claims the select:
// `if sgp.selectdone != nil { if *sgp.selectdone != 0 || !atomic.Cas(sgp.selectdone, 0, 1)
// { continue } }`. selectdone points at the `done` word on the selecting goroutine's stack,
// so the load and the CAS are steps of their own: they race the copy of that stack. A
// claimed sudog goes back to its caller (send, recv, or closechan's release); with the queue
// empty the caller takes its other path. G does not call dequeue: it holds its locks and
// polls instead (model/select.cpp).
//
// Go 1.10 (Variant::selectdone_in_g): the flag is g.selectDone, on the heap: `if
// sgp.isSelect && !atomic.Cas(&sgp.g.selectDone, 0, 1) { continue }`. isSelect is a sudog
// field under c.lock, so its read is folded into the pop; the CAS is a step of its own.
#pragma once

#include "model/step.h"

namespace stackrace::model {

void dequeue_pop(const Step& s);               // sgp := q.first; unlink it (or find q empty)
void dequeue_read_selectdone(const Step& s);   // if sgp.selectdone != nil {
void dequeue_load_done(const Step& s);         // *sgp.selectdone != 0: another case already won
void dequeue_cas_done(const Step& s);          // !atomic.Cas(sgp.selectdone, 0, 1): lost the race
void dequeue_cas_g_selectdone(const Step& s);  // !atomic.Cas(&sgp.g.selectDone, 0, 1)

}  // namespace stackrace::model
