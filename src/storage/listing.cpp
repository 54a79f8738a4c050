#include "listing.hpp"

namespace s3sandbox::storage {

std::optional<std::string> prefix_successor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty() && static_cast<unsigned char>(s.back()) == 0xFF) s.pop_back();
  if (s.empty()) return std::nullopt;
  s.back() = static_cast<char>(static_cast<unsigned char>(s.back()) + 1);
  return s;
}

core::Result<ListPage> list_page(const ListQuery& query, KeyCursor& cursor) {
  ListPage page;
  if (query.max_keys <= 0) return page;

  // The smallest byte string greater than `after` is `after` followed by a NUL byte.
  std::string lower = query.after;
  if (!lower.empty()) lower.push_back('\0');
  if (lower < query.prefix) lower = query.prefix;
  const std::optional<std::string> upper =
      query.prefix.empty() ? std::nullopt : prefix_successor(query.prefix);
  if (auto r = cursor.seek(lower, upper); !r) return r.error();

  int count = 0;
  while (true) {
    auto next = cursor.next_key();
    if (!next) return next.error();
    if (!*next) break;
    const std::string& key = **next;

    std::size_t pos = query.delimiter.empty() ? std::string::npos
                                              : key.find(query.delimiter, query.prefix.size());
    if (pos == std::string::npos) {
      if (count == query.max_keys) {
        page.truncated = true;
        break;
      }
      page.objects.push_back(cursor.current());
      page.next_after = key;
      ++count;
      continue;
    }

    std::string common = key.substr(0, pos + query.delimiter.size());
    if (common > query.after) {
      if (count == query.max_keys) {
        page.truncated = true;
        break;
      }
      page.common_prefixes.push_back(common);
      page.next_after = common;
      ++count;
    }
    std::optional<std::string> past = prefix_successor(common);
    if (!past) break;  // nothing sorts after this common prefix
    if (auto r = cursor.seek(*past, upper); !r) return r.error();
  }
  return page;
}

}  // namespace s3sandbox::storage
