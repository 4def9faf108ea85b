// checker/report/html_report.h: a replayed counterexample as one self-contained HTML page.
//
// The page has no external resources (no network, scripts or fonts): a timeline with one lane
// per actor and one box per step (its label and Go function), the violating step and the
// steps that caused it highlighted, and, for the step selected by a click, the stacks and the
// sudogs drawn as memory words with their pointers. The data of every step is embedded as
// JSON; the page's script renders it and, when it ran without an exception, sets
// data-rendered="ok" on <body> (tests/html_test.sh checks it in a headless browser).
#pragma once

#include <string>

#include "checker/trace/trace_check.h"

namespace stackrace::checker {

[[nodiscard]] std::string format_html_report(const TraceCheck& c);

}  // namespace stackrace::checker
