// Goal: every Site is named after its label, so a reader finds the step of a trace line
// ("syncadjustsudogs/memmove-read") by grep in the code (Site::syncadjustsudogs_memmove_read).
// Method: expand model/go_sites.def with a SR_SITE that stringizes the identifier, and compare
// it with the label mapped '/' -> '_' and '-' -> '_'; also check that Site::id is the entry of
// the GoSite table that carries that label, in the same order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>

#include "model/go_sites.h"

using stackrace::model::go_site;
using stackrace::model::go_sites;
using stackrace::model::Site;

namespace {

struct Named {
    Site site;
    std::string_view identifier;
    std::string_view label;
};

constexpr Named kNamed[] = {
#define SR_SITE(id, label, ...) {Site::id, #id, label},
#include "model/go_sites.def"
#undef SR_SITE
};

std::string identifier_of(std::string_view label) {
    std::string s(label);
    std::replace(s.begin(), s.end(), '/', '_');
    std::replace(s.begin(), s.end(), '-', '_');
    return s;
}

}  // namespace

TEST_CASE("every Site identifier is its label with '/' and '-' as '_'", "[model][sites]") {
    REQUIRE(std::size(kNamed) == go_sites().size());
    for (std::size_t i = 0; i < std::size(kNamed); ++i) {
        const Named& n = kNamed[i];
        INFO("site " << i << ": " << n.label);
        CHECK(n.identifier == identifier_of(n.label));
        CHECK(static_cast<std::size_t>(n.site) == i);
        CHECK(go_site(n.site).label == n.label);
    }
}
