// FormDataParser: an incremental, I/O-free multipart/form-data parser (RFC 7578) for browser
// form uploads (POST Object). Feed it any split of the body; it reports each text field whole
// (bounded in size) and the file part as a stream of pieces, so a large file never sits in memory.
// Memory: the pending bytes are at most one fed piece plus a delimiter's length.
// Thread safety: one parser per request.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::app {

class FormDataHandler {
 public:
  virtual ~FormDataHandler() = default;
  virtual core::Result<void> on_field(std::string name, std::string value) = 0;
  virtual core::Result<void> on_file_begin(std::string filename, std::string content_type) = 0;
  virtual core::Result<void> on_file_data(std::span<const char> bytes) = 0;
  virtual core::Result<void> on_file_end() = 0;
};

struct FormDataLimits {
  std::size_t max_part_header_bytes = 8 * 1024;
  std::size_t max_field_bytes = 20 * 1024;  // all text fields together
};

class FormDataParser {
 public:
  // The boundary parameter of a multipart/form-data Content-Type, if it is one.
  static std::optional<std::string> boundary_of(std::string_view content_type);

  FormDataParser(std::string boundary, FormDataHandler& handler, FormDataLimits limits = {});

  core::Result<void> feed(std::span<const char> bytes);
  // After the last byte: an error unless the closing delimiter was seen.
  core::Result<void> finish();
  bool done() const { return state_ == State::kDone; }

 private:
  enum class State { kPreamble, kAfterDelimiter, kHeaders, kBody, kDone };

  core::Result<void> step(bool& progressed);
  core::Result<void> begin_part(std::string_view headers);
  core::Result<void> emit(std::string_view bytes);
  core::Result<void> end_part();

  std::string delimiter_;  // "\r\n--" + boundary
  FormDataHandler& handler_;
  FormDataLimits limits_;
  State state_ = State::kPreamble;
  std::string pending_;
  bool in_file_ = false;
  std::string field_name_;
  std::string field_value_;
  std::size_t field_bytes_ = 0;
};

}  // namespace s3sandbox::app
