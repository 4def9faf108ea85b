// checker/scenario/scenario.h: Scenario, one situation read from a TOML file, with expected
// verdicts.
//
// The format is documented in docs/scenario-format.md. load_scenario validates everything
// a Model relies on and reports the first problem as "FILE:LINE: problem" (InputError).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/properties/properties.h"
#include "model/spec.h"

namespace stackrace::checker {

// Expectation: what exploring one variant must give.
struct Expectation {
    bool verified = true;
    std::vector<PropertyId> properties;  // sorted, when !verified
    int line = 0;                        // 0: not written, the default (verified)

    [[nodiscard]] std::string to_string() const;
    bool operator==(const Expectation& o) const {
        return verified == o.verified && properties == o.properties;
    }
};

struct Scenario {
    std::string path;          // as given by the user
    std::string content_hash;  // xxh3-128 of the model's description (canonical_spec)
    std::string title;
    std::string description;
    model::Spec spec;
    std::vector<std::pair<std::string, Expectation>> expect;  // file order
    std::optional<std::uint64_t> max_states;                  // [limits] max_states

    // expected_for returns the expectation for a variant (verified when not listed).
    [[nodiscard]] Expectation expected_for(const std::string& variant) const;
};

// canonical_spec serialises what the model is built from (stack, channels, G, senders), not
// comments, title, expectations or limits: editing those does not invalidate saved traces.
[[nodiscard]] std::string canonical_spec(const model::Spec& spec);

[[nodiscard]] Scenario load_scenario(const std::string& path);
[[nodiscard]] Scenario parse_scenario(const std::string& path, const std::string& text);

}  // namespace stackrace::checker
