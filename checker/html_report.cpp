#include "checker/html_report.h"

namespace stackrace::checker {

std::string format_html_report(const TraceCheck&) { return ""; }

}  // namespace stackrace::checker
