// checker/report/report.h: what users read: the verdict table, the JSON report, the Go source map.
// Replay listings are in checker/report/replay_view.h.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "checker/scenario/scenario.h"
#include "checker/suite/run.h"
#include "checker/trace/replay.h"

namespace stackrace::checker {

[[nodiscard]] std::string format_table(const Scenario& s, const std::vector<VariantRun>& runs);
[[nodiscard]] nlohmann::json to_json(const Scenario& s, const std::vector<VariantRun>& runs);

// format_go_source_map renders the step-label table as docs/go-source-map.md.
[[nodiscard]] std::string format_go_source_map();

}  // namespace stackrace::checker
