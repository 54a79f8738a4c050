#include "auth/query_params.hpp"

namespace s3sandbox::auth {

const core::QueryParam* find_param(QueryParams params, std::string_view name) {
  for (const core::QueryParam& p : params) {
    if (p.signed_name == name) return &p;
  }
  return nullptr;
}

}  // namespace s3sandbox::auth
