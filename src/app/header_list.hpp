// Comma-separated header values ("a, b,c"), as HTTP lists them: the items trimmed of spaces and
// tabs, empty items skipped. Pure.
#pragma once

#include <string_view>
#include <vector>

namespace s3sandbox::app {

inline std::vector<std::string_view> split_header_list(std::string_view value) {
  std::vector<std::string_view> items;
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace s3sandbox::app
