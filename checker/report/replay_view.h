// checker/report/replay_view.h: what `stackrace replay` shows: the steps in per-actor columns, the
// state of the World at a step, and the violation explained from the replayed accesses.
//
// The text view and the HTML report (checker/report/html_report.h) read the same values: a
// StateView is a World described in the model's names (actors' labels and locks, channel
// queues, stack and sudog words with pointers decoded), so both say the same thing.
//
// Usage:
//   const checker::TraceCheck c = checker::check_trace(path, "");
//   const checker::StepColumns cols(c.model, c.replay);
//   for (std::size_t i = 0; i < c.replay.steps.size(); ++i) fmt::print("{}", cols.row(i, false));
//   fmt::print("{}\n", checker::explain_violation(c.model, c.replay, c.replay.violations[0]));
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checker/trace/replay.h"
#include "model/model.h"

namespace stackrace::checker {

// go_location: "stack.go:797" (the Go 1.7 line a site mirrors), "stack.go:~797" when the line
// number is approximate, "stack.go" when the table has none.
[[nodiscard]] std::string go_location(model::Site s);

// Where a step of a variant is in Go: for a release variant (model::go_release) the file:line
// and function in that release ("chan.go:315", "recvDirect"; the file alone when the release
// lacks the statement), for the other variants go_location and the base table's function.
struct StepLocation {
    std::string loc;
    std::string_view function;
};
[[nodiscard]] StepLocation step_location(model::Site s, const model::Variant& v);

// describe_change: "old+0x18 (x.1): &val -> 42" (addresses as region+offset, pointers as the
// name of what they point to).
[[nodiscard]] std::string describe_change(const model::Model& m, const WordChange& c);

// StepColumns lays replayed steps out with one column per actor (shrinker, G, then senders,
// receivers and closers in scenario order), each as wide as the longest label it shows.
class StepColumns {
public:
    StepColumns(const model::Model& m, const ReplayResult& r);
    [[nodiscard]] std::string header() const;
    // row prints step i (0-based) as one line; a context switch (the actor differs from the
    // previous step's) is preceded by a separator line naming it. verbose adds every access.
    [[nodiscard]] std::string row(std::size_t i, bool verbose) const;

private:
    const model::Model& m_;
    const ReplayResult& r_;
    std::vector<std::size_t> widths_;
    std::size_t statement_width_ = 9;
};

// A World in the model's names.
struct WordView {
    std::string addr;      // "old+0x08" or "sudog(G#0).elem"
    std::string name;      // the local or field ("cx'"), may be empty
    std::string value;     // decoded: "&val'", "42", "0xfdfd", "nil"
    bool pointer = false;  // a pointer slot
    std::string target;    // for a pointer into a stack or a sudog: the addr it points to
};

struct ActorView {
    std::string name;
    std::string pc;                  // the label of its next step, or "finished"
    std::string status;              // "runnable", "blocked on hchan(c).lock", "parked", "finished"
    std::vector<std::string> locks;  // "hchan(c).lock"
};

struct ChanView {
    std::string name;
    std::string lock;                       // "free" or "held by sender1"
    std::vector<std::string> recvq, sendq;  // sudog names in queue order
    std::string detail;                     // "closed, 1/2 buffered"
};

struct RegionView {
    std::string name;             // "old", "new"
    std::string state;            // "allocated" or "free"
    std::vector<WordView> words;  // from hi down to lo (stack order: sp at the bottom)
};

struct SudogView {
    std::string name;  // "sudog(G#0)"
    std::vector<WordView> fields;
};

struct StateView {
    std::vector<ActorView> actors;
    std::vector<ChanView> chans;
    std::vector<RegionView> stacks;
    std::vector<SudogView> sudogs;
};

[[nodiscard]] StateView view_state(const model::Model& m, const sim::World& w);
[[nodiscard]] std::string format_state(const StateView& v);

// worlds_along returns the World before the first step and after each step of `steps`.
[[nodiscard]] std::vector<sim::World> worlds_along(const model::Model& m, std::size_t root,
                                                   std::span<const ReplayedStep> steps);

// explain_violation says in one sentence which steps caused v, from the accesses: the
// violating step's key access, the last write to that word, and the pointer read that led
// the violating actor there (with who changed that pointer afterwards).
[[nodiscard]] std::string explain_violation(const model::Model& m, const ReplayResult& r,
                                            const Violation& v);

// The 1-based steps explain_violation names, for highlighting: the violating step first.
[[nodiscard]] std::vector<std::size_t> cause_steps(const model::Model& m, const ReplayResult& r,
                                                   const Violation& v);

}  // namespace stackrace::checker
