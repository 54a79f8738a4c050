#include "auth/aws_chunked_parse.hpp"

#include <cstdio>

namespace s3sandbox::auth {
namespace {

constexpr std::string_view kSignaturePrefix = ";chunk-signature=";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 9110 token characters: what a header (and so a trailer) name may hold.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string printable(std::string_view bytes, std::size_t max) {
  std::string out = "\"";
  for (std::size_t i = 0; i < bytes.size() && i < max; ++i) {
    char c = bytes[i];
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  if (bytes.size() > max) out += "...";
  return out + "\"";
}

bool is_hex_signature(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (hex_digit(c) < 0) return false;
  }
  return true;
}

std::optional<ChunkLine> parse_chunk_line(std::string_view line, bool signed_mode,
                                          std::string& problem) {
  std::size_t digits = 0;
  ChunkLine out;
  while (digits < line.size() && hex_digit(line[digits]) >= 0) {
    if (digits == 16) {
      problem = "the chunk size has more than 16 hex digits";
      return std::nullopt;
    }
    out.size = out.size << 4 | static_cast<std::uint64_t>(hex_digit(line[digits]));
    ++digits;
  }
  if (digits == 0) {
    problem = line.empty() ? "the line is empty where a hexadecimal chunk size was expected"
                           : "it does not start with a hexadecimal chunk size (it starts with " +
                                 printable(line.substr(0, 1)) + ")";
    return std::nullopt;
  }
  std::string_view rest = line.substr(digits);
  bool has_signature = rest.starts_with(kSignaturePrefix);
  if (!signed_mode) {
    if (has_signature) {
      problem =
          "it carries a chunk-signature, but x-amz-content-sha256 is "
          "STREAMING-UNSIGNED-PAYLOAD-TRAILER, whose chunks are unsigned: sign the request with "
          "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or send bare \"<hex-size>\\r\\n\" lines";
      return std::nullopt;
    }
    if (!rest.empty()) {
      problem = "unexpected bytes after the chunk size: " + printable(rest) +
                " (an unsigned aws-chunked size line is the hex size alone)";
      return std::nullopt;
    }
    return out;
  }
  if (!has_signature) {
    problem = rest.empty()
                  ? "it has no \";chunk-signature=<64 hex>\" after the size, which "
                    "signed streaming (STREAMING-AWS4-HMAC-SHA256-PAYLOAD...) requires"
                  : "expected \";chunk-signature=\" after the size, found " + printable(rest);
    return std::nullopt;
  }
  std::string_view signature = rest.substr(kSignaturePrefix.size());
  if (!is_hex_signature(signature)) {
    problem = "the chunk-signature must be 64 hex digits, found " + printable(signature, 80);
    return std::nullopt;
  }
  out.signature = std::string(signature);
  return out;
}

std::optional<TrailerField> parse_trailer_line(std::string_view line, std::string& problem) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    problem = "the trailer line " + printable(line) + " has no ':' between name and value";
    return std::nullopt;
  }
  std::string_view name = trim(line.substr(0, colon));
  if (name.empty()) {
    problem = "the trailer line " + printable(line) + " has an empty name";
    return std::nullopt;
  }
  TrailerField field;
  for (char c : name) {
    if (!is_token_char(c)) {
      problem = "the trailer name " + printable(name) +
                " holds a character not allowed in a "
                "header name";
      return std::nullopt;
    }
    field.name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  field.value = std::string(trim(line.substr(colon + 1)));
  return field;
}

}  // namespace s3sandbox::auth
