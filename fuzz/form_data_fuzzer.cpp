// Fuzzes the multipart/form-data parser of POST Object with a fixed boundary (the one in the
// seed bodies) and the body fed in fuzzer-chosen pieces. Input: byte 0 flags, byte 1 split seed
// (fuzz_support.hpp Splitter), then the body. Flags: b & 1 tiny limits (64-byte part headers,
// 128 bytes of fields); b & 2 the handler refuses the file part (as the app does when the
// policy fails), to exercise error propagation. The handler checks the callback protocol:
// no field inside the file part, file data only between its begin and end.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "app/form_data.hpp"
#include "fuzz_support.hpp"
#include "s3sandbox/core/error.hpp"

namespace {

using namespace s3sandbox;

constexpr std::string_view kBoundary = "9431149156168";

class CheckingHandler final : public app::FormDataHandler {
 public:
  explicit CheckingHandler(bool refuse_file) : refuse_file_(refuse_file) {}

  core::Result<void> on_field(std::string, std::string value) override {
    S3SANDBOX_FUZZ_CHECK(!in_file_);
    field_bytes_ += value.size();
    return {};
  }
  core::Result<void> on_file_begin(std::string, std::string) override {
    S3SANDBOX_FUZZ_CHECK(!in_file_);
    in_file_ = true;
    if (refuse_file_) return core::S3Error(core::ErrorCode::kAccessDenied);
    return {};
  }
  core::Result<void> on_file_data(std::span<const char> bytes) override {
    S3SANDBOX_FUZZ_CHECK(in_file_);
    (void)bytes;
    return {};
  }
  core::Result<void> on_file_end() override {
    S3SANDBOX_FUZZ_CHECK(in_file_);
    in_file_ = false;
    return {};
  }

  bool in_file() const { return in_file_; }
  std::size_t field_bytes() const { return field_bytes_; }

 private:
  bool refuse_file_;
  bool in_file_ = false;
  std::size_t field_bytes_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned flags = data[0];
  fuzz::Splitter splitter(data[1]);
  std::string_view body(reinterpret_cast<const char*>(data) + 2, size - 2);

  app::FormDataLimits limits;
  if (flags & 1) limits = {64, 128};
  CheckingHandler handler((flags & 2) != 0);
  app::FormDataParser parser(std::string(kBoundary), handler, limits);
  bool ok = fuzz::feed_in_pieces(body, splitter, [&](std::span<const char> piece) {
    return static_cast<bool>(parser.feed(piece));
  });
  if (ok) ok = static_cast<bool>(parser.finish());
  fuzz::report("form_data", ok, std::to_string(handler.field_bytes()) + " field bytes");
  if (ok) {
    S3SANDBOX_FUZZ_CHECK(parser.done());
    S3SANDBOX_FUZZ_CHECK(!handler.in_file());
  }
  // The values of the fields the parser accepted stay within its limit.
  S3SANDBOX_FUZZ_CHECK(handler.field_bytes() <= limits.max_field_bytes);

  // The same bytes as a Content-Type header.
  std::string_view first_line = body.substr(0, body.find('\n'));
  if (auto b = app::FormDataParser::boundary_of(first_line)) {
    S3SANDBOX_FUZZ_CHECK(!b->empty() && b->size() <= 70);
  }
  return 0;
}
