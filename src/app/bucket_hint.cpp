#include "bucket_hint.hpp"

namespace s3sandbox::app {
namespace {

// Lower case, with '-', '_' and '.' all read as '-'.
std::string fold(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '_' || c == '.') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
  }
  return out;
}

}  // namespace

std::string similar_bucket_diagnosis(storage::Backend& backend, std::string_view missing) {
  if (missing.empty()) return {};
  auto buckets = backend.list_buckets();
  if (!buckets) return {};
  const std::string wanted = fold(missing);
  for (const storage::BucketInfo& b : *buckets) {
    if (b.name != missing && fold(b.name) == wanted) {
      return "There is no bucket '" + std::string(missing) + "', but there is a bucket '" + b.name +
             "': bucket names are exact (lower case; '-', '_' and '.' are different "
             "characters). Use '" +
             b.name + "' in the client, or create '" + std::string(missing) + "'.";
    }
  }
  return {};
}

}  // namespace s3sandbox::app
