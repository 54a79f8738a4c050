#include "s3sandbox/auth/credentials.hpp"

namespace s3sandbox::auth {

std::optional<Credential> parse_credential(std::string_view spec) {
  auto colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == spec.size()) {
    return std::nullopt;
  }
  return Credential{std::string(spec.substr(0, colon)), std::string(spec.substr(colon + 1))};
}

}  // namespace s3sandbox::auth
