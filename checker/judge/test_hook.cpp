#include "checker/judge/test_hook.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "sim/assert.h"

namespace stackrace::checker {
namespace {

std::optional<model::Site> hooked_site() {
    const char* label = std::getenv("STACKRACE_TEST_ASSERT_STEP");
    if (label == nullptr || *label == '\0') return std::nullopt;
    return model::site_by_label(label);
}

}  // namespace

void test_hook_before_step(model::Site site) {
    static const std::optional<model::Site> hooked = hooked_site();
    SR_ASSERT_MSG(hooked != site, "test hook STACKRACE_TEST_ASSERT_STEP: a step labelled " +
                                      std::string(model::go_site(site).label));
}

}  // namespace stackrace::checker
