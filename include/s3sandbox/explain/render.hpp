// A Report as JSON (the --json output and the body POST /_sandbox/explain answers) and as text
// for a person (the command line's default). Thread safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "s3sandbox/explain/explain.hpp"

namespace s3sandbox::explain {

boost::json::value to_json(const Report& report);
std::string to_text(const Report& report);

}  // namespace s3sandbox::explain
