// Goal: model/go_lines.def places every step in every release that has its statement, so a
// release variant's replay never falls back to another release's line. Method: each release's
// sites without a line are listed here explicitly (a new site, or an entry lost when the table
// is regenerated, fails), every line is positive and in the site's file, the go1.7 lines of the
// files other than stack.go are the base table's (it is read from go1.7), and a Variant with a
// source and a release's name gets that release's lines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "model/go_lines.h"
#include "model/go_sites.h"

using namespace stackrace::model;

namespace {

// The sites each release does not have a line for, and why.
std::set<Site> lacking(std::string_view release) {
    // Every release owns G's stack through scang's _Gscan bit (not shrinkstack's _Gcopystack)
    // and readies the goroutines a close woke after unlocking (Go 1.6 readied them locked).
    std::set<Site> s{Site::shrinkstack_casgcopystack, Site::shrinkstack_casgstatus,
                     Site::closechan_goready_locked};
    // The statements of Go 1.14 and later (activeStackChans, parkingOnChan): no release
    // up to go1.10 has them.
    s.insert({Site::chansend_parking_on_chan, Site::chanrecv_parking_on_chan,
              Site::selectgo_parking_on_chan, Site::chanparkcommit_active_stack_chans,
              Site::chanparkcommit_parking_on_chan, Site::selparkcommit_active_stack_chans,
              Site::selparkcommit_parking_on_chan, Site::isShrinkStackSafe_parking_on_chan});
    if (release == "go1.10") {
        // Go 1.10 moved the select's done flag into g (g.selectDone, sudog.isSelect).
        s.insert({Site::findsghi_read_selectdone, Site::adjustsudogs_read_selectdone,
                  Site::adjustsudogs_write_selectdone, Site::dequeue_read_selectdone,
                  Site::dequeue_load_done, Site::dequeue_cas_done});
    } else {
        s.insert(Site::dequeue_cas_g_selectdone);  // Go 1.10's CAS of g.selectDone
    }
    return s;
}

Variant release_variant(std::string name) {
    Variant v;
    v.name = std::move(name);
    v.source = GoSource{"zhyoulun/go", std::string(40, '0'), {"src/runtime/chan.go"}};
    return v;
}

}  // namespace

TEST_CASE("every site has a line in every release that has its statement", "[model][sites]") {
    REQUIRE(go_releases().size() == 5);
    for (std::string_view release : go_releases()) {
        const std::set<Site> lacks = lacking(release);
        for (const GoSite& g : go_sites()) {
            INFO(release << " " << g.label);
            const std::optional<GoLine> l = go_line(g.site, release);
            CHECK(l.has_value() == !lacks.contains(g.site));
            if (!l) continue;
            CHECK(l->line > 0);
            CHECK(l->file == g.go_file);
            CHECK(!l->function.empty());
        }
    }
}

TEST_CASE("the base table's lines outside stack.go are go1.7's", "[model][sites]") {
    for (const GoSite& g : go_sites()) {
        if (g.go_file == "stack.go") continue;
        INFO(g.label);
        const std::optional<GoLine> l = go_line(g.site, "go1.7");
        CHECK(g.go_line_no == (l ? l->line : 0U));
        if (l) CHECK(l->function == g.go_function);
        CHECK((g.go_line_no == 0 || !g.go_line_approx));
    }
}

TEST_CASE("statements move between functions and lines between releases", "[model][sites]") {
    CHECK(go_line(Site::selectgo_enqueue, "go1.8")->function == "selectgoImpl");
    CHECK(go_line(Site::selectgo_enqueue, "go1.9")->function == "selectgo");
    CHECK(go_line(Site::recv_copy_word, "go1.7")->function == "recv");
    CHECK(go_line(Site::recv_copy_word, "go1.8")->function == "recvDirect");
    // go1.7.5 moved the post-wake-up sellock onto the system stack (select.go:477-479).
    CHECK(go_line(Site::selectgo_sellock_wakeup, "go1.7")->line == 426);
    CHECK(go_line(Site::selectgo_sellock_wakeup, "go1.7.5")->line == 478);
    CHECK(go_line(Site::dequeue_cas_g_selectdone, "go1.10")->line == 727);
    CHECK(!go_line(Site::dequeue_pop, "go1.11"));
}

TEST_CASE("a variant with a source named after a release gets that release's lines",
          "[model][sites]") {
    const Variant v = release_variant("go1.8");
    REQUIRE(go_release(v) == std::optional<std::string_view>("go1.8"));
    CHECK(go_line(Site::closechan_memclr, *go_release(v))->line == 348);

    Variant no_source = v;
    no_source.source.reset();
    CHECK(!go_release(no_source));
    CHECK(!go_release(release_variant("go1.6")));
    for (std::string_view r : go_releases()) CHECK(go_release(release_variant(std::string(r))));
}
