// model/go_sites.h: the step labels of the model and the Go source each one mirrors.
//
// An actor's program counter is a Site: the next step it will take. Every Site has a stable
// label "<gofunc>/<action>" that appears in traces, scenario files and docs (renaming one
// changes the trace format version), the Go file and function it mirrors (Go 1.7 runtime,
// i.e. commit 276b177 and the channel code of the same series), the Go statement quoted,
// and a one-line explanation. docs/go-source-map.md is generated from this table.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sim/word.h"

namespace stackrace::model {

enum class Site : sim::Word {
    // The shrinker: shrinkstack -> copystack(gp, newsize, sync=false).
    ShrinkCasgcopystack,
    ShrinkGdead,
    FindsghiElem,
    FindsghiSelectdone,
    SyncLock,
    AdjustElemRead,
    AdjustElemWrite,
    AdjustSelectdoneRead,
    AdjustSelectdoneWrite,
    SyncCopyRead,
    SyncCopyWrite,
    SyncUnlock,
    CopyRead,
    CopyWrite,
    CopySwap,
    AdjustPtrRead,
    AdjustPtrCas,
    AdjustPtrWrite,
    Stackfree,
    ShrinkRestore,
    GrowCasg,
    GrowRestore,
    // G: selectgo or chanrecv, then the checks of TestSelectStackAdjust.
    SelLock,
    SelPass1,
    RecvFromSender,
    RecvFromBuffer,
    SelUnlockEarly,
    RecvGoready,
    SelEnqueue,
    ChanrecvLock,
    ChanrecvEnqueue,
    ParkM,
    SelParkCommit,
    GoparkUnlock,
    Execute,
    SelRelock,
    SelPass3Clear,
    SelPass3Dequeue,
    SelUnlock,
    ChanrecvUnlock,
    ChanrecvWakeup,
    TestCheck,
    // Senders: chansend -> dequeue -> send (Go 1.7: the write happens under c.lock).
    SendLock,
    DequeuePop,
    DequeueReadSelectdone,
    DequeueLoadDone,
    DequeueCasDone,
    SendReadElem,
    SendDirectWrite,
    SendClearElem,
    SendUnlock,
    SendGoready,
    SendBufPut,
    SendBufUnlock,
    SendEnqueue,
    SendWakeup,
    // Other receivers (chanrecv into their own heap slot), and G's sends.
    RecvReadElem,
    RecvCopyWord,
    RecvClearElem,
    RecvUnlock,
    RecvReturn,
    SendToReceiver,
    RecvClosed,
    CloseLock,
    CloseSetClosed,
    CloseReadElem,
    CloseMemclr,
    CloseClearElem,
    CloseGoreadyLocked,
    CloseUnlock,
    CloseGoready,
    // Terminal: the actor has returned.
    Exit,
    Count_,
};

struct GoSite {
    Site site;
    std::string_view label;        // "syncadjustsudogs/lock"
    std::string_view go_file;      // "stack.go"
    std::string_view go_function;  // "syncadjustsudogs"
    std::string_view go_line;      // the statement, quoted from the Go 1.7 runtime
    std::string_view explanation;  // what the step does in the model
    // The statement's line (0: not known). stack.go: in the file at commit 276b177, read off
    // the commit's own diff. select.go: in the Go 1.7 release's file (the same lines as at
    // golang/go@8fb182d0, early 2016). chan.go and proc.go: not recorded, since no verified
    // Go 1.7 copy of them was at hand (docs/go-source-map.md).
    unsigned go_line_no = 0;
    bool go_line_approx = true;    // the line number was not checked against that text
};

[[nodiscard]] std::span<const GoSite> go_sites();
[[nodiscard]] const GoSite& go_site(Site s);
[[nodiscard]] std::optional<Site> site_by_label(std::string_view label);

}  // namespace stackrace::model
