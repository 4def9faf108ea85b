// checker/search/run_parallel.h: run_parallel, one function on n threads.
#pragma once

#include <cstddef>
#include <thread>
#include <vector>

namespace stackrace::checker::search {

// run_parallel runs fn(0) .. fn(n-1), fn(0) on the calling thread, and returns when all
// have returned.
template <class Fn>
void run_parallel(std::size_t n, Fn fn) {
    std::vector<std::thread> threads;
    for (std::size_t j = 1; j < n; ++j) threads.emplace_back(fn, j);
    fn(0);
    for (std::thread& t : threads) t.join();
}

}  // namespace stackrace::checker::search
