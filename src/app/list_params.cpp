// See list_params.hpp.
#include "list_params.hpp"

#include <algorithm>
#include <charconv>

namespace s3sandbox::app {

std::string query_param_or(const ExchangeState& x, std::string_view name, std::string fallback) {
  const router::QueryParam* p = x.op.param(name);
  return p ? std::string(p->value) : fallback;
}

core::Result<int> list_max_keys(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("max-keys");
  if (p == nullptr) return 1000;
  long long n = 0;
  auto [ptr, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), n);
  if (ec != std::errc() || ptr != p->value.data() + p->value.size() || n < 0) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Provided max-keys not an integer or within integer range")
        .with("ArgumentName", "max-keys")
        .with("ArgumentValue", std::string(p->value));
  }
  return static_cast<int>(std::min<long long>(n, 1000));
}

core::Result<std::string> list_encoding_type(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("encoding-type");
  if (p == nullptr) return std::string();
  if (p->value != "url") {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Invalid Encoding Method specified in Request")
        .with("ArgumentName", "encoding-type")
        .with("ArgumentValue", std::string(p->value));
  }
  return std::string(p->value);
}

}  // namespace s3sandbox::app
