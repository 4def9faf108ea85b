#include "model/symbols.h"

#include <fmt/format.h>

namespace stackrace::model {

using sim::Addr;
using sim::Word;

namespace {

// The pointer fields of the heap structures, by the suffix of their names.
bool names_pointer_field(const std::string& n) {
    for (const char* f : {".stack.lo", ".stack.hi", ".sched.sp", ".waiting", ".param", ".g",
                          ".selectdone", ".next", ".prev", ".elem", ".c", ".waitlink", ".buf",
                          ".recvq.first", ".recvq.last", ".sendq.first", ".sendq.last"})
        if (n.ends_with(f)) return true;
    return false;
}

bool is_pointer_on_heap(const Layout& l, Addr a) {
    if (names_pointer_field(l.heap_word(a).name)) return true;
    for (const SenderInfo& s : l.senders())
        if (a >= s.box && a < s.box + s.value.size()) return l.elem(s.chan)[a - s.box] == 'p';
    for (const ReceiverInfo& rv : l.receivers())
        if (a >= rv.slot && a < rv.slot + l.elem_words(rv.chan))
            return l.elem(rv.chan)[a - rv.slot] == 'p';
    return false;
}

// stack_bound names a value of g.stack.lo, g.stack.hi or g.sched.sp by the stack it bounds,
// hi before lo (the old stack's hi may be the new stack's lo); "" for another field.
std::string stack_bound(const Layout& l, const std::string& field, Word v) {
    if (!field.ends_with(".stack.lo") && !field.ends_with(".stack.hi") &&
        !field.ends_with(".sched.sp"))
        return "";
    const sim::Region& grown = l.grown_stack() ? l.map().region(*l.grown_stack()) : l.old_region();
    for (const sim::Region* r : {&l.old_region(), &l.new_region(), &grown}) {
        if (field.ends_with(".stack.hi") && v == r->hi()) return r->name + ".hi";
        if (field.ends_with(".stack.lo") && v == r->lo) return r->name + ".lo";
        if (field.ends_with(".sched.sp") && v == r->hi() - l.used())
            return r->name + ".hi-" + std::to_string(l.used() * sim::kBytesPerWord);
    }
    return "";
}

}  // namespace

std::string symbol(const Layout& l, Addr a) {
    const auto r = l.map().region_of(a);
    if (!r) return a == 0 ? "nil" : "";
    if (*r == l.heap()) return l.heap_word(a).name;
    const std::string suffix = *r == l.new_stack() ? "'" : *r == l.grown_stack() ? "(grown)" : "";
    const sim::Region& reg = l.map().region(*r);
    const int off = static_cast<int>(a) - static_cast<int>(reg.hi() - l.used());
    if (off < 0) return "";
    for (const LocalInfo& loc : l.locals())
        if (static_cast<int>(loc.offset) == off) return loc.name + suffix;
    return "";
}

std::string addr_name(const Layout& l, Addr a) {
    const auto r = l.map().region_of(a);
    if (!r) return a == 0 ? "nil" : fmt::format("0x{:x}", a);
    const sim::Region& reg = l.map().region(*r);
    if (*r == l.heap()) return symbol(l, a);
    const std::string sym = symbol(l, a);
    const std::string where =
        fmt::format("{}+0x{:02x}", reg.name, (a - reg.lo) * sim::kBytesPerWord);
    return sym.empty() ? where : fmt::format("{} ({})", where, sym);
}

bool is_pointer_slot(const Layout& l, Addr a) {
    const auto r = l.map().region_of(a);
    if (!r) return false;
    if (*r == l.heap()) return is_pointer_on_heap(l, a);
    const int off = static_cast<int>(a) - static_cast<int>(l.map().region(*r).hi() - l.used());
    for (const PointerWord& p : l.pointer_words())
        if (static_cast<int>(p.offset) == off) return true;
    return false;
}

std::string value_at(const Layout& l, Addr a, Word v) {
    if (!is_pointer_slot(l, a) || v == sim::kPoisonFresh || v == sim::kPoisonFreed)
        return value_name(v);
    if (v == 0) return "nil";
    const std::string& field =
        l.map().region_of(a) == l.heap() ? l.heap_word(a).name : std::string();
    if (const std::string bound = stack_bound(l, field, v); !bound.empty()) return bound;
    if (l.map().region_of(v) == l.heap() && !l.heap_word(v).base.empty())
        return "&" + l.heap_word(v).base;
    const std::string sym = symbol(l, v);
    if (!sym.empty()) return "&" + sym;
    return addr_name(l, v);
}

std::string value_name(Word v) {
    if (v == sim::kPoisonFresh || v == sim::kPoisonFreed) return fmt::format("0x{:04x}", v);
    return fmt::format("{}", v);
}

}  // namespace stackrace::model
