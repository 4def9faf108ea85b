// checker/judge/test_hook.h: a test hook that makes an internal error fire at a chosen step.
//
// For the tests only (tests/cli_test.sh): with the environment variable
// STACKRACE_TEST_ASSERT_STEP set to a step label ("syncadjustsudogs/lock"), every step with
// that label fails an SR_ASSERT just before it runs, in explore, replay, minimize and check
// alike, as a bug in the model would. The tests use it to show that an internal error prints
// the schedule that reached it and that this schedule replays to the same error. Unset, it
// does nothing. The variable is read here and nowhere else, once per process.
#pragma once

#include "model/go_sites.h"

namespace stackrace::checker {

// test_hook_before_step is called before every step the checker runs.
void test_hook_before_step(model::Site site);

}  // namespace stackrace::checker
