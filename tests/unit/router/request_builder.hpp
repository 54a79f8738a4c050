// Builds the RequestView the http layer would hand the router, from a method, a raw target and
// a Host header.
#pragma once

#include <string>
#include <vector>

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::router::testing {

inline core::RequestView make_request(std::string method, std::string target,
                                      std::string host = "localhost:9000",
                                      std::vector<core::Header> headers = {}) {
  core::RequestView r;
  r.method = std::move(method);
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  if (!host.empty()) r.headers.push_back({"Host", std::move(host)});
  for (auto& h : headers) r.headers.push_back(std::move(h));
  return r;
}

}  // namespace s3sandbox::router::testing
