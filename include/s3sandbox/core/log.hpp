// Logging to stderr, one line per call, serialized across threads. Levels: error, warn, info,
// debug. Never pass secrets here: callers log access key ids, never secret keys or signatures'
// signing keys.
#pragma once

#include <optional>
#include <string_view>

namespace s3sandbox::core {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

void set_log_level(LogLevel level);
LogLevel log_level();
std::optional<LogLevel> parse_log_level(std::string_view name);
bool log_enabled(LogLevel level);
void log(LogLevel level, std::string_view message);

inline void log_error(std::string_view m) { log(LogLevel::kError, m); }
inline void log_warn(std::string_view m) { log(LogLevel::kWarn, m); }
inline void log_info(std::string_view m) { log(LogLevel::kInfo, m); }
inline void log_debug(std::string_view m) { log(LogLevel::kDebug, m); }

}  // namespace s3sandbox::core
