// `s3sandbox explain URL [--method M] [--header 'K: V']... [--credential AK:SK] [--json]`:
// the command line of the explainer, offline (no server is started). Exit code 0 when the URL
// is usable as given, 1 when it is not, 2 for bad usage. src/main.cpp dispatches to it.
// Thread safety: not applicable (a process entry point).
#pragma once

#include <ostream>
#include <string>

#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::explain {

// argv[0] is "explain". `now` is the time to judge expiry against (the real clock; --now
// overrides it, for reproducible runs).
int run_command(int argc, const char* const* argv, core::TimePoint now, std::ostream& out,
                std::ostream& err);

std::string command_help();

}  // namespace s3sandbox::explain
