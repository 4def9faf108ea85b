#include "model/layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/runtime_structs.h"
#include "sim/assert.h"

namespace stackrace::model {

using sim::Addr;
using sim::Word;

// HeapAllocator hands out heap words from address 1 up (0 is nil) and names each one.
class HeapAllocator {
public:
    explicit HeapAllocator(std::vector<HeapWord>& words) : words_(words) {}

    Addr take(unsigned words) {
        const Addr at = next_;
        next_ = static_cast<Addr>(next_ + words);
        return at;
    }
    void name(std::string n, std::string base = {}) {
        words_.push_back(HeapWord{std::move(n), std::move(base)});
    }
    // A pointer to a structure's first word prints as the structure ("&sudog(G#0)").
    void name_struct(const std::string& prefix, std::initializer_list<const char*> fields) {
        bool first = true;
        for (const char* field : fields) {
            name(fmt::format("{}.{}", prefix, field), first ? prefix : std::string());
            first = false;
        }
    }
    void name_sudog(const std::string& owner, bool isselect, Addr words) {
        const std::string prefix = fmt::format("sudog({})", owner);
        name_struct(prefix, {"g", isselect ? "isSelect" : "selectdone", "next", "prev", "elem", "c",
                             "waitlink"});
        if (words > sudog_field::kSuccess) name(prefix + ".success");
    }
    [[nodiscard]] Addr end() const { return next_; }

private:
    std::vector<HeapWord>& words_;
    Addr next_ = 1;
};

namespace {

unsigned chan_index(const Spec& spec, const std::string& chan_name) {
    const auto at = std::find_if(spec.chans.begin(), spec.chans.end(),
                                 [&](const ChanSpec& c) { return c.name == chan_name; });
    SR_ASSERT(at != spec.chans.end());
    return static_cast<unsigned>(at - spec.chans.begin());
}

// The Spec's LocalSpec of the local named `name` (names are unique).
const LocalSpec& local_spec(const Spec& spec, const std::string& name) {
    for (const FrameSpec& f : spec.stack.frames)
        for (const LocalSpec& l : f.locals)
            if (l.name == name) return l;
    SR_ASSERT(false);
}

// element_name: word j of an n-word element named what(owner): "val(sender1)", or with
// several words "val(sender1)[1]".
std::string element_name(std::string_view what, const std::string& owner, std::size_t j,
                         std::size_t n) {
    return n == 1 ? fmt::format("{}({})", what, owner) : fmt::format("{}({})[{}]", what, owner, j);
}

}  // namespace

Layout::Layout(const Spec& spec, const Variant& variant)
    : g_words_(variant.parking_on_chan      ? g_field::kPreemptShrink + 1
               : variant.active_stack_chans ? g_field::kActiveStackChans + 1
               : variant.selectdone_in_g    ? g_field::kSelectDone + 1
                                            : g_field::kWords),
      isselect_(variant.selectdone_in_g),
      sudog_words_(variant.sudog_success ? sudog_field::kSuccess + 1 : sudog_field::kWords) {
    HeapAllocator heap(heap_words_);
    place_g_structs(spec, heap);
    place_hchans(spec, heap);
    place_cases(spec, heap);
    place_senders(spec, heap);
    place_receivers(spec, heap);
    heap_ = map_.add("heap", static_cast<Addr>(heap.end() - 1));
    SR_ASSERT(heap_words_.size() == static_cast<std::size_t>(heap.end() - 1));
    order_locks();
    place_frames(spec, !variant.selectdone_in_g);
    resolve_locals(spec);
    place_stacks(spec);
}

// Every goroutine but the shrinker (it runs on the GC's M) has a g: G first, then the
// senders, receivers and closers.
void Layout::place_g_structs(const Spec& spec, HeapAllocator& heap) {
    const auto place = [&heap, this](const std::string& name) {
        const Addr g = heap.take(g_words_);
        heap.name_struct(name,
                         {"atomicstatus", "stack.lo", "stack.hi", "sched.sp", "waiting", "param"});
        if (has_g_selectdone()) heap.name(name + ".selectDone");
        if (g_words_ > g_field::kActiveStackChans) heap.name(name + ".activeStackChans");
        if (g_words_ > g_field::kParkingOnChan) {
            heap.name(name + ".parkingOnChan");
            heap.name(name + ".preemptShrink");
        }
        return g;
    };
    g_struct_ = place("g");
    for (const SenderSpec& s : spec.senders) {
        senders_.emplace_back();
        senders_.back().g = place(fmt::format("g({})", s.name));
    }
    for (const ReceiverSpec& r : spec.receivers) {
        receivers_.emplace_back();
        receivers_.back().g = place(fmt::format("g({})", r.name));
    }
    for (const CloserSpec& c : spec.closers)
        closers_.push_back(
            CloserInfo{chan_index(spec, c.chan), place(fmt::format("g({})", c.name))});
}

// The hchans in declaration order, then their buffers.
void Layout::place_hchans(const Spec& spec, HeapAllocator& heap) {
    for (const ChanSpec& c : spec.chans) {
        hchans_.push_back(heap.take(hchan_field::kWords));
        elems_.push_back(c.elem);
        heap.name_struct(fmt::format("hchan({})", c.name),
                         {"lock", "closed", "qcount", "dataqsiz", "buf", "elemsize", "sendx",
                          "recvx", "recvq.first", "recvq.last", "sendq.first", "sendq.last"});
    }
    for (const ChanSpec& c : spec.chans) {
        bufs_.push_back(c.buffer == 0 ? sim::kNil : heap.take(c.buffer * c.elem_words()));
        for (unsigned i = 0; i < c.buffer * c.elem_words(); ++i)
            heap.name(fmt::format("hchan({}).buf[{}]", c.name, i),
                      i == 0 ? fmt::format("hchan({}).buf", c.name) : "");
    }
}

// G's sudogs, one per case (selectgo acquires them all before parking).
void Layout::place_cases(const Spec& spec, HeapAllocator& heap) {
    for (const CaseSpec& cs : spec.g.cases) {
        CaseInfo ci;
        ci.chan = chan_index(spec, cs.chan);
        ci.dir = cs.dir;
        ci.sudog = heap.take(sudog_words_);
        heap.name_sudog(fmt::format("G#{}", cases_.size()), isselect_, sudog_words_);
        cases_.push_back(ci);
    }
}

// Each sender's sudog, the value it sends (`ep`) and the objects its pointers point to.
void Layout::place_senders(const Spec& spec, HeapAllocator& heap) {
    for (unsigned i = 0; i < spec.senders.size(); ++i) {
        const SenderSpec& s = spec.senders[i];
        SenderInfo& si = senders_[i];
        si.chan = chan_index(spec, s.chan);
        si.may_end_parked = s.may_end_parked;
        si.sudog = heap.take(sudog_words_);
        heap.name_sudog(s.name, isselect_, sudog_words_);
        const std::string& elem = spec.chans[si.chan].elem;
        si.box = heap.take(static_cast<unsigned>(elem.size()));
        for (std::size_t j = 0; j < elem.size(); ++j)
            heap.name(element_name("val", s.name, j, elem.size()),
                      j == 0 ? element_name("val", s.name, 0, 1) : "");
        // The objects a pointer-typed value points to are heap memory, never a stack: a
        // pointer sent on a channel escapes, so escape analysis allocates its target on the heap.
        const auto pointers = static_cast<unsigned>(std::count(elem.begin(), elem.end(), 'p'));
        const Addr obj = heap.take(pointers);
        for (unsigned j = 0; j < pointers; ++j) heap.name(element_name("obj", s.name, j, pointers));
        unsigned p = 0;
        for (std::size_t j = 0; j < elem.size(); ++j) {
            if (!s.value.empty())
                si.value.push_back(s.value[j]);
            else if (elem[j] == 'p')
                si.value.push_back(static_cast<Word>(obj + p++));
            else
                si.value.push_back(static_cast<Word>(1000 + 10 * i + j));
        }
    }
}

// Each receiver's sudog and the heap slot it receives into (its stack is not modelled).
void Layout::place_receivers(const Spec& spec, HeapAllocator& heap) {
    for (unsigned i = 0; i < spec.receivers.size(); ++i) {
        const ReceiverSpec& r = spec.receivers[i];
        ReceiverInfo& ri = receivers_[i];
        ri.chan = chan_index(spec, r.chan);
        ri.may_end_parked = r.may_end_parked;
        ri.sudog = heap.take(sudog_words_);
        heap.name_sudog(r.name, isselect_, sudog_words_);
        ri.slot = heap.take(elem_words(ri.chan));
        for (unsigned j = 0; j < elem_words(ri.chan); ++j)
            heap.name(element_name("slot", r.name, j, elem_words(ri.chan)),
                      j == 0 ? element_name("slot", r.name, 0, 1) : "");
    }
}

// selectgo's lockorder: the cases sorted by channel address (hchans are in declaration
// order), and the distinct channels sellock locks.
void Layout::order_locks() {
    lockorder_.resize(cases_.size());
    for (unsigned k = 0; k < cases_.size(); ++k) lockorder_[k] = k;
    std::stable_sort(lockorder_.begin(), lockorder_.end(),
                     [this](unsigned a, unsigned b) { return cases_[a].chan < cases_[b].chan; });
    for (unsigned k : lockorder_)
        if (lock_chans_.empty() || lock_chans_.back() != cases_[k].chan)
            lock_chans_.push_back(cases_[k].chan);
}

// G's frames from sp up, youngest first, each local one word. Without `has_done` (Go 1.10+:
// the win flag is g.selectDone) selectgo's frame has no `done` word.
void Layout::place_frames(const Spec& spec, bool has_done) {
    for (const FrameSpec& f : spec.stack.frames) {
        FrameInfo fi{f.func, used_, 0};
        for (const LocalSpec& l : f.locals) {
            if (l.kind == LocalKind::SelectDone && !has_done) continue;
            ++fi.words;
            LocalInfo li{l.name, l.kind, -1, l.value, used_, static_cast<unsigned>(frames_.size())};
            if (l.kind == LocalKind::SelectDone)
                selectdone_local_ = static_cast<int>(locals_.size());
            locals_.push_back(std::move(li));
            ++used_;
        }
        frames_.push_back(fi);
    }
    // The oldest frame of every goroutine is goexit's: its return PC is the top word of the
    // stack, so no receive slot ever ends exactly at stack.hi (findsghi tests p < stk.hi).
    frames_.push_back(FrameInfo{"runtime.goexit", used_, 1});
    locals_.push_back(LocalInfo{"goexit.pc", LocalKind::Int, -1, kGoexitPc, used_,
                                static_cast<unsigned>(frames_.size() - 1)});
    ++used_;
}

// The locals named by other parts of the Spec: pointer targets (which also make the stack
// maps' pointer words) and the cases' receive slots and sent values.
void Layout::resolve_locals(const Spec& spec) {
    for (std::size_t i = 0; i + 1 < locals_.size(); ++i) {
        const LocalSpec& l = local_spec(spec, locals_[i].name);
        if (l.kind == LocalKind::Ptr) {
            locals_[i].target = local_by_name(l.target);
            SR_ASSERT(locals_[i].target >= 0);
            pointer_words_.push_back(
                PointerWord{locals_[i].offset, frames_[locals_[i].frame].offset});
        }
    }
    for (std::size_t k = 0; k < cases_.size(); ++k) {
        const CaseSpec& cs = spec.g.cases[k];
        const std::string& local = cs.dir == Dir::Recv ? cs.into : cs.from;
        if (local.empty()) continue;
        cases_[k].slot = local_by_name(local);
        SR_ASSERT(cases_[k].slot >= 0);
    }
}

// The old and new stacks after the heap, in the order stackalloc placed them, and the
// stack G grows into.
void Layout::place_stacks(const Spec& spec) {
    const unsigned old_words = std::max(spec.stack.words, used_);
    const unsigned new_words = spec.stack.new_words == 0 ? old_words : spec.stack.new_words;
    SR_ASSERT(new_words >= used_);
    const Addr base = map_.end();
    if (spec.stack.new_below) {
        new_ = map_.add_at("new", base, static_cast<Addr>(new_words));
        old_ =
            map_.add_at("old", static_cast<Addr>(base + new_words), static_cast<Addr>(old_words));
    } else {
        old_ = map_.add_at("old", base, static_cast<Addr>(old_words));
        new_ =
            map_.add_at("new", static_cast<Addr>(base + old_words), static_cast<Addr>(new_words));
    }
    if (spec.g.grow != GSpec::Growth::None)
        grown_ = map_.add("grown", static_cast<Addr>(2 * old_words));
}

bool Layout::has_g_selectdone() const { return g_words_ > g_field::kWords; }

int Layout::local_by_name(std::string_view name) const {
    for (std::size_t i = 0; i < locals_.size(); ++i)
        if (locals_[i].name == name) return static_cast<int>(i);
    return -1;
}

std::optional<unsigned> Layout::case_of_sudog(Addr sg) const {
    for (unsigned k = 0; k < cases_.size(); ++k)
        if (cases_[k].sudog == sg) return k;
    return std::nullopt;
}

const HeapWord& Layout::heap_word(Addr a) const {
    const sim::Region& heap = map_.region(heap_);
    SR_ASSERT(a >= heap.lo);
    SR_ASSERT(a < heap.hi());
    return heap_words_[a - heap.lo];
}

}  // namespace stackrace::model
