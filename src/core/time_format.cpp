#include "s3sandbox/core/time_format.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace s3sandbox::core {
namespace {

constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Calendar arithmetic with <chrono> rather than gmtime_r/timegm: glibc takes its time-zone lock
// in both, even for UTC, and a Date header and an X-Amz-Date go through here on every request.
std::tm to_tm(TimePoint t) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{secs - day};
  std::tm tm{};
  tm.tm_year = static_cast<int>(ymd.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
  tm.tm_hour = static_cast<int>(hms.hours().count());
  tm.tm_min = static_cast<int>(hms.minutes().count());
  tm.tm_sec = static_cast<int>(hms.seconds().count());
  tm.tm_wday = static_cast<int>(weekday{day}.c_encoding());
  return tm;
}

std::optional<TimePoint> from_tm(std::tm tm) {
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  // A TimePoint counts nanoseconds in 64 bits: years 1678..2262, and the difference of two must
  // fit too (the skew of a request date from now). Dates outside 1900..2200 (year 3013 in a
  // hostile X-Amz-Date or policy expiration) are refused as unparseable rather than overflowing.
  if (tm.tm_year + 1900 < 1900 || tm.tm_year + 1900 > 2200) return std::nullopt;
  // Like timegm: a day past the month's end runs into the next month, second 60 into the next
  // minute.
  using namespace std::chrono;
  const sys_days first{year{tm.tm_year + 1900} / month{static_cast<unsigned>(tm.tm_mon + 1)} / 1};
  const auto at =
      first + days{tm.tm_mday - 1} + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec};
  return time_point_cast<system_clock::duration>(at);
}

// Reads exactly `n` decimal digits.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

int month_index(std::string_view s) {
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (s == kMonths[i]) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::string format_http_date(TimePoint t) {
  // "Sun, 06 Nov 1994 08:49:37 GMT", assembled by hand: it goes on every object response and
  // snprintf was a visible cost there.
  const std::tm tm = to_tm(t);
  const int year = tm.tm_year + 1900;
  if (year < 0 || year > 9999) {  // outside what four digits hold: the general path
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], year, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
  }
  auto two = [](char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  std::string out = "Ddd, 00 Mmm 0000 00:00:00 GMT";
  out.replace(0, 3, kDays[tm.tm_wday], 3);
  two(&out[5], tm.tm_mday);
  out.replace(8, 3, kMonths[tm.tm_mon], 3);
  two(&out[12], year / 100);
  two(&out[14], year % 100);
  two(&out[17], tm.tm_hour);
  two(&out[20], tm.tm_min);
  two(&out[23], tm.tm_sec);
  return out;
}

std::string format_iso8601(TimePoint t) {
  std::tm tm = to_tm(t);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  if (ms < 0) ms += 1000;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string format_amz_date(TimePoint t) {
  std::tm tm = to_tm(t);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<TimePoint> parse_amz_date(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  std::tm tm{};
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || !digits(s, 4, 2, mo) || !digits(s, 6, 2, d) || !digits(s, 9, 2, h) ||
      !digits(s, 11, 2, mi) || !digits(s, 13, 2, se)) {
    return std::nullopt;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  return from_tm(tm);
}

std::optional<TimePoint> parse_iso8601(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff...]Z
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s.back() != 'Z') {
    return std::nullopt;
  }
  std::tm tm{};
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, mo) || !digits(s, 8, 2, d) || !digits(s, 11, 2, h) ||
      !digits(s, 14, 2, mi) || !digits(s, 17, 2, se)) {
    return std::nullopt;
  }
  std::chrono::milliseconds frac{0};
  if (s.size() > 20) {
    if (s[19] != '.') return std::nullopt;
    int scale = 100;
    for (std::size_t i = 20; i + 1 < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      frac += std::chrono::milliseconds((s[i] - '0') * scale);
      scale /= 10;
    }
  } else if (s.size() != 20) {
    return std::nullopt;
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  auto t = from_tm(tm);
  if (!t) return std::nullopt;
  return *t + frac;
}

std::optional<TimePoint> parse_http_date(std::string_view s) {
  std::tm tm{};
  int d, y, h, mi, se;
  auto comma = s.find(',');
  if (comma != std::string_view::npos) {
    std::string_view rest = s.substr(comma + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() >= 24 && rest[2] == ' ' && rest[6] == ' ' && rest[11] == ' ') {
      // RFC 1123: "12 Oct 2009 17:50:00 GMT"
      int mon = month_index(rest.substr(3, 3));
      if (mon < 0 || !digits(rest, 0, 2, d) || !digits(rest, 7, 4, y) || !digits(rest, 12, 2, h) ||
          !digits(rest, 15, 2, mi) || !digits(rest, 18, 2, se) || rest.substr(21) != "GMT") {
        return std::nullopt;
      }
      tm.tm_year = y - 1900;
      tm.tm_mon = mon;
    } else if (rest.size() >= 22 && rest[2] == '-' && rest[6] == '-') {
      // RFC 850: "12-Oct-09 17:50:00 GMT"
      int mon = month_index(rest.substr(3, 3));
      if (mon < 0 || !digits(rest, 0, 2, d) || !digits(rest, 7, 2, y) || !digits(rest, 10, 2, h) ||
          !digits(rest, 13, 2, mi) || !digits(rest, 16, 2, se) || rest.substr(19) != "GMT") {
        return std::nullopt;
      }
      tm.tm_year = y < 70 ? y + 100 : y;
      tm.tm_mon = mon;
    } else {
      return std::nullopt;
    }
  } else {
    // asctime: "Sun Nov  6 08:49:37 1994"
    if (s.size() != 24) return std::nullopt;
    int mon = month_index(s.substr(4, 3));
    std::string day(s.substr(8, 2));
    if (day[0] == ' ') day[0] = '0';
    if (mon < 0 || !digits(day, 0, 2, d) || !digits(s, 11, 2, h) || !digits(s, 14, 2, mi) ||
        !digits(s, 17, 2, se) || !digits(s, 20, 4, y)) {
      return std::nullopt;
    }
    tm.tm_year = y - 1900;
    tm.tm_mon = mon;
  }
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  return from_tm(tm);
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int sign = 1;
  if (text.front() == '+' || text.front() == '-') {
    sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  long long amount = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
  if (ec != std::errc() || ptr == text.data()) return std::nullopt;
  std::string_view unit(ptr, text.data() + text.size() - ptr);
  long long scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "m")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d")
    scale = 86400;
  else
    return std::nullopt;
  return std::chrono::seconds(sign * amount * scale);
}

}  // namespace s3sandbox::core
