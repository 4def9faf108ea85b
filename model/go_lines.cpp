#include "model/go_lines.h"

#include <algorithm>
#include <array>

namespace stackrace::model {
namespace {

struct Entry {
    std::string_view release;
    Site site;
    GoLine where;
};

constexpr Entry kLines[] = {
#define SR_GO_LINE(release, id, file, function, line) {release, Site::id, {file, function, line}},
#include "model/go_lines.def"
#undef SR_GO_LINE
};

constexpr std::array<std::string_view, 5> kReleases{"go1.7", "go1.7.5", "go1.8", "go1.9", "go1.10"};

}  // namespace

std::span<const std::string_view> go_releases() { return kReleases; }

std::optional<GoLine> go_line(Site s, std::string_view release) {
    for (const Entry& e : kLines)
        if (e.site == s && e.release == release) return e.where;
    return std::nullopt;
}

std::optional<std::string_view> go_release(const Variant& v) {
    if (!v.source) return std::nullopt;
    const auto r = std::find(kReleases.begin(), kReleases.end(), v.name);
    if (r == kReleases.end()) return std::nullopt;
    return *r;
}

}  // namespace stackrace::model
