// The aws-chunked framing state machine. Lines (size, trailers) are accumulated up to the
// limits; chunk data flows straight to the sink while it is hashed for the chunk signature.
#include "s3sandbox/auth/aws_chunked.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "auth/aws_chunked_parse.hpp"
#include "auth/aws_chunked_signing.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

using core::ErrorCode;
using core::S3Error;

// S3's message when the aws-chunked framing is broken or cut short (it differs from the
// table's Content-Length wording, which S3 uses for a short plain body).
constexpr std::string_view kTerminatedUnexpectedly = "The request body terminated unexpectedly";

S3Error incomplete_body(std::string why) {
  return S3Error(ErrorCode::kIncompleteBody, std::string(kTerminatedUnexpectedly))
      .because(std::move(why));
}

S3Error malformed_trailer(std::string why) {
  return S3Error(ErrorCode::kMalformedTrailerError).because(std::move(why));
}

std::string join(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

AwsChunkedDecoder::AwsChunkedDecoder(AwsChunkedOptions options) : options_(std::move(options)) {
  switch (options_.mode) {
    case PayloadMode::kStreamingSigned:
    case PayloadMode::kStreamingSignedTrailer:
    case PayloadMode::kStreamingUnsignedTrailer:
      break;
    default:
      throw std::invalid_argument("AwsChunkedDecoder needs a STREAMING-* payload mode");
  }
  if (options_.signing && signed_mode()) previous_signature_ = options_.signing->seed_signature;
}

bool AwsChunkedDecoder::signed_mode() const {
  return options_.mode != PayloadMode::kStreamingUnsignedTrailer;
}

bool AwsChunkedDecoder::has_trailers() const {
  return options_.mode != PayloadMode::kStreamingSigned;
}

std::string AwsChunkedDecoder::where() const {
  return "chunk " + std::to_string(chunk_index_) + " (its size line starts at wire offset " +
         std::to_string(chunk_wire_start_) + ")";
}

core::Result<void> AwsChunkedDecoder::fail(S3Error error) {
  state_ = State::kFailed;
  error_ = std::move(error);
  return *error_;
}

core::Result<void> AwsChunkedDecoder::feed(std::span<const char> wire, const Sink& sink) {
  if (state_ == State::kFailed) return *error_;
  while (!wire.empty()) {
    auto r = step(wire, sink);
    if (!r) return r;
  }
  return {};
}

core::Result<void> AwsChunkedDecoder::step(std::span<const char>& wire, const Sink& sink) {
  switch (state_) {
    case State::kSizeLine:
    case State::kTrailerLine: {
      const bool trailer = state_ == State::kTrailerLine;
      auto end = std::find(wire.begin(), wire.end(), '\n');
      std::size_t take = static_cast<std::size_t>(end - wire.begin());
      bool complete = end != wire.end();
      if (line_.empty()) line_start_ = wire_offset_;
      // max_line counts the line without its CRLF; the '\r' waits in line_ until the '\n'.
      if (line_.size() + take > options_.limits.max_line + 1) {
        std::string why =
            "a line longer than " + std::to_string(options_.limits.max_line) +
            " bytes starts at wire offset " + std::to_string(line_start_) + ": " +
            printable(line_ + std::string(wire.data(), std::min<std::size_t>(take, 40)));
        return fail(trailer ? malformed_trailer("trailer section: " + why)
                            : incomplete_body(why + "; a chunk-size line is \"<hex-size>" +
                                              (signed_mode() ? ";chunk-signature=<64 hex>" : "") +
                                              "\\r\\n\""));
      }
      if (trailer) {
        trailer_bytes_ += take + (complete ? 1 : 0);
        if (trailer_bytes_ > options_.limits.max_trailer_bytes) {
          return fail(malformed_trailer("the trailer section exceeds " +
                                        std::to_string(options_.limits.max_trailer_bytes) +
                                        " bytes"));
        }
      }
      line_.append(wire.data(), take);
      wire_offset_ += take + (complete ? 1 : 0);
      wire = wire.subspan(take + (complete ? 1 : 0));
      if (!complete) return {};
      if (line_.empty() || line_.back() != '\r') {
        std::string why = "the line at wire offset " + std::to_string(line_start_) + " (" +
                          printable(line_) +
                          ") ends with a bare LF; aws-chunked lines end with CRLF";
        return fail(trailer ? malformed_trailer(why) : incomplete_body(why));
      }
      line_.pop_back();
      auto r = trailer ? on_trailer_line() : on_size_line();
      line_.clear();
      return r;
    }
    case State::kData: {
      std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_left_, wire.size()));
      auto part = wire.first(n);
      if (options_.signing && signed_mode()) chunk_digest_.update(part);
      if (auto r = sink(part); !r) return fail(r.error());
      decoded_size_ += n;
      chunk_left_ -= n;
      wire_offset_ += n;
      wire = wire.subspan(n);
      if (chunk_left_ == 0) {
        state_ = State::kDataCrlf;
        crlf_seen_ = 0;
      }
      return {};
    }
    case State::kDataCrlf:
    case State::kFinalCrlf: {
      const char expected = crlf_seen_ == 0 ? '\r' : '\n';
      if (wire.front() != expected) {
        std::string found =
            printable(std::string_view(wire.data(), std::min<std::size_t>(wire.size(), 16)));
        if (state_ == State::kDataCrlf) {
          return fail(incomplete_body(where() + " declares " + std::to_string(chunk_size_) +
                                      " data bytes, but they are not followed by CRLF (found " +
                                      found + " at wire offset " + std::to_string(wire_offset_) +
                                      "): the size line does not match the data sent"));
        }
        return fail(incomplete_body(
            "the final 0-size chunk must be followed by an empty line (CRLF) that ends the body; "
            "found " +
            found + " at wire offset " + std::to_string(wire_offset_)));
      }
      ++wire_offset_;
      wire = wire.subspan(1);
      if (++crlf_seen_ < 2) return {};
      if (state_ == State::kFinalCrlf) {
        state_ = State::kDone;
        return {};
      }
      return on_data_end();
    }
    case State::kDone:
      return fail(incomplete_body(std::to_string(wire.size()) +
                                  "+ bytes follow the end of the aws-chunked body (wire "
                                  "offset " +
                                  std::to_string(wire_offset_) + ", starting " +
                                  printable({wire.data(), std::min<std::size_t>(wire.size(), 16)}) +
                                  "): Content-Length counts more than the "
                                  "encoded body, or the encoder wrote past its final chunk"));
    case State::kFailed:
      return *error_;
  }
  return {};
}

core::Result<void> AwsChunkedDecoder::on_size_line() {
  ++chunk_index_;
  chunk_wire_start_ = line_start_;
  std::string problem;
  auto parsed = parse_chunk_line(line_, signed_mode(), problem);
  if (!parsed)
    return fail(incomplete_body("the size line of " + where() + " is malformed: " + problem));
  const auto& limits = options_.limits;
  if (parsed->size > limits.max_chunk_size) {
    return fail(incomplete_body(where() + " declares " + std::to_string(parsed->size) +
                                " bytes; s3sandbox refuses chunks over " +
                                std::to_string(limits.max_chunk_size) +
                                " bytes (SDKs send 64 KiB to 1 MiB chunks)"));
  }
  if (parsed->size > 0 && previous_chunk_size_ && limits.min_non_final_chunk > 0 &&
      *previous_chunk_size_ < limits.min_non_final_chunk) {
    return fail(
        S3Error(ErrorCode::kInvalidChunkSizeError)
            .with("Chunk", std::to_string(chunk_index_))
            .with("BadChunkSize", std::to_string(*previous_chunk_size_))
            .because("chunk " + std::to_string(chunk_index_ - 1) + " has " +
                     std::to_string(*previous_chunk_size_) + " bytes and is followed by " +
                     where() + ": S3 allows fewer than " +
                     std::to_string(limits.min_non_final_chunk) +
                     " bytes only in the last data chunk. aws-sdk-js sends each chunk of a "
                     "stream as it comes: set requestStreamBufferSize: 65536 on the S3Client "
                     "(or use @aws-sdk/lib-storage), or feed the SDK larger chunks"));
  }
  chunk_size_ = parsed->size;
  chunk_signature_ = std::move(parsed->signature);
  if (chunk_size_ > 0) {
    chunk_left_ = chunk_size_;
    state_ = State::kData;
    return {};
  }
  // The final 0-size chunk: its (empty) data is complete now.
  if (auto r = on_data_end(); !r) return r;
  state_ = has_trailers() ? State::kTrailerLine : State::kFinalCrlf;
  crlf_seen_ = 0;
  return {};
}

core::Result<void> AwsChunkedDecoder::on_data_end() {
  if (signed_mode() && options_.signing) {
    std::string data_hash = crypto::hex_encode(chunk_digest_.finish());
    chunk_digest_.reset();
    std::string expected = chunk_signature(*options_.signing, previous_signature_, data_hash);
    if (!crypto::constant_time_equal(expected, chunk_signature_)) {
      std::uint64_t first = decoded_size_ - chunk_size_;
      return fail(
          S3Error(ErrorCode::kSignatureDoesNotMatch)
              .with("StringToSign",
                    chunk_string_to_sign(*options_.signing, previous_signature_, data_hash))
              .with("SignatureProvided", chunk_signature_)
              .because("the chunk-signature of " + where() + ", which carries decoded bytes " +
                       std::to_string(first) + ".." + std::to_string(first + chunk_size_) + " (" +
                       std::to_string(chunk_size_) +
                       " bytes), does not match: the chunk's bytes changed after signing, or "
                       "the chain is broken (chunks reordered or dropped, or signed with another "
                       "seed signature or key); expected " +
                       expected + ", got " + chunk_signature_));
    }
    previous_signature_ = std::move(expected);
  } else {
    previous_signature_ = chunk_signature_;
  }
  previous_chunk_size_ = chunk_size_;
  state_ = State::kSizeLine;
  return {};
}

core::Result<void> AwsChunkedDecoder::on_trailer_line() {
  if (line_.empty()) return end_of_trailers();
  if (trailer_signature_seen_) {
    return fail(malformed_trailer("the trailer line " + printable(line_) +
                                  " follows x-amz-trailer-signature, which must be the last "
                                  "trailer; an empty line must end the body"));
  }
  std::string problem;
  auto field = parse_trailer_line(line_, problem);
  if (!field) return fail(malformed_trailer(problem));
  if (field->name == "x-amz-trailer-signature") {
    if (options_.mode != PayloadMode::kStreamingSignedTrailer) {
      return fail(
          malformed_trailer("x-amz-trailer-signature sent with x-amz-content-sha256 "
                            "STREAMING-UNSIGNED-PAYLOAD-TRAILER, whose trailers are unsigned"));
    }
    if (!is_hex_signature(field->value)) {
      return fail(malformed_trailer("x-amz-trailer-signature must be 64 hex digits, found " +
                                    printable(field->value, 80)));
    }
    trailer_signature_seen_ = true;
    if (!options_.signing) return {};
    std::string canonical = canonical_trailers(trailers_);
    std::string expected = trailer_signature(*options_.signing, previous_signature_, canonical);
    if (!crypto::constant_time_equal(expected, field->value)) {
      return fail(
          S3Error(ErrorCode::kSignatureDoesNotMatch)
              .with("StringToSign",
                    trailer_string_to_sign(*options_.signing, previous_signature_, canonical))
              .with("SignatureProvided", field->value)
              .because("x-amz-trailer-signature does not match the trailers received (" +
                       printable(canonical, 200) +
                       "): a trailer changed after signing, or it was signed over other trailer "
                       "text or chained from another final-chunk signature; expected " +
                       expected + ", got " + field->value));
    }
    return {};
  }
  const auto& declared = options_.declared_trailers;
  if (std::find(declared.begin(), declared.end(), field->name) == declared.end()) {
    return fail(malformed_trailer(
        "the trailer " + field->name +
        " was not declared in the x-amz-trailer header (declared: " + join(declared) + ")"));
  }
  for (const auto& t : trailers_) {
    if (t.name == field->name) {
      return fail(malformed_trailer("the trailer " + field->name + " is sent twice"));
    }
  }
  trailers_.push_back(std::move(*field));
  return {};
}

core::Result<void> AwsChunkedDecoder::end_of_trailers() {
  for (const auto& name : options_.declared_trailers) {
    bool present = std::any_of(trailers_.begin(), trailers_.end(),
                               [&](const TrailerField& t) { return t.name == name; });
    if (present) continue;
    std::string why = "x-amz-trailer declares " + name +
                      ", but the trailer section after the final 0-size chunk does not carry it";
    // What S3 answers, per mode: signed trailers expect the trailer lines as part of the signed
    // framing (IncompleteBody); unsigned ones report the trailer itself.
    return fail(options_.mode == PayloadMode::kStreamingSignedTrailer ? incomplete_body(why)
                                                                      : malformed_trailer(why));
  }
  if (options_.mode == PayloadMode::kStreamingSignedTrailer && !trailer_signature_seen_) {
    return fail(
        incomplete_body("the trailer section ended without x-amz-trailer-signature, which "
                        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER requires after the trailers"));
  }
  state_ = State::kDone;
  return {};
}

core::Result<void> AwsChunkedDecoder::finish() {
  switch (state_) {
    case State::kFailed:
      return *error_;
    case State::kDone:
      return {};
    case State::kTrailerLine:
      // aws-sdk-js (getAwsChunkedEncodingStream) ends a body that has no trailer right after
      // "0\r\n"; accept exactly that shape.
      if (options_.mode == PayloadMode::kStreamingUnsignedTrailer && line_.empty() &&
          trailers_.empty() && options_.declared_trailers.empty()) {
        state_ = State::kDone;
        return {};
      }
      return fail(incomplete_body(
          line_.empty() ? "the body ended inside the trailer section after " +
                              std::to_string(trailers_.size()) +
                              " trailer line(s), before the empty line (CRLF) that ends it"
                        : "the body ended inside the trailer line " + printable(line_)));
    case State::kSizeLine:
      if (!line_.empty()) {
        return fail(incomplete_body("the body ended inside the size line of chunk " +
                                    std::to_string(chunk_index_ + 1) + " (" + printable(line_) +
                                    ")"));
      }
      return fail(incomplete_body(
          chunk_index_ == 0 ? "the body is empty; an aws-chunked body holds at least the final "
                              "0-size chunk"
                            : "the body ended after chunk " + std::to_string(chunk_index_) +
                                  " without the final 0-size chunk (\"0" +
                                  (signed_mode() ? ";chunk-signature=..." : "") + "\\r\\n\")"));
    case State::kData:
      return fail(incomplete_body("the body ended inside the data of " + where() + ": " +
                                  std::to_string(chunk_size_ - chunk_left_) + " of " +
                                  std::to_string(chunk_size_) + " bytes arrived"));
    case State::kDataCrlf:
      return fail(
          incomplete_body("the body ended before the CRLF that closes the data of " + where()));
    case State::kFinalCrlf:
      return fail(incomplete_body(
          "the body ended before the empty line (CRLF) that follows the final 0-size chunk"));
  }
  return {};
}

}  // namespace s3sandbox::auth
