#include "s3sandbox/router/bucket_name.hpp"

#include <array>

namespace s3sandbox::router {
namespace {

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "Formatted as an IP address": four dot-separated runs of digits, e.g. 192.168.5.4.
bool looks_like_ipv4(std::string_view name) {
  int groups = 0;
  std::size_t i = 0;
  while (i <= name.size()) {
    std::size_t start = i;
    while (i < name.size() && is_digit(name[i])) ++i;
    if (i == start) return false;
    ++groups;
    if (i == name.size()) break;
    if (name[i] != '.') return false;
    ++i;
  }
  return groups == 4;
}

constexpr std::array<std::string_view, 3> kReservedPrefixes = {"xn--", "sthree-", "amzn-s3-demo-"};
constexpr std::array<std::string_view, 5> kReservedSuffixes = {"-s3alias", "--ol-s3", ".mrap",
                                                               "--x-s3", "--table-s3"};

}  // namespace

std::string bucket_name_problem(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return "bucket names must be 3 to 63 characters long";
  for (char c : name) {
    if (!is_lower_or_digit(c) && c != '.' && c != '-') {
      return "bucket names may contain only lowercase letters, digits, '.' and '-'";
    }
  }
  if (!is_lower_or_digit(name.front()) || !is_lower_or_digit(name.back())) {
    return "bucket names must begin and end with a letter or digit";
  }
  if (name.find("..") != std::string_view::npos) {
    return "bucket names must not contain two adjacent periods";
  }
  if (looks_like_ipv4(name)) return "bucket names must not be formatted as an IP address";
  for (std::string_view prefix : kReservedPrefixes) {
    if (name.starts_with(prefix)) {
      return "bucket names must not start with the reserved prefix " + std::string(prefix);
    }
  }
  for (std::string_view suffix : kReservedSuffixes) {
    if (name.ends_with(suffix)) {
      return "bucket names must not end with the reserved suffix " + std::string(suffix);
    }
  }
  return {};
}

bool is_valid_bucket_name(std::string_view name) { return bucket_name_problem(name).empty(); }

}  // namespace s3sandbox::router
