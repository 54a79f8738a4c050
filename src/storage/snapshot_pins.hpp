// SnapshotPins: the data files each saved snapshot references, so that the backend never
// unlinks one of them (sqlite_snapshots.cpp says why snapshots keep their bodies in data/
// instead of hardlinking them).
// Thread safety: all methods are (one mutex; contains() is a binary search per snapshot).
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "layout.hpp"

namespace s3sandbox::storage {

class SnapshotPins {
 public:
  // Pins `files` (sealed) for snapshot `name`, replacing what that name pinned before.
  void set(const std::string& name, ReferencedFiles files) {
    std::lock_guard lock(mutex_);
    pins_[name] = std::move(files);
    count_.store(pins_.size(), std::memory_order_release);
  }
  void erase(const std::string& name) {
    std::lock_guard lock(mutex_);
    pins_.erase(name);
    count_.store(pins_.size(), std::memory_order_release);
  }
  // Whether any snapshot references the data file `name` ("ab/<id>").
  bool contains(std::string_view name) const {
    // Without snapshots (the usual case) an unlink after a commit takes no lock here.
    if (count_.load(std::memory_order_acquire) == 0) return false;
    std::lock_guard lock(mutex_);
    for (const auto& [snapshot, files] : pins_) {
      if (files.contains(name)) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, ReferencedFiles> pins_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace s3sandbox::storage
