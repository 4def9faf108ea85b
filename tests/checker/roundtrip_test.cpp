// Goal: explore -> trace file -> parse -> replay reproduces the same violation and final
// state; the trace text survives a parse/format round trip byte for byte.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "checker/suite/run.h"
#include "checker/trace/replay.h"
#include "checker/trace/trace.h"
#include "model/variant.h"
#include "tests/support/script.h"

using namespace stackrace;

namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("every counterexample trace replays to its recorded violation and state",
          "[checker][trace]") {
    const auto s = testing::scenario("select-stack-adjust");
    const std::string dir =
        (std::filesystem::temp_directory_path() / "stackrace-roundtrip").string();
    std::filesystem::remove_all(dir);
    for (const char* name : {"go1.6", "fix-no-lock", "fix-no-cas", "fix-copy-unlocked"}) {
        checker::RunOptions o;
        o.trace_dir = dir;
        const auto run = checker::run_variant(s, *model::find_variant(name), o);
        REQUIRE_FALSE(run.traces.empty());
        for (const checker::WrittenTrace& wt : run.traces) {
            const std::string text = read(wt.path);
            const checker::Trace t = checker::parse_trace(wt.path, text);
            CHECK(checker::format_trace(t) == text);  // byte-identical round trip
            CHECK(t.variant == name);
            CHECK(t.property == wt.property);
            CHECK(t.scenario_hash == s.content_hash);
            CHECK(t.steps.size() == wt.steps);

            const model::Model m(s.spec, *model::find_variant(t.variant));
            checker::ScheduleMismatch why;
            const auto ids = checker::actor_ids(m, t, why);
            REQUIRE(ids);
            std::vector<model::Site> sites;
            for (const auto& st : t.steps) sites.push_back(st.site);
            const auto out =
                checker::replay_schedule(m, *m.roots().by_name(t.fresh_stack), *ids, sites);
            REQUIRE(out.result);
            CHECK(out.result->has(t.property));
            CHECK(out.result->violation_step == t.steps.size());
            CHECK(out.result->final_hash == t.final_hash);
        }
    }
}

TEST_CASE("replay refuses a schedule that does not fit the model, naming the step",
          "[checker][trace]") {
    const auto s = testing::scenario("recv-stack-adjust");
    const model::Model m(s.spec, *model::find_variant("fix"));
    const std::vector<sim::ActorId> schedule{0, 0};
    const std::vector<model::Site> sites{model::Site::shrinkstack_casgcopystack,
                                         model::Site::syncadjustsudogs_lock};
    const auto out = checker::replay_schedule(m, 0, schedule, sites);
    REQUIRE(out.mismatch);
    CHECK(out.mismatch->step == 2);
    CHECK(out.mismatch->problem ==
          "step 2 expects \"syncadjustsudogs/lock\" for shrinker, but the model offers "
          "\"findsghi/read-elem\"");
}
