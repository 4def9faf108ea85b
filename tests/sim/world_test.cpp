// Goal: the kernel's value types behave as the explorer and traces rely on: a World is a
// copyable, comparable value with a stable canonical hash; every access made through Exec
// is logged with whether it touched freed memory; runtime mutexes record their holder.
#include <catch2/catch.hpp>

#include "sim/assert.h"
#include "sim/exec.h"
#include "sim/hash.h"
#include "sim/memory_map.h"
#include "sim/world.h"

using namespace stackrace::sim;

namespace {

WorldShape small_shape() { return WorldShape{16, 2, 2, 3, 1}; }

}  // namespace

TEST_CASE("a World copy is an independent snapshot that compares equal", "[sim][world]") {
    World w(small_shape());
    w.set_mem(3, 42);
    w.set_pc(1, 7);
    w.set_local(1, 2, 9);
    w.set_ghost(0, 5);
    World copy = w;
    CHECK(copy == w);
    copy.set_mem(3, 43);
    CHECK_FALSE(copy == w);
    CHECK(w.mem(3) == 42);
    CHECK(w.pc(1) == 7);
    CHECK(w.local(1, 2) == 9);
    CHECK(w.ghost(0) == 5);
    CHECK(w.words().size() == small_shape().total_words());
}

TEST_CASE("the World hash is canonical: equal contents, equal hash; golden value", "[sim][hash]") {
    World a(small_shape()), b(small_shape());
    a.set_mem(1, 0x1234);
    b.set_mem(1, 0x1234);
    CHECK(hash64(a.words()) == hash64(b.words()));
    CHECK(hash128_hex(a) == hash128_hex(b));
    b.set_local(0, 0, 1);
    CHECK(hash128_hex(a) != hash128_hex(b));
    // A golden hash: serialisation changes (word width, order, layout) must show up here,
    // because they invalidate every trace file ever written.
    CHECK(hash128_hex(World(small_shape())) == hash128_hex(World(small_shape())));
    CHECK(hash128_hex(a).size() == 32);
    CHECK(hash128_hex(a) == "10a93ed9b29a4ac8ad202b7a8d676ffa");
}

TEST_CASE("Exec logs every access and marks accesses to freed regions", "[sim][exec]") {
    MemoryMap map;
    const RegionId heap = map.add("heap", 4);
    const RegionId stack = map.add("old", 4);
    World w(WorldShape{map.end(), 2, 1, 1, 0});
    w.set_region_state(heap, RegionState::Allocated);
    w.set_region_state(stack, RegionState::Allocated);
    AccessLog log;
    Exec x(w, map, log);
    x.write(5, 42);
    CHECK(x.read(5) == 42);
    CHECK(x.cas(5, 42, 43));
    CHECK_FALSE(x.cas(5, 42, 44));
    REQUIRE(log.size() == 4);
    CHECK(log[0].kind == AccessKind::Write);
    CHECK(log[2].after == 43);
    CHECK(log[3].after == 43);  // a failed CAS changes nothing
    for (const Access& a : log) CHECK_FALSE(a.freed);

    w.set_region_state(stack, RegionState::Free);
    log.clear();
    x.read(6);
    x.write(2, 1);  // heap stays allocated
    REQUIRE(log.size() == 2);
    CHECK(log[0].freed);
    CHECK_FALSE(log[1].freed);
    CHECK(map.region_of(0) == std::nullopt);  // the nil guard word is in no region
}

TEST_CASE("a runtime mutex records its holder and refuses a foreign unlock", "[sim][exec]") {
    MemoryMap map;
    map.add("heap", 2);
    World w(WorldShape{map.end(), 1, 2, 1, 0});
    w.set_region_state(0, RegionState::Allocated);
    AccessLog log;
    Exec x(w, map, log);
    x.lock(1, 1);
    CHECK(w.mem(1) == lock_word_for(1));
    CHECK_THROWS_AS(x.lock(1, 1), InternalError);    // peek never enables a held lock
    CHECK_THROWS_AS(x.unlock(1, 0), InternalError);  // only the holder unlocks
    x.unlock(1, 1);
    CHECK(w.mem(1) == 0);
}
