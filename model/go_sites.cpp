#include "model/go_sites.h"

#include <array>

#include "sim/assert.h"

namespace stackrace::model {
namespace {

constexpr std::array<GoSite, static_cast<std::size_t>(Site::Count_)> kSites{{
#define SR_SITE(id, ...) {Site::id, __VA_ARGS__},
#include "model/go_sites.def"
#undef SR_SITE
}};

}  // namespace

std::span<const GoSite> go_sites() { return kSites; }

const GoSite& go_site(Site s) {
    const auto i = static_cast<std::size_t>(s);
    SR_ASSERT(i < kSites.size());
    SR_ASSERT(kSites[i].site == s);
    return kSites[i];
}

std::optional<Site> site_by_label(std::string_view label) {
    for (const GoSite& g : kSites)
        if (g.label == label) return g.site;
    return std::nullopt;
}

}  // namespace stackrace::model
