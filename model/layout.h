// model/layout.h: Layout, where a Spec's structures and G's locals live in simulated memory.
//
// The Layout is computed once from the Spec and never changes: the memory map (the heap,
// the old and new stacks, the grown stack), the address of every g, hchan, buffer, sudog,
// sent value and receive slot on the heap, and G's frames, locals and pointer words on its
// stack, as offsets above sp. It also keeps the name of every heap word, for printing
// (model/symbols.h).
//
// What the Go release has decides two things (the Variant): whether g has a selectDone word
// and whether selectgo's frame has its `done` local (Variant::selectdone_in_g: g.selectDone,
// no `done`). The other variants lay out exactly what they always did.
//
// Heap addresses follow the Spec's order: the g structures (G, then the senders, receivers
// and closers), the hchans, their buffers, G's sudogs (one per case), then each sender's
// sudog, value and pointed-to objects, then each receiver's sudog and slot.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/spec.h"
#include "model/variant.h"
#include "sim/memory_map.h"
#include "sim/word.h"

namespace stackrace::model {

// LocalInfo: one word of G's stack, at `offset` words above sp.
struct LocalInfo {
    std::string name;
    LocalKind kind = LocalKind::Int;
    int target = -1;  // Ptr: index of the local it points to
    sim::Word value = 0;
    unsigned offset = 0;
    unsigned frame = 0;
};

struct FrameInfo {
    std::string func;
    unsigned offset = 0;  // first word, above sp
    unsigned words = 0;
};

// PointerWord: an entry of the stack maps: a pointer slot that adjustpointers visits.
struct PointerWord {
    unsigned offset = 0;        // above sp
    unsigned frame_offset = 0;  // the frame's first word: adjustpointers' scanp
};

struct CaseInfo {
    unsigned chan = 0;
    Dir dir = Dir::Recv;
    int slot = -1;  // local index of the receive slot's (or sent value's) first word; -1: none
    sim::Addr sudog = 0;
};

struct ReceiverInfo {
    unsigned chan = 0;
    sim::Addr sudog = 0;
    sim::Addr slot = 0;  // where it receives (heap), elem_words words
    bool may_end_parked = true;
    sim::Addr g = 0;  // its g structure
};

struct SenderInfo {
    unsigned chan = 0;
    sim::Addr sudog = 0;
    sim::Addr box = 0;             // the value it sends (`ep`), elem_words words
    std::vector<sim::Word> value;  // the words of that value
    bool may_end_parked = true;
    sim::Addr g = 0;  // its g structure
};

struct CloserInfo {
    unsigned chan = 0;
    sim::Addr g = 0;  // its g structure
};

// HeapWord: the printed name of one heap word ("hchan(c).qcount", "val(sender1)[1]"), and
// the structure that starts there, if any ("hchan(c)"): a pointer to it prints as that.
struct HeapWord {
    std::string name;
    std::string base;
};

// The value of the goexit frame's word (a return PC) at the top of every stack.
inline constexpr sim::Word kGoexitPc = 0x0e11;

class HeapAllocator;

class Layout {
public:
    Layout(const Spec& spec, const Variant& variant);

    [[nodiscard]] const sim::MemoryMap& map() const { return map_; }

    // Regions.
    [[nodiscard]] sim::RegionId heap() const { return heap_; }
    [[nodiscard]] sim::RegionId old_stack() const { return old_; }
    [[nodiscard]] sim::RegionId new_stack() const { return new_; }
    // The stack G grows into (only when Spec::g.grow is not None), twice the old size.
    [[nodiscard]] std::optional<sim::RegionId> grown_stack() const { return grown_; }
    [[nodiscard]] bool is_stack_region(sim::RegionId r) const {
        return r == old_ || r == new_ || r == grown_;
    }
    [[nodiscard]] const sim::Region& old_region() const { return map_.region(old_); }
    [[nodiscard]] const sim::Region& new_region() const { return map_.region(new_); }
    [[nodiscard]] unsigned used() const { return used_; }
    [[nodiscard]] sim::Addr old_sp() const {
        return static_cast<sim::Addr>(old_region().hi() - used_);
    }
    [[nodiscard]] sim::Addr new_sp() const {
        return static_cast<sim::Addr>(new_region().hi() - used_);
    }

    // G's stack.
    [[nodiscard]] const std::vector<LocalInfo>& locals() const { return locals_; }
    [[nodiscard]] const std::vector<FrameInfo>& frames() const { return frames_; }
    [[nodiscard]] const std::vector<PointerWord>& pointer_words() const { return pointer_words_; }
    [[nodiscard]] int selectdone_local() const { return selectdone_local_; }
    [[nodiscard]] int local_by_name(std::string_view name) const;

    // Structures.
    [[nodiscard]] sim::Addr g_struct() const { return g_struct_; }  // G's
    // The words of every g structure: g_field::kWords, plus selectDone where it exists.
    [[nodiscard]] sim::Addr g_words() const { return g_words_; }
    [[nodiscard]] bool has_g_selectdone() const;
    // The words of every sudog: sudog_field::kWords, plus success where it exists (Go 1.16+).
    [[nodiscard]] sim::Addr sudog_words() const { return sudog_words_; }
    [[nodiscard]] sim::Addr hchan(unsigned chan) const { return hchans_[chan]; }
    [[nodiscard]] sim::Addr buf(unsigned chan) const { return bufs_[chan]; }  // nil when unbuffered
    // The element type, one letter per word ('p' pointer, 'i' integer), and its size.
    [[nodiscard]] const std::string& elem(unsigned chan) const { return elems_[chan]; }
    [[nodiscard]] unsigned elem_words(unsigned chan) const {
        return static_cast<unsigned>(elems_[chan].size());
    }
    [[nodiscard]] const std::vector<CaseInfo>& cases() const { return cases_; }
    [[nodiscard]] std::optional<unsigned> case_of_sudog(sim::Addr sg) const;
    [[nodiscard]] const std::vector<unsigned>& lockorder() const { return lockorder_; }
    [[nodiscard]] const std::vector<unsigned>& lock_chans() const { return lock_chans_; }
    // The other goroutines, in Spec order.
    [[nodiscard]] const std::vector<SenderInfo>& senders() const { return senders_; }
    [[nodiscard]] const std::vector<ReceiverInfo>& receivers() const { return receivers_; }
    [[nodiscard]] const std::vector<CloserInfo>& closers() const { return closers_; }

    // The name of heap word `a` (which must be on the heap).
    [[nodiscard]] const HeapWord& heap_word(sim::Addr a) const;

private:
    void place_g_structs(const Spec& spec, HeapAllocator& heap);
    void place_hchans(const Spec& spec, HeapAllocator& heap);
    void place_cases(const Spec& spec, HeapAllocator& heap);
    void place_senders(const Spec& spec, HeapAllocator& heap);
    void place_receivers(const Spec& spec, HeapAllocator& heap);
    void order_locks();
    void place_frames(const Spec& spec, bool has_done);
    void resolve_locals(const Spec& spec);
    void place_stacks(const Spec& spec);

    sim::MemoryMap map_;
    sim::RegionId heap_ = 0, old_ = 0, new_ = 0;
    std::optional<sim::RegionId> grown_;
    unsigned used_ = 0;

    std::vector<LocalInfo> locals_;
    std::vector<FrameInfo> frames_;
    std::vector<PointerWord> pointer_words_;
    int selectdone_local_ = -1;
    sim::Addr g_struct_ = 0;
    sim::Addr g_words_ = 0;
    bool isselect_ = false;  // sudog.selectdone is isSelect (Go 1.10+)
    sim::Addr sudog_words_ = 0;
    std::vector<sim::Addr> hchans_;
    std::vector<sim::Addr> bufs_;
    std::vector<std::string> elems_;
    std::vector<CaseInfo> cases_;
    std::vector<unsigned> lockorder_;   // case indices sorted by channel address (stable)
    std::vector<unsigned> lock_chans_;  // distinct channels in lock order
    std::vector<SenderInfo> senders_;
    std::vector<ReceiverInfo> receivers_;
    std::vector<CloserInfo> closers_;
    std::vector<HeapWord> heap_words_;  // per heap word, from the heap's first
};

}  // namespace stackrace::model
