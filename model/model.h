// model/model.h: Model, a Spec laid out in simulated memory with its actors.
//
// The Model is immutable configuration: the memory map, the address of every structure
// and local, the actors, the variant, and the initial World. All mutable state is in the
// World; model steps are functions of (Model, World, actor).
//
// Usage:
//   model::Model m(spec, *model::find_variant("fix"));
//   sim::World w = m.initial_world();
//   model::Peek p = model::peek(m, w, m.shrinker());
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/spec.h"
#include "model/variant.h"
#include "sim/memory_map.h"
#include "sim/world.h"

namespace stackrace::model {

enum class ActorKind { Shrinker, G, Sender, Receiver, Closer };

struct ActorInfo {
    ActorKind kind = ActorKind::Shrinker;
    std::string name;
    unsigned sender = 0;  // index into Spec::senders, Spec::receivers or Spec::closers by kind
    sim::Addr g = 0;      // its g structure (none for the shrinker: it runs on the GC's M)
};

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
    unsigned offset = 0;       // above sp
    unsigned frame_offset = 0; // the frame's first word: adjustpointers' scanp
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
};

struct SenderInfo {
    unsigned chan = 0;
    sim::Addr sudog = 0;
    sim::Addr box = 0;               // the value it sends (`ep`), elem_words words
    std::vector<sim::Word> value;    // the words of that value
    bool may_end_parked = true;
};

// Ghost words of the World (see sim::World::ghost).
namespace ghost {
inline constexpr unsigned kWins = 0;         // deliveries committed to G's operation
inline constexpr unsigned kDeliveredBy = 1;  // + case, then + receiver: who delivered (below)
// A delivered-by word holds the delivering actor's id + 1, or kByClose for closechan.
inline constexpr sim::Word kByClose = 0xff;
}  // namespace ghost

// The value of the goexit frame's word (a return PC) at the top of every stack.
inline constexpr sim::Word kGoexitPc = 0x0e11;

// Local registers of each actor kind (sim::World::local).
inline constexpr unsigned kLocalsPerActor = 5;

class Model {
public:
    Model(const Spec& spec, const Variant& variant);

    [[nodiscard]] const Spec& spec() const { return spec_; }
    [[nodiscard]] const Variant& variant() const { return variant_; }
    [[nodiscard]] const sim::MemoryMap& map() const { return map_; }
    // Roots: the initial Worlds exploration starts from, one per possible content of the
    // fresh stack ("garbage": 0xfdfd, "zero"). initial_world() is the first.
    struct Root {
        std::string name;
        sim::World world;
    };
    [[nodiscard]] const std::vector<Root>& roots() const { return roots_; }
    [[nodiscard]] const sim::World& initial_world() const { return roots_.front().world; }
    [[nodiscard]] std::optional<std::size_t> root_by_name(std::string_view name) const;
    [[nodiscard]] const sim::WorldShape& shape() const { return shape_; }
    // state_components: where to cut a World's words into parts that change independently,
    // for the collapse-compressed visited set: the heap (g, hchan, sudog structures), the
    // stacks with the regions' states, the shrinker and G, the other goroutines with the
    // ghosts. Returns the cut offsets, 0 first and total_words() last.
    [[nodiscard]] std::vector<std::size_t> state_components() const;

    // Actors: the shrinker is 0, G is 1, senders follow in scenario order.
    [[nodiscard]] const std::vector<ActorInfo>& actors() const { return actors_; }
    [[nodiscard]] static sim::ActorId shrinker() { return 0; }
    [[nodiscard]] static sim::ActorId g_actor() { return 1; }
    [[nodiscard]] std::optional<sim::ActorId> actor_by_name(std::string_view name) const;

    // Regions.
    [[nodiscard]] sim::RegionId heap() const { return heap_; }
    [[nodiscard]] sim::RegionId old_stack() const { return old_; }
    [[nodiscard]] sim::RegionId new_stack() const { return new_; }
    // The stack G grows into (only when Spec::g.grow), twice the old size.
    [[nodiscard]] std::optional<sim::RegionId> grown_stack() const { return grown_; }
    [[nodiscard]] bool is_stack_region(sim::RegionId r) const { return r == old_ || r == new_ || r == grown_; }
    [[nodiscard]] const sim::Region& old_region() const { return map_.region(old_); }
    [[nodiscard]] const sim::Region& new_region() const { return map_.region(new_); }
    [[nodiscard]] unsigned used() const { return used_; }
    [[nodiscard]] sim::Addr old_sp() const { return static_cast<sim::Addr>(old_region().hi() - used_); }
    [[nodiscard]] sim::Addr new_sp() const { return static_cast<sim::Addr>(new_region().hi() - used_); }

    // G's stack.
    [[nodiscard]] const std::vector<LocalInfo>& locals() const { return locals_; }
    [[nodiscard]] const std::vector<FrameInfo>& frames() const { return frames_; }
    [[nodiscard]] const std::vector<PointerWord>& pointer_words() const { return pointer_words_; }
    [[nodiscard]] int selectdone_local() const { return selectdone_local_; }
    [[nodiscard]] int local_by_name(std::string_view name) const;

    // Structures.
    [[nodiscard]] sim::Addr g_struct() const { return actors_[1].g; }
    [[nodiscard]] sim::Addr hchan(unsigned chan) const { return hchans_[chan]; }
    [[nodiscard]] unsigned elem_words(unsigned chan) const { return spec_.chans[chan].elem_words(); }
    [[nodiscard]] const std::vector<CaseInfo>& cases() const { return cases_; }
    [[nodiscard]] const std::vector<unsigned>& lockorder() const { return lockorder_; }
    [[nodiscard]] const std::vector<unsigned>& lock_chans() const { return lock_chans_; }
    [[nodiscard]] const std::vector<SenderInfo>& senders() const { return senders_; }
    [[nodiscard]] const SenderInfo& sender_of(sim::ActorId a) const;
    [[nodiscard]] const std::vector<ReceiverInfo>& receivers() const { return receivers_; }
    [[nodiscard]] const ReceiverInfo& receiver_of(sim::ActorId a) const;
    [[nodiscard]] unsigned closer_chan(sim::ActorId a) const;
    // actor_of_g: the actor whose g structure is at `g`.
    [[nodiscard]] std::optional<sim::ActorId> actor_of_g(sim::Addr g) const;
    [[nodiscard]] std::optional<unsigned> case_of_sudog(sim::Addr sg) const;
    // owner_of_sudog: the sender or receiver actor whose sudog `sg` is (G's are cases).
    [[nodiscard]] std::optional<sim::ActorId> owner_of_sudog(sim::Addr sg) const;
    // sender_of_value: the actor (a sender, or G through a send case) whose value on `chan`
    // is the element stored at `at` in w, compared word for word: a buffered value names its
    // sender (the first one, when several send the same value, which no property tells apart).
    [[nodiscard]] std::optional<sim::ActorId> sender_of_value(unsigned chan, const sim::World& w, sim::Addr at) const;
    // value_sent_by: the words actor `a` sends on `chan` (G: its send case's local, initially).
    [[nodiscard]] std::vector<sim::Word> value_sent_by(sim::ActorId a, unsigned chan) const;
    // The ghost word recording who delivered to case k of G, or to receiver actor a.
    [[nodiscard]] unsigned ghost_of_case(unsigned k) const { return ghost::kDeliveredBy + k; }
    [[nodiscard]] unsigned ghost_of_receiver(sim::ActorId a) const;

    // Printing: an address as region+offset with the symbol it names, a value as what it
    // points to where known ("&cx", "&val'", "&obj.sender1", "0xfdfd", "42").
    [[nodiscard]] std::string addr_name(sim::Addr a) const;
    [[nodiscard]] std::string value_name(sim::Word v) const;
    // value_at formats the value stored at `a`, as a pointer when `a` is a pointer slot.
    [[nodiscard]] std::string value_at(sim::Addr a, sim::Word v) const;
    [[nodiscard]] bool is_pointer_slot(sim::Addr a) const;
    [[nodiscard]] std::string symbol(sim::Addr a) const;  // "" when the address has no name

private:
    void layout_heap();
    void layout_stack();
    void build_initial_world();
    void run_until_parked(sim::ActorId a);
    void run_early(sim::ActorId a);

    Spec spec_;
    Variant variant_;
    sim::MemoryMap map_;
    sim::WorldShape shape_;
    sim::RegionId heap_ = 0, old_ = 0, new_ = 0;
    std::optional<sim::RegionId> grown_;
    unsigned used_ = 0;

    std::vector<ActorInfo> actors_;
    std::vector<LocalInfo> locals_;
    std::vector<FrameInfo> frames_;
    std::vector<PointerWord> pointer_words_;
    int selectdone_local_ = -1;
    std::vector<sim::Addr> hchans_;
    std::vector<sim::Addr> bufs_;
    std::vector<CaseInfo> cases_;
    std::vector<unsigned> lockorder_;   // case indices sorted by channel address (stable)
    std::vector<unsigned> lock_chans_;  // distinct channels in lock order
    std::vector<SenderInfo> senders_;
    std::vector<ReceiverInfo> receivers_;
    std::vector<std::string> heap_names_;  // per heap word
    std::vector<std::string> heap_bases_;  // per heap word: the structure starting there, or ""
    sim::World initial_;
    std::vector<Root> roots_;
};

}  // namespace stackrace::model
