// Goal: `stackrace check` fails, with the right row, when a scenario's expectation no longer
// holds, when a limit stops a run, when a saved trace ends elsewhere or no longer fits the model;
// its JUnit report is well-formed XML with one testcase per row; and the report does not depend
// on the number of threads.
// Method: temp copies of small library scenarios with one line changed, and counterexamples
// saved with save_trace then edited; the expected texts are derived from the unedited files, so
// the tests keep holding when the library's expectations are re-recorded.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "checker/report/junit.h"
#include "checker/scenario/input_error.h"
#include "checker/scenario/scenario.h"
#include "checker/suite/check.h"
#include "checker/suite/run.h"
#include "checker/trace/trace.h"
#include "checker/trace/trace_check.h"
#include "model/go_sites.h"
#include "model/variant.h"

using namespace stackrace;
namespace fs = std::filesystem;

namespace {

const std::string kLibrary = std::string(STACKRACE_SOURCE_DIR) + "/scenarios/";

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// fresh_dir: an empty directory of this test's own.
fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("stackrace-check-test-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// with_line replaces the line starting with `prefix` (it must exist) by `line`.
std::string with_line(const std::string& text, const std::string& prefix, const std::string& line) {
    std::istringstream in(text);
    std::string out, l;
    bool found = false;
    while (std::getline(in, l)) {
        if (!found && l.rfind(prefix, 0) == 0) {
            l = line;
            found = true;
        }
        out += l + "\n";
    }
    REQUIRE(found);
    return out;
}

// without_expect drops the [expect] table (up to the next table or the end).
std::string without_expect(const std::string& text) {
    std::istringstream in(text);
    std::string out, l;
    bool skipping = false;
    while (std::getline(in, l)) {
        if (!l.empty() && l[0] == '[') skipping = l == "[expect]";
        if (!skipping) out += l + "\n";
    }
    return out;
}

const checker::CheckRow& row_of(const checker::CheckReport& r, const std::string& file_end,
                                const std::string& variant) {
    for (const checker::CheckRow& row : r.rows)
        if (row.variant == variant && row.file.size() >= file_end.size() &&
            row.file.compare(row.file.size() - file_end.size(), file_end.size(), file_end) == 0)
            return row;
    FAIL("no row for " << file_end << " " << variant);
    throw std::logic_error("unreachable");
}

checker::CheckReport check(const std::vector<fs::path>& paths, unsigned jobs = 2) {
    checker::CheckOptions o;
    for (const fs::path& p : paths) o.paths.push_back(p.string());
    o.jobs = jobs;
    return checker::run_check(o);
}

// save_counterexample explores `scenario` under `variant`, and keeps its shortest counterexample
// in `dir` with save_trace. Returns the saved path.
std::string save_counterexample(const fs::path& work, const std::string& scenario,
                                const std::string& variant, const fs::path& dir) {
    const checker::Scenario s = checker::load_scenario(kLibrary + scenario + ".toml");
    checker::RunOptions o;
    o.trace_dir = (work / "raw").string();
    const checker::VariantRun run = checker::run_variant(s, *model::find_variant(variant), o);
    REQUIRE_FALSE(run.traces.empty());
    const checker::WrittenTrace* best = &run.traces.front();
    for (const checker::WrittenTrace& t : run.traces)
        if (t.steps < best->steps) best = &t;
    return checker::save_trace(best->path, dir.string(), "");
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_CASE("check: a changed expectation fails its row, saying how, and only that row",
          "[checker][check]") {
    const fs::path dir = fresh_dir("changed");
    const std::string original = read(kLibrary + "recv-stack-adjust.toml");
    const checker::Expectation truth =
        checker::parse_scenario("x.toml", original).expected_for("fix-no-cas");
    REQUIRE_FALSE(truth.verified);  // the ablation shows its race here
    write(dir / "changed.toml",
          with_line(original, "\"fix-no-cas\" =", "\"fix-no-cas\" = \"verified\""));
    write(dir / "same.toml", original);

    const checker::CheckReport r = check({dir});
    CHECK(r.failures() == 1);
    const checker::CheckRow& row = row_of(r, "changed.toml", "fix-no-cas");
    CHECK(row.status == checker::RowStatus::Mismatch);
    CHECK(row.expected == "verified");
    CHECK(row.got == truth.to_string());
    CHECK(row.reason == "expected verified, found " + truth.to_string());
    CHECK(row.command ==
          "stackrace explore " + (dir / "changed.toml").generic_string() + " --variant fix-no-cas");
    CHECK(row_of(r, "same.toml", "fix-no-cas").passed());

    const std::string table = checker::format_check_table(r);
    CHECK_THAT(table, Catch::Contains("\n    expected verified, found " + truth.to_string() +
                                      "\n    $ " + row.command + "\n"));
    CHECK_THAT(table, Catch::Contains("1 of " + std::to_string(r.rows.size()) + " checks failed"));
    const std::regex diff_row(".*changed\\.toml +fix-no-cas +verified +" + truth.to_string() +
                              " +DIFF .*");
    bool found = false;
    std::istringstream lines(table);
    for (std::string l; std::getline(lines, l);) found = found || std::regex_match(l, diff_row);
    CHECK(found);
}

TEST_CASE("check: a missing expected property and an unexpected one are named",
          "[checker][check]") {
    const fs::path dir = fresh_dir("properties");
    const std::string original = read(kLibrary + "recv-stack-adjust.toml");
    const checker::Expectation truth =
        checker::parse_scenario("x.toml", original).expected_for("fix-no-cas");
    REQUIRE(truth.properties == std::vector<checker::PropertyId>{checker::PropertyId::LostValue});
    write(dir / "more.toml", with_line(original, "\"fix-no-cas\" =",
                                       "\"fix-no-cas\" = [\"lost-value\", \"double-select-win\"]"));
    write(dir / "other.toml",
          with_line(original, "\"fix-no-cas\" =", "\"fix-no-cas\" = [\"use-after-free\"]"));

    const checker::CheckReport r = check({dir});
    CHECK(r.failures() == 2);
    CHECK(row_of(r, "more.toml", "fix-no-cas").reason ==
          "expected property double-select-win not found");
    CHECK(row_of(r, "other.toml", "fix-no-cas").reason == "unexpected property lost-value");
}

TEST_CASE("check: a scenario's [limits] max_states hit is a failure named incomplete, never a pass",
          "[checker][check]") {
    const fs::path dir = fresh_dir("limits");
    const std::string original = read(kLibrary + "recv-stack-adjust.toml");
    REQUIRE_FALSE(checker::parse_scenario("x.toml", original).max_states);
    write(dir / "bounded.toml", original + "\n[limits]\nmax_states = 20\n");

    const checker::CheckReport r = check({dir});
    const checker::CheckRow& fix = row_of(r, "bounded.toml", "fix");
    CHECK(fix.status == checker::RowStatus::Incomplete);
    CHECK(fix.got == "incomplete");
    CHECK(fix.reason ==
          "incomplete: stopped at 20 states, the scenario's [limits] max_states; raise it there");
    CHECK(r.failures() ==
          r.rows.size());  // the violating variants cannot pass a bounded run either
    CHECK_THAT(checker::format_check_table(r), Catch::Contains(" INCOMPLETE "));
}

TEST_CASE("check: every variant the [expect] table names, plus fix, in variant order",
          "[checker][check]") {
    const fs::path dir = fresh_dir("variants");
    const std::string text = without_expect(read(kLibrary + "recv-stack-adjust.toml"));
    write(dir / "b.toml",
          text +
              "[expect]\n\"fix-no-cas\" = [\"lost-value\"]\n\"go1.6\" = [\"lost-value\", "
              "\"use-after-free\", \"stale-sudog\", \"runtime-throw\"]\n");
    write(dir / "a.toml", text);

    const checker::CheckReport r = check({dir / "b.toml", dir});  // named twice: checked once
    std::vector<std::string> rows;
    for (const checker::CheckRow& row : r.rows)
        rows.push_back(row.file.substr(row.file.size() - 6) + " " + row.variant);
    CHECK(rows == std::vector<std::string>{"a.toml fix", "b.toml go1.6", "b.toml fix",
                                           "b.toml fix-no-cas"});
    CHECK(r.failures() == 0);
}

TEST_CASE("save_trace keeps a reproducing trace with a scenario path relative to its folder",
          "[checker][check]") {
    const fs::path work = fresh_dir("save");
    const std::string saved =
        save_counterexample(work, "recv-stack-adjust", "fix-no-cas", work / "suite" / "traces");
    const checker::Trace t = checker::load_trace(saved);
    const fs::path scenario(t.scenario_path);
    CHECK(scenario.is_relative());
    CHECK(
        fs::equivalent(work / "suite" / "traces" / scenario, kLibrary + "recv-stack-adjust.toml"));
    CHECK(checker::check_trace(saved, "").outcome == checker::TraceOutcome::Reproduced);

    // A trace that does not reproduce is refused, and nothing is written.
    const std::string text = read(saved);
    write(work / "other.trace", with_line(text, "violation ", "violation clobbered-local"));
    try {
        (void)checker::save_trace((work / "other.trace").string(), (work / "refused").string(), "");
        FAIL("saved a trace that does not reproduce");
    } catch (const checker::InputError& e) {
        CHECK_THAT(e.what(), Catch::StartsWith((work / "other.trace").string() +
                                               ": does not reproduce, not saved: "
                                               "the trace recorded clobbered-local after step"));
    }
    CHECK_FALSE(fs::exists(work / "refused" / "other.trace"));
}

TEST_CASE(
    "check: a saved trace that ends elsewhere or no longer fits fails with the replay message",
    "[checker][check]") {
    const fs::path work = fresh_dir("traces");
    const fs::path suite = work / "suite";
    const std::string saved = save_counterexample(work, "recv-stack-adjust", "fix-no-cas", suite);
    const checker::Trace t = checker::load_trace(saved);
    const std::string text = read(saved);

    // Another outcome: the recorded property is edited.
    write(suite / "other.trace", with_line(text, "violation ", "violation clobbered-local"));
    // No longer fits: one step's label becomes another valid label.
    const std::size_t k = t.steps.size() / 2;  // 0-based
    const std::string offered(model::go_site(t.steps[k].site).label);
    std::string edited_label;
    for (const model::GoSite& g : model::go_sites())
        if (edited_label.empty() && g.label != offered) edited_label = g.label;
    const std::string step = fmt::format("step {} {} ", k + 1, t.steps[k].actor);
    write(suite / "edited.trace", with_line(text, step, step + edited_label));

    const checker::CheckReport r = check({suite});
    CHECK(r.failures() == 2);
    CHECK(row_of(r, fs::path(saved).filename().string(), "fix-no-cas").passed());

    const checker::CheckRow& other = row_of(r, "other.trace", "fix-no-cas");
    CHECK(other.status == checker::RowStatus::DifferentOutcome);
    CHECK(other.expected == fmt::format("clobbered-local after step {}", t.steps.size()));
    CHECK(other.got == fmt::format("lost-value after step {}", t.steps.size()));
    CHECK_THAT(other.reason,
               Catch::EndsWith(fmt::format("now gives lost-value after step {}", t.steps.size())));
    CHECK(other.command == "stackrace replay " + (suite / "other.trace").generic_string());

    const checker::CheckRow& edited = row_of(r, "edited.trace", "fix-no-cas");
    CHECK(edited.status == checker::RowStatus::Stale);
    CHECK(edited.reason ==
          fmt::format("{}:{}: step {} expects \"{}\" for {}, but the model offers \"{}\"",
                      (suite / "edited.trace").generic_string(), t.steps[k].line, k + 1,
                      edited_label, t.steps[k].actor, offered));
    // The same line as `stackrace replay` gives.
    try {
        (void)checker::check_trace((suite / "edited.trace").generic_string(), "");
        FAIL("an edited trace replayed");
    } catch (const checker::TraceMisfit& e) {
        CHECK(e.what() == edited.reason);
    }
}

TEST_CASE("check: a malformed file is bad input, named by file and line", "[checker][check]") {
    const fs::path dir = fresh_dir("malformed");
    write(dir / "a.toml", read(kLibrary + "recv-stack-adjust.toml"));
    write(dir / "traces" / "b.trace", "stackrace-trace 1\ntool x\n");
    try {
        (void)check({dir});
        FAIL("a malformed trace was accepted");
    } catch (const checker::InputError& e) {
        CHECK(std::string(e.what()) == (dir / "traces" / "b.trace").generic_string() +
                                           ":3: truncated trace: no scenario and scenario-hash");
    }
    CHECK_THROWS_WITH(check({dir / "none"}),
                      (dir / "none").string() + ": no such file or directory");
    CHECK_THROWS_WITH(check({dir / "traces" / "missing"}),
                      Catch::EndsWith("no such file or directory"));
}

TEST_CASE("the JUnit report is well-formed XML with one testcase per row and escaped text",
          "[checker][check]") {
    const fs::path work = fresh_dir("junit");
    const fs::path suite = work / "suite";
    const std::string original = read(kLibrary + "recv-stack-adjust.toml");
    write(suite / "a&b.toml",
          with_line(original, "\"fix-no-cas\" =", "\"fix-no-cas\" = \"verified\""));
    const std::string saved =
        save_counterexample(work, "recv-stack-adjust", "fix-no-cas", suite / "traces");
    const checker::CheckReport r = check({suite});
    const std::string xml = checker::format_junit(r);

    CHECK_THAT(xml, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    CHECK_THAT(xml, Catch::EndsWith("</testsuites>\n"));
    CHECK(count(xml, "<testcase ") == r.rows.size());
    CHECK(count(xml, "<failure ") == r.failures());
    CHECK(r.failures() == 1);
    CHECK(count(xml, "<testsuite ") == 2);  // one per file
    CHECK(count(xml, "<testsuite ") == count(xml, "</testsuite>"));
    CHECK_THAT(xml, Catch::Contains(fmt::format(
                        "<testsuites name=\"stackrace check\" tests=\"{}\" failures=\"1\"",
                        r.rows.size())));
    CHECK_THAT(xml, Catch::Contains("a&amp;b.toml"));
    CHECK_THAT(xml,
               Catch::Contains("<testcase name=\"fix-no-cas\" classname=\"" +
                               checker::xml_escape((suite / "a&b.toml").generic_string(), true)));
    CHECK_THAT(xml,
               Catch::Contains(
                   "<failure message=\"expected verified, found lost-value\" type=\"mismatch\">"));
    CHECK_THAT(xml, Catch::Contains("replay: stackrace explore '" +
                                    (suite / "a&amp;b.toml").generic_string() +
                                    "' --variant fix-no-cas\n</failure>"));
    CHECK_THAT(xml,
               Catch::Contains("<testcase name=\"" + fs::path(saved).filename().string() + "\""));
    // Every '&' starts an entity: nothing unescaped slipped through.
    CHECK(std::regex_search(xml, std::regex("&(?!amp;|lt;|gt;|quot;|apos;|#9;|#10;|#13;)")) ==
          false);
}

TEST_CASE("xml_escape writes markup as entities and replaces what XML 1.0 cannot carry",
          "[checker][check]") {
    CHECK(checker::xml_escape("a<b>&\"c'", true) == "a&lt;b&gt;&amp;&quot;c&apos;");
    CHECK(checker::xml_escape("a<b>&\"c'", false) == "a&lt;b&gt;&amp;\"c'");
    CHECK(checker::xml_escape("x\ny\tz", true) == "x&#10;y&#9;z");
    CHECK(checker::xml_escape("x\ny\tz", false) == "x\ny\tz");
    CHECK(checker::xml_escape(std::string("a\x01"
                                          "b\x1b"),
                              false) ==
          "a\xEF\xBF\xBD"
          "b\xEF\xBF\xBD");
    CHECK(checker::xml_escape("caf\xC3\xA9 \xE2\x86\x92", false) ==
          "caf\xC3\xA9 \xE2\x86\x92");  // valid UTF-8 stays
    CHECK(checker::xml_escape("\xC3(\xFF", false) ==
          "\xEF\xBF\xBD(\xEF\xBF\xBD");  // invalid does not
    CHECK(checker::xml_escape("]]>", false) == "]]&gt;");
}

TEST_CASE("check: --jobs 1 and --jobs 3 give the same report, but for the seconds",
          "[checker][check]") {
    const fs::path work = fresh_dir("jobs");
    const fs::path suite = work / "suite";
    for (const char* name : {"recv-stack-adjust", "recv-two-words", "select-discard"})
        write(suite / (std::string(name) + ".toml"), read(kLibrary + name + ".toml"));
    write(suite / "changed.toml", with_line(read(kLibrary + "recv-stack-adjust.toml"),
                                            "\"fix\" =", "\"fix\" = [\"lost-value\"]"));
    const std::string saved =
        save_counterexample(work, "recv-two-words", "go1.6", suite / "traces");
    write(suite / "traces" / "other.trace",
          with_line(read(saved), "violation ", "violation deadlock"));

    const auto table = [](const checker::CheckReport& r) {
        return std::regex_replace(checker::format_check_table(r), std::regex(" +[0-9]+\\.[0-9]+\n"),
                                  "\n");
    };
    const auto junit = [](const checker::CheckReport& r) {
        return std::regex_replace(checker::format_junit(r), std::regex(" time=\"[0-9.]+\""), "");
    };
    const checker::CheckReport one = check({suite}, 1);
    const checker::CheckReport three = check({suite}, 3);
    CHECK(one.failures() == 2);
    CHECK(table(one) == table(three));
    CHECK(junit(one) == junit(three));
    CHECK(table(one) != checker::format_check_table(one));  // the seconds were there to cut
}
