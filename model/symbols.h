// model/symbols.h: names for addresses and values, for traces, replays and reports.
//
// An address prints as region+offset with the symbol it names ("old+0x10 (cx)"), a value as
// what it points to where known ("&cx", "&val'", "&obj(sender1)", "0xfdfd", "42"). Heap words
// are named by the Layout; stack words by G's locals, with "'" on the new stack and
// "(grown)" on the grown one.
#pragma once

#include <string>

#include "model/layout.h"
#include "sim/word.h"

namespace stackrace::model {

[[nodiscard]] std::string addr_name(const Layout& l, sim::Addr a);
[[nodiscard]] std::string value_name(sim::Word v);
// value_at formats the value stored at `a`, as a pointer when `a` is a pointer slot.
[[nodiscard]] std::string value_at(const Layout& l, sim::Addr a, sim::Word v);
[[nodiscard]] bool is_pointer_slot(const Layout& l, sim::Addr a);
[[nodiscard]] std::string symbol(const Layout& l, sim::Addr a);  // "" when the address has no name

}  // namespace stackrace::model
