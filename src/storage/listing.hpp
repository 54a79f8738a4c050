// The listing algorithm (ListObjects / ListObjectsV2 semantics) over any ordered key source.
//
// Keys matching `prefix` and greater than `after` are walked in bytewise order. With a
// delimiter, a key holding the delimiter after the prefix is rolled up into its common prefix
// (the key up to and including the first such delimiter); the prefix is emitted once and the
// cursor SEEKS to the first key past everything sharing it, so a page costs O(page) rows and
// seeks however many keys each common prefix hides. Keys and common prefixes both count towards
// max_keys. A common prefix not greater than `after` was returned by an earlier page and is
// skipped (so `next_after` of a page ending on a common prefix resumes after it).
// max_keys <= 0 gives an empty page that is not truncated (as S3 answers max-keys=0).
// Thread safety: pure; the cursor belongs to the caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::storage {

// An ordered view of one bucket's keys. seek() positions before the first key >= lower (and
// < upper when given); next_key() advances one row; current() reads the whole row last returned.
class KeyCursor {
 public:
  virtual ~KeyCursor() = default;
  virtual core::Result<void> seek(std::string_view lower,
                                  const std::optional<std::string>& upper) = 0;
  virtual core::Result<std::optional<std::string>> next_key() = 0;
  virtual ObjectMeta current() = 0;
};

core::Result<ListPage> list_page(const ListQuery& query, KeyCursor& cursor);

// The smallest byte string greater than every string starting with `prefix`, or nullopt when
// there is none (prefix empty or all 0xFF bytes).
std::optional<std::string> prefix_successor(std::string_view prefix);

}  // namespace s3sandbox::storage
