// model/go_sites.h: the step labels of the model and the Go source each one mirrors.
//
// An actor's program counter is a Site: the next step it will take. Every Site has a stable
// label "<gofunc>/<action>" that appears in traces, scenario files and docs (renaming one
// changes the trace format version) and names it: Site::syncadjustsudogs_lock is
// "syncadjustsudogs/lock" ('/' and '-' become '_'). Each Site also records the Go file and
// function it mirrors (Go 1.7 runtime, i.e. commit 276b177 and the channel code of the same
// series), the Go statement quoted, and a one-line explanation; model/go_lines.h adds its
// location in each Go release a release variant models. All of it is one list,
// model/go_sites.def; docs/go-source-map.md is generated from it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sim/word.h"

namespace stackrace::model {

enum class Site : sim::Word {
#define SR_SITE(id, ...) id,
#include "model/go_sites.def"
#undef SR_SITE
    Count_,
};

struct GoSite {
    Site site;
    std::string_view label;        // "syncadjustsudogs/lock"
    std::string_view go_file;      // "stack.go"
    std::string_view go_function;  // "syncadjustsudogs"
    std::string_view go_line;      // the statement, quoted from the Go 1.7 runtime
    std::string_view explanation;  // what the step does in the model
    // The statement's line. stack.go: in the file at commit 276b177. The other files
    // (chan.go, select.go, proc.go, panic.go, chan_test.go): in the Go 1.7 release's file
    // (chan.go and select.go have the same lines at 276b177). 0: the statement is in neither
    // (closechan/goready-locked is Go 1.6's, dequeue/cas-g-selectdone Go 1.10's).
    // docs/gen/go_lines.py derives these lines from the source and checks them; the lines in
    // each release are in model/go_lines.h.
    unsigned go_line_no = 0;
    bool go_line_approx = true;  // the line number was not checked against that text
};

[[nodiscard]] std::span<const GoSite> go_sites();
[[nodiscard]] const GoSite& go_site(Site s);
[[nodiscard]] std::optional<Site> site_by_label(std::string_view label);

}  // namespace stackrace::model
