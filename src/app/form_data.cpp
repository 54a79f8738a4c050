#include "form_data.hpp"

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::app {
namespace {

core::S3Error malformed(std::string why) {
  return core::S3Error(core::ErrorCode::kMalformedPOSTRequest).because(std::move(why));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `name=` in a header's parameters ("form-data; name=\"key\"; filename=\"a.jpg\"").
std::optional<std::string> parameter(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto semi = header.find(';', pos);
    if (semi == std::string_view::npos) return std::nullopt;
    std::string_view rest = trim(header.substr(semi + 1));
    auto eq = rest.find('=');
    std::size_t consumed = header.size() - rest.size();
    if (eq != std::string_view::npos && core::iequals(trim(rest.substr(0, eq)), name)) {
      std::string_view value = trim(rest.substr(eq + 1));
      if (!value.empty() && value.front() == '"') {
        std::string out;
        for (std::size_t i = 1; i < value.size(); ++i) {
          if (value[i] == '\\' && i + 1 < value.size()) {
            out += value[++i];
          } else if (value[i] == '"') {
            return out;
          } else {
            out += value[i];
          }
        }
        return std::nullopt;  // unterminated quote
      }
      return std::string(value.substr(0, value.find(';')));
    }
    pos = consumed;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FormDataParser::boundary_of(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (!core::iequals(trim(content_type.substr(0, semi)), "multipart/form-data")) {
    return std::nullopt;
  }
  auto b = parameter(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return b;
}

FormDataParser::FormDataParser(std::string boundary, FormDataHandler& handler,
                               FormDataLimits limits)
    : delimiter_("\r\n--" + boundary), handler_(handler), limits_(limits) {
  // The first delimiter may open the body without a preceding line break.
  pending_ = "\r\n";
}

core::Result<void> FormDataParser::feed(std::span<const char> bytes) {
  if (state_ == State::kDone) return {};  // the epilogue is ignored
  pending_.append(bytes.data(), bytes.size());
  bool progressed = true;
  while (progressed && state_ != State::kDone) {
    progressed = false;
    if (auto r = step(progressed); !r) return r;
  }
  return {};
}

core::Result<void> FormDataParser::step(bool& progressed) {
  switch (state_) {
    case State::kPreamble: {
      auto at = pending_.find(delimiter_);
      if (at == std::string::npos) {
        // Keep only what could still be the start of the delimiter.
        if (pending_.size() > delimiter_.size())
          pending_.erase(0, pending_.size() - delimiter_.size());
        return {};
      }
      pending_.erase(0, at + delimiter_.size());
      state_ = State::kAfterDelimiter;
      progressed = true;
      return {};
    }
    case State::kAfterDelimiter: {
      if (pending_.size() < 2) return {};
      if (pending_.compare(0, 2, "--") == 0) {
        state_ = State::kDone;
        pending_.clear();
      } else if (pending_.compare(0, 2, "\r\n") == 0) {
        pending_.erase(0, 2);
        state_ = State::kHeaders;
      } else {
        return malformed("a multipart delimiter must be followed by CRLF or --");
      }
      progressed = true;
      return {};
    }
    case State::kHeaders: {
      auto end = pending_.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (pending_.size() > limits_.max_part_header_bytes) {
          return malformed("a form part's headers are longer than " +
                           std::to_string(limits_.max_part_header_bytes) + " bytes");
        }
        return {};
      }
      std::string headers = pending_.substr(0, end);
      pending_.erase(0, end + 4);
      if (auto r = begin_part(headers); !r) return r;
      state_ = State::kBody;
      progressed = true;
      return {};
    }
    case State::kBody: {
      auto at = pending_.find(delimiter_);
      if (at == std::string::npos) {
        // Everything except a possible partial delimiter at the end belongs to the part.
        if (pending_.size() > delimiter_.size()) {
          std::size_t n = pending_.size() - delimiter_.size();
          if (auto r = emit(std::string_view(pending_).substr(0, n)); !r) return r;
          pending_.erase(0, n);
        }
        return {};
      }
      if (auto r = emit(std::string_view(pending_).substr(0, at)); !r) return r;
      pending_.erase(0, at + delimiter_.size());
      if (auto r = end_part(); !r) return r;
      state_ = State::kAfterDelimiter;
      progressed = true;
      return {};
    }
    case State::kDone:
      return {};
  }
  return {};
}

core::Result<void> FormDataParser::begin_part(std::string_view headers) {
  std::optional<std::string> name, filename;
  std::string content_type;
  std::size_t pos = 0;
  while (pos <= headers.size()) {
    auto eol = headers.find("\r\n", pos);
    std::string_view line =
        headers.substr(pos, eol == std::string_view::npos ? headers.npos : eol - pos);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view header_name = trim(line.substr(0, colon));
      std::string_view value = trim(line.substr(colon + 1));
      if (core::iequals(header_name, "Content-Disposition")) {
        name = parameter(value, "name");
        filename = parameter(value, "filename");
      } else if (core::iequals(header_name, "Content-Type")) {
        content_type = std::string(value);
      }
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 2;
  }
  if (!name) return malformed("a form part has no Content-Disposition name");
  if (core::iequals(*name, "file")) {
    in_file_ = true;
    std::string base = filename.value_or("");
    // Browsers of old sent full paths; S3's ${filename} is the last path component.
    auto slash = base.find_last_of("/\\");
    if (slash != std::string::npos) base = base.substr(slash + 1);
    return handler_.on_file_begin(std::move(base), std::move(content_type));
  }
  in_file_ = false;
  field_name_ = std::move(*name);
  field_value_.clear();
  return {};
}

core::Result<void> FormDataParser::emit(std::string_view bytes) {
  if (bytes.empty()) return {};
  if (in_file_) return handler_.on_file_data(std::span<const char>(bytes.data(), bytes.size()));
  field_bytes_ += bytes.size();
  if (field_bytes_ > limits_.max_field_bytes) {
    return malformed("the form's fields are larger than " +
                     std::to_string(limits_.max_field_bytes) + " bytes");
  }
  field_value_.append(bytes);
  return {};
}

core::Result<void> FormDataParser::end_part() {
  if (in_file_) {
    in_file_ = false;
    return handler_.on_file_end();
  }
  return handler_.on_field(std::move(field_name_), std::move(field_value_));
}

core::Result<void> FormDataParser::finish() {
  if (state_ != State::kDone) {
    return core::S3Error(core::ErrorCode::kIncompleteBody)
        .because("the multipart/form-data body ended before its closing boundary");
  }
  return {};
}

}  // namespace s3sandbox::app
