#include "tests/support/script.h"

#include <fmt/format.h>

namespace stackrace::testing {

bool Script::take(sim::ActorId a) {
    const model::Peek p = model::peek(m_, w_, a);
    if (p.status != model::PeekStatus::Enabled) return false;
    const sim::World before = w_;
    sim::AccessLog log;
    model::step(m_, w_, a, log);
    checker::check_transition(checker::Transition{m_, before, a, p.site, log, w_}, violations_);
    std::vector<model::Peek> peeks;
    for (std::size_t i = 0; i < m_.actors().size(); ++i)
        peeks.push_back(model::peek(m_, w_, static_cast<sim::ActorId>(i)));
    if (auto v = checker::check_deadlock(m_, w_, peeks)) violations_.push_back(*v);
    return true;
}

std::string Script::next_label(const std::string& actor) const {
    const auto a = m_.actors().by_name(actor);
    if (!a) return "no such actor";
    const model::Peek p = model::peek(m_, w_, *a);
    if (p.status == model::PeekStatus::Finished) return "finished";
    return std::string(model::go_site(p.site).label) +
           (p.status == model::PeekStatus::Blocked ? " (blocked)" : "");
}

std::optional<std::string> Script::step(const std::string& actor, const std::string& label) {
    const auto a = m_.actors().by_name(actor);
    if (!a) return fmt::format("no actor {}", actor);
    const model::Peek p = model::peek(m_, w_, *a);
    if (p.status != model::PeekStatus::Enabled || model::go_site(p.site).label != label)
        return fmt::format("{} cannot take {}: next is {}", actor, label, next_label(actor));
    take(*a);
    return std::nullopt;
}

std::optional<std::string> Script::until(const std::string& actor, const std::string& label) {
    const auto a = m_.actors().by_name(actor);
    if (!a) return fmt::format("no actor {}", actor);
    for (int i = 0; i < 10'000; ++i) {
        const model::Peek p = model::peek(m_, w_, *a);
        if (p.status != model::PeekStatus::Finished && model::go_site(p.site).label == label)
            return std::nullopt;
        if (!take(*a))
            return fmt::format("{} stopped before {}: next is {}", actor, label, next_label(actor));
    }
    return "step limit";
}

void Script::finish(const std::string& actor) {
    const auto a = m_.actors().by_name(actor);
    for (int i = 0; a && i < 10'000 && take(*a); ++i) {}
}

void Script::finish_all() {
    for (bool moved = true; moved;) {
        moved = false;
        for (std::size_t a = 0; a < m_.actors().size(); ++a)
            while (take(static_cast<sim::ActorId>(a))) moved = true;
    }
}

bool Script::violated(checker::PropertyId p) const {
    for (const checker::Violation& v : violations_)
        if (v.property == p) return true;
    return false;
}

checker::Scenario scenario(const std::string& name) {
    return checker::load_scenario(std::string(STACKRACE_SOURCE_DIR) + "/scenarios/" + name +
                                  ".toml");
}

checker::Scenario scenario_text(const std::string& text) {
    return checker::parse_scenario("test.toml", text);
}

}  // namespace stackrace::testing
