// model/waitq.h: hchan.recvq / hchan.sendq operations (chan.go waitq), through sim::Exec.
//
// Callers hold the channel's lock, which protects the queue words and the next/prev fields
// of the sudogs on it; each function is therefore one step's worth of private accesses.
#pragma once

#include "sim/exec.h"

namespace stackrace::model {

// enqueue appends sg to the queue whose `first` word is at q_first (last at q_first + 1).
void waitq_enqueue(sim::Exec& x, sim::Addr q_first, sim::Addr sg);

// pop unlinks and returns the first sudog, or 0 if the queue is empty (the unlink half of
// waitq.dequeue; the selectdone claim is separate steps of the sender).
[[nodiscard]] sim::Addr waitq_pop(sim::Exec& x, sim::Addr q_first);

// dequeue_sudog removes sg if it is still queued (waitq.dequeueSudoG).
void waitq_dequeue_sudog(sim::Exec& x, sim::Addr q_first, sim::Addr sg);

}  // namespace stackrace::model
