// checker/report.h: what users read: the verdict table, the JSON report, replay listings.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "checker/replay.h"
#include "checker/run.h"
#include "checker/scenario.h"

namespace stackrace::checker {

[[nodiscard]] std::string format_table(const Scenario& s, const std::vector<VariantRun>& runs);
[[nodiscard]] nlohmann::json to_json(const Scenario& s, const std::vector<VariantRun>& runs);

// format_go_source_map renders the step-label table as docs/go-source-map.md.
[[nodiscard]] std::string format_go_source_map();

// format_step prints one replayed step: index, actor, label, and the words it changed.
[[nodiscard]] std::string format_step(const model::Model& m, std::size_t index, const ReplayedStep& st,
                                      bool verbose);

}  // namespace stackrace::checker
