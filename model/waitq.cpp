#include "model/waitq.h"

#include "model/runtime_structs.h"

namespace stackrace::model {

using sim::Addr;
using namespace sudog_field;

void waitq_enqueue(sim::Exec& x, Addr q_first, Addr sg) {
    const Addr q_last = q_first + 1;
    x.write(sg + kNext, 0);
    const Addr last = x.read(q_last);
    if (last == 0) {
        x.write(sg + kPrev, 0);
        x.write(q_first, sg);
        x.write(q_last, sg);
        return;
    }
    x.write(sg + kPrev, last);
    x.write(last + kNext, sg);
    x.write(q_last, sg);
}

Addr waitq_pop(sim::Exec& x, Addr q_first) {
    const Addr sg = x.read(q_first);
    if (sg == 0) return 0;
    const Addr y = x.read(sg + kNext);
    if (y == 0) {
        x.write(q_first, 0);
        x.write(q_first + 1, 0);
    } else {
        x.write(y + kPrev, 0);
        x.write(q_first, y);
        x.write(sg + kNext, 0);  // mark as removed (see dequeueSudoG)
    }
    return sg;
}

void waitq_dequeue_sudog(sim::Exec& x, Addr q_first, Addr sg) {
    const Addr q_last = q_first + 1;
    const Addr prev = x.read(sg + kPrev);
    const Addr next = x.read(sg + kNext);
    if (prev != 0) {
        if (next != 0) {  // middle of queue
            x.write(prev + kNext, next);
            x.write(next + kPrev, prev);
            x.write(sg + kNext, 0);
            x.write(sg + kPrev, 0);
            return;
        }
        x.write(prev + kNext, 0);  // end of queue
        x.write(q_last, prev);
        x.write(sg + kPrev, 0);
        return;
    }
    if (next != 0) {  // start of queue
        x.write(next + kPrev, 0);
        x.write(q_first, next);
        x.write(sg + kNext, 0);
        return;
    }
    // Either sg is the only element or it has already been removed.
    if (x.read(q_first) == sg) {
        x.write(q_first, 0);
        x.write(q_last, 0);
    }
}

}  // namespace stackrace::model
