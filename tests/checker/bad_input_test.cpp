// Goal: bad input gets one clear line naming the file, the line and the problem.
// Method: small malformed scenarios and traces, each with its exact message.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "checker/scenario/input_error.h"
#include "checker/scenario/scenario.h"
#include "checker/trace/trace.h"

#include <fstream>
#include <sstream>

using stackrace::checker::InputError;
using stackrace::checker::parse_scenario;
using stackrace::checker::parse_trace;

namespace {

// A valid minimal scenario; tests replace one line to break it.
const std::string kGood = R"([stack]

[[stack.frame]]
func = "f"
locals = [
  { name = "x", kind = "ptr", to = "v" },
  { name = "v", kind = "int", value = 1 },
]

[[chan]]
name = "c"

[g]
op = "recv"
cases = [{ chan = "c", into = "x" }]

[[sender]]
name = "s1"
chan = "c"

[expect]
fix = "verified"
)";

std::string error_of(const std::string& text) {
    try {
        (void)parse_scenario("bad.toml", text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the minimal scenario used below is valid", "[checker][bad-input]") {
    CHECK(error_of(kGood) == "no error");
}

TEST_CASE("malformed scenarios name file, line and problem", "[checker][bad-input]") {
    CHECK(error_of(replace(kGood, "fix = \"verified\"", "fixx = \"verified\"")) ==
          "bad.toml:22: unknown variant \"fixx\" (expected one of: go1.6, fix, fix-lastc, "
          "fix-close-ready-locked, fix-grow-locks, fix-no-lock, "
          "fix-no-cas, fix-copy-unlocked, fix-sghi-no-elemsize, fix-sghi-no-selectdone, "
          "fix-no-sghi-delta, go1.7, go1.7.5, go1.8, go1.9, go1.10, go1.14, go1.14.10, "
          "go1.15, go1.15.3, go1.16, go1.20, go1.23, go1.25)");
    CHECK(error_of(replace(kGood, "fix = \"verified\"", "fix = [\"lost-valu\"]")) ==
          "bad.toml:22: unknown property \"lost-valu\" (expected one of: lost-value, "
          "clobbered-local, "
          "dangling-pointer, use-after-free, double-select-win, deadlock, stale-sudog, "
          "runtime-throw)");
    CHECK(error_of(replace(kGood, "to = \"v\"", "to = \"w\"")) ==
          "bad.toml:6: local \"x\" points to \"w\", which is not a local");
    CHECK(error_of(replace(kGood, "kind = \"int\"", "kind = \"float\"")) ==
          "bad.toml:7: kind = \"float\": expected \"int\", \"ptr\" or \"selectdone\"");
    CHECK(error_of(replace(kGood, "{ chan = \"c\", into", "{ chan = \"e\", into")) ==
          "bad.toml:15: case on unknown channel \"e\" (channels: c)");
    CHECK(error_of(replace(kGood, "op = \"recv\"", "op = \"sned\"")) ==
          "bad.toml:14: op = \"sned\": expected \"select\", \"recv\" or \"send\"");
    CHECK(error_of(replace(kGood, "op = \"recv\"", "op = \"send\"")) ==
          "bad.toml:15: a send case takes \"from\", not \"into\"");
    CHECK(error_of(replace(kGood, "name = \"s1\"", "name = \"s1\"\nspeed = 3")) ==
          "bad.toml:19: unknown key \"speed\" in [[sender]] (expected one of: name, chan, value, "
          "start, may_end_parked)");
    CHECK(error_of(replace(kGood, "op = \"recv\"", "op = \"select\"")) ==
          "bad.toml:3: a select needs exactly one local of kind \"selectdone\" (selectgo's done "
          "word)");
    CHECK(error_of(replace(kGood, "[stack]", "[stack]\nwords = 1")) ==
          "bad.toml:1: [stack] words = 1 is smaller than the 3 words in use (the frames and "
          "goexit's)");
    CHECK(
        error_of(
            replace(kGood, "[[chan]]\nname = \"c\"", "[[chan]]\nname = \"c\"\nelem = \"pp\"")) ==
        "bad.toml:7: local \"v\" receives word 1 of a \"pp\" element: it must be of kind \"ptr\"");
    CHECK(error_of(
              replace(kGood, "[[chan]]\nname = \"c\"", "[[chan]]\nname = \"c\"\nelem = \"pip\"")) ==
          "bad.toml:16: \"x\" must start 3 consecutive locals of one frame (elem \"pip\")");
}

TEST_CASE("a sent pointer can only be nil or the sender's heap object", "[checker][bad-input]") {
    CHECK(error_of(replace(kGood, "chan = \"c\"\n\n[expect]",
                           "chan = \"c\"\nvalue = [12]\n\n[expect]")) ==
          "bad.toml:17: sender \"s1\": word 0 of the value is a pointer: it can only be 0 (nil); "
          "omit value to "
          "send a heap pointer (a sent value never points into a stack)");
    CHECK(error_of(replace(kGood, "chan = \"c\"\n\n[expect]",
                           "chan = \"c\"\nvalue = [0]\n\n[expect]")) == "no error");
}

// Goal: a G that cannot park alone is the user's error, found by the scenario check, never an
// internal error of the model (which asserts the same as an invariant).
// Method: an early sender waits on the channel, so G's receive completes instead of parking.
TEST_CASE("a G that starts parked must park when it runs alone", "[checker][bad-input]") {
    const std::string early =
        replace(kGood, "chan = \"c\"\n\n[expect]", "chan = \"c\"\nstart = \"early\"\n\n[expect]");
    CHECK(error_of(early) ==
          "bad.toml:13: with start = \"parked\", G must block when it runs alone after the early "
          "actors, but it completes; use start = \"running\"");
    CHECK(error_of(replace(early, "op = \"recv\"", "op = \"recv\"\nstart = \"running\"")) ==
          "no error");
}

TEST_CASE("a scenario with more goroutines than the model holds names the limit",
          "[checker][bad-input]") {
    // 8 receivers and 7 more senders beside s1: 16 goroutines besides the shrinker and G. The
    // message names the first one beyond the limit, in actor order (senders, receivers,
    // closers): receiver r6, or r7 with one sender fewer.
    std::string more;
    for (int i = 0; i < 8; ++i)
        more += fmt::format("[[receiver]]\nname = \"r{}\"\nchan = \"c\"\n\n", i);
    for (int i = 2; i < 9; ++i)
        more += fmt::format("[[sender]]\nname = \"s{}\"\nchan = \"c\"\n\n", i);
    const std::string too_many = replace(kGood, "[expect]", more + "[expect]");
    CHECK(error_of(too_many) ==
          "bad.toml:45: 16 senders, receivers and closers: the model holds at most 14 (16 actors "
          "with the shrinker and G)");
    CHECK(error_of(replace(too_many, "[[sender]]\nname = \"s8\"\nchan = \"c\"\n\n", "")) ==
          "bad.toml:49: 15 senders, receivers and closers: the model holds at most 14 (16 actors "
          "with the shrinker and G)");
}

TEST_CASE("actor names are unique across senders, receivers and closers", "[checker][bad-input]") {
    CHECK(error_of(replace(kGood, "[expect]",
                           "[[receiver]]\nname = \"s1\"\nchan = \"c\"\n\n[expect]")) ==
          "bad.toml:22: actor \"s1\" is declared twice");
    CHECK(error_of(replace(kGood, "name = \"s1\"", "name = \"G\"")) ==
          "bad.toml:18: sender name \"G\" is reserved");
}

TEST_CASE("a TOML syntax error names its line", "[checker][bad-input]") {
    const std::string msg = error_of(replace(kGood, "name = \"c\"", "name = \"c"));
    CHECK(msg.rfind("bad.toml:11: ", 0) == 0);
}

namespace {

const std::string kTrace = R"(# comment
stackrace-trace 1
tool stackrace 0.1.0
scenario scenarios/x.toml
scenario-hash 0123456789abcdef0123456789abcdef
variant fix
options max-states=10
fresh-stack garbage
steps 2
step 1 shrinker shrinkstack/casgcopystack
step 2 shrinker findsghi/read-elem
violation lost-value
message m
final-hash 0123456789abcdef0123456789abcdef
end
)";

std::string trace_error(const std::string& text) {
    try {
        (void)parse_trace("t.trace", text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("malformed traces name file, line and problem", "[checker][bad-input]") {
    CHECK(trace_error(kTrace) == "no error");
    CHECK(trace_error("") == "t.trace:1: empty file: not a stackrace trace");
    CHECK(trace_error(replace(kTrace, "stackrace-trace 1", "stackrace-trace 0")) ==
          "t.trace:2: trace format version 0 is not supported (this stackrace reads version 1)");
    CHECK(trace_error(replace(kTrace, "step 2 shrinker", "step 3 shrinker")) ==
          "t.trace:11: step 3 out of order: expected step 2");
    CHECK(trace_error(replace(kTrace, "findsghi/read-elem", "findsghi/read-elm")) ==
          "t.trace:11: step 2: unknown step label \"findsghi/read-elm\" (the model has changed?)");
    CHECK(trace_error(kTrace.substr(0, kTrace.find("step 2"))) ==
          "t.trace:11: truncated trace: 2 steps declared, 1 found");
    CHECK(trace_error(replace(kTrace, "end\n", "")) ==
          "t.trace:15: truncated trace: no \"end\" line");
    CHECK(trace_error(replace(kTrace, "violation lost-value", "violation lost")) ==
          "t.trace:12: unknown property \"lost\" (expected one of: lost-value, clobbered-local, "
          "dangling-pointer, "
          "use-after-free, double-select-win, deadlock, stale-sudog, runtime-throw)");
    CHECK(trace_error(replace(kTrace, "final-hash 0123", "final-hash x123")) ==
          "t.trace:14: final-hash must be 32 hex digits");
    CHECK(trace_error(replace(kTrace, "fresh-stack garbage\n", "")) ==
          "t.trace:15: truncated trace: no fresh-stack line");
}

TEST_CASE("reordered, duplicated or edited trace records name file and line",
          "[checker][bad-input]") {
    // Two step lines swapped.
    CHECK(
        trace_error(replace(
            kTrace, "step 1 shrinker shrinkstack/casgcopystack\nstep 2 shrinker findsghi/read-elem",
            "step 2 shrinker findsghi/read-elem\nstep 1 shrinker shrinkstack/casgcopystack")) ==
        "t.trace:10: step 2 out of order: expected step 1");
    // A step after the violation, before the count, or beyond it.
    CHECK(trace_error(replace(kTrace, "violation lost-value\n", "")) ==
          "t.trace:15: truncated trace: no violation line");
    CHECK(trace_error(replace(kTrace, "step 2 shrinker findsghi/read-elem\nviolation lost-value",
                              "violation lost-value\nstep 2 shrinker findsghi/read-elem")) ==
          "t.trace:12: \"step\" after \"violation\"");
    CHECK(trace_error(replace(kTrace, "steps 2\n", "")) == "t.trace:9: \"step\" before \"steps\"");
    CHECK(trace_error(replace(kTrace, "steps 2", "steps 1")) ==
          "t.trace:11: step 2 beyond the 1 steps declared");
    // A record given twice.
    CHECK(trace_error(replace(kTrace, "variant fix\n", "variant fix\nvariant go1.6\n")) ==
          "t.trace:7: duplicate \"variant\" record (first at line 6)");
    CHECK(trace_error(replace(kTrace, "final-hash", "violation deadlock\nfinal-hash")) ==
          "t.trace:14: duplicate \"violation\" record (first at line 12)");
    // Edited fields.
    CHECK(trace_error(replace(kTrace, "stackrace-trace 1", "stackrace-trace one")) ==
          "t.trace:2: bad format version \"one\"");
    CHECK(trace_error(replace(kTrace, "stackrace-trace 1", "stackrace-trace 2")) ==
          "t.trace:2: trace format version 2 is not supported (this stackrace reads version 1)");
    CHECK(trace_error(
              replace(kTrace, "step 1 shrinker shrinkstack/casgcopystack", "step 1 shrinker")) ==
          "t.trace:10: a step line is \"step INDEX ACTOR LABEL\"");
    CHECK(trace_error(replace(kTrace, "scenario-hash 0123", "scenario-hash 012")) ==
          "t.trace:5: scenario-hash must be 32 hex digits");
    CHECK(trace_error(replace(kTrace, "end\n", "end\nstep 3 shrinker findsghi/read-elem\n")) ==
          "t.trace:16: text after \"end\"");
    CHECK(trace_error(replace(kTrace, "options", "option")) ==
          "t.trace:7: unknown line \"option\"");
    CHECK(trace_error("tool stackrace\n") ==
          "t.trace:1: not a stackrace trace (expected \"stackrace-trace VERSION\" as the first "
          "line)");
    // Windows line ends are not an edit.
    std::string crlf;
    for (char ch : kTrace) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    CHECK(trace_error(crlf) == "no error");
    // Lines of white space only are blank lines, wherever they stand (a fuzzed trace with one
    // among its steps once crashed the parser); a record may be indented.
    CHECK(trace_error(replace(kTrace, "step 2 shrinker", " \t \nstep 2 shrinker")) == "no error");
    CHECK(trace_error(replace(kTrace, "tool stackrace", "  tool stackrace")) == "no error");
    CHECK(trace_error(replace(kTrace, "\ntool stackrace 0.1.0\n", "\n  tool\n")) == "no error");
    CHECK(trace_error(replace(kTrace, "variant fix", "  variant")) ==
          "t.trace:6: \"variant\" needs one name");
}

// The example in docs/scenario-format.md is a valid scenario: the format documentation and
// the parser cannot drift apart unnoticed.
TEST_CASE("the documented example scenario loads", "[checker][docs]") {
    std::ifstream in(std::string(STACKRACE_SOURCE_DIR) + "/docs/scenario-format.md");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const auto begin = doc.find("```toml\n");
    REQUIRE(begin != std::string::npos);
    const auto end = doc.find("```", begin + 8);
    const std::string example = doc.substr(begin + 8, end - begin - 8);
    const auto s = parse_scenario("docs/scenario-format.md", example);
    CHECK(s.spec.g.cases.size() == 2);
    CHECK(s.spec.receivers.size() == 1);
}

// Goal: a growth point is one of the documented values, and "sellock-wakeup", "sellock" and
// "selunlock" only where selectgo runs them ("sellock" only where G has not locked yet).
TEST_CASE("grow names a growth point G can reach", "[checker][bad-input]") {
    const auto with_grow = [](const std::string& value) {
        return replace(kGood, "op = \"recv\"",
                       "op = \"recv\"\nstart = \"running\"\ngrow = " + value);
    };
    const std::string expected =
        "bad.toml:16: grow: expected true, false, \"gopark\", \"sellock-wakeup\", \"sellock\" "
        "or \"selunlock\"";
    CHECK(error_of(with_grow("true")) == "no error");
    CHECK(error_of(with_grow("\"gopark\"")) == "no error");
    CHECK(error_of(with_grow("\"selectgo\"")) == expected);
    CHECK(error_of(with_grow("3")) == expected);
    CHECK(error_of(with_grow("\"sellock-wakeup\"")) ==
          "bad.toml:16: grow = \"sellock-wakeup\" needs op = \"select\": only selectgo relocks "
          "after wake-up");
    CHECK(error_of(with_grow("\"sellock\"")) ==
          "bad.toml:16: grow = \"sellock\" needs op = \"select\": only selectgo calls sellock");
    CHECK(error_of(with_grow("\"selunlock\"")) ==
          "bad.toml:16: grow = \"selunlock\" needs op = \"select\": only selectgo calls "
          "selunlock");
    const auto select_with_grow = [](const std::string& value) {
        return replace(kGood, "op = \"recv\"", "op = \"select\"\ngrow = " + value);
    };
    CHECK(error_of(select_with_grow("\"sellock\"")) ==
          "bad.toml:15: grow = \"sellock\" needs start = \"running\": a parked G has locked its "
          "channels already");
}
