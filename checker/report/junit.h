// checker/report/junit.h: the check report as JUnit XML, the format Jenkins, GitLab and GitHub
// Actions test reporters read.
//
// One <testsuite> per file (a scenario, or a saved trace), one <testcase> per row: a scenario
// under one variant (name: the variant), or a saved trace (name: its file name). A failing row
// has a <failure> whose message is the reason and whose text adds the command that shows it.
// Only the time attributes vary between identical runs; there is no timestamp or host name.
//
// Usage:
//   const checker::CheckReport r = checker::run_check(o);
//   std::ofstream("report.xml") << checker::format_junit(r);
#pragma once

#include <string>
#include <string_view>

#include "checker/suite/check.h"

namespace stackrace::checker {

[[nodiscard]] std::string format_junit(const CheckReport& r);

// xml_escape makes text safe inside an XML 1.0 attribute value or element: markup characters
// become entities, and bytes XML 1.0 cannot carry (control characters, invalid UTF-8) become
// U+FFFD. In attributes, tab and line breaks become character references so they survive
// attribute-value normalisation.
[[nodiscard]] std::string xml_escape(std::string_view text, bool attribute);

}  // namespace stackrace::checker
