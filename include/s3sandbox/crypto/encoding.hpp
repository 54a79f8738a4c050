// Hex and base64 (standard alphabet, padded) encoding, and constant-time comparison.
// Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3sandbox::crypto {

std::string hex_encode(std::string_view raw);  // lower case
// Writes the 2 * raw.size() lower-case hex digits of `raw` at `out`; returns the end.
char* hex_encode_into(std::string_view raw, char* out);
std::optional<std::string> hex_decode(std::string_view hex);
std::string base64_encode(std::string_view raw);
// Strict: standard alphabet, correct padding; whitespace is not accepted.
std::optional<std::string> base64_decode(std::string_view b64);

// Compares without leaking, through timing, where the first difference is. Lengths are public.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace s3sandbox::crypto
