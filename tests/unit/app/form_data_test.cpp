#include "app/form_data.hpp"

#include <gtest/gtest.h>

#include <random>

namespace s3sandbox::app {
namespace {

// Records the parser's events as text, so splits of the same body can be compared.
struct Recorder : FormDataHandler {
  std::string events;
  std::string file;
  core::Result<void> on_field(std::string name, std::string value) override {
    events += "field " + name + "=" + value + "\n";
    return {};
  }
  core::Result<void> on_file_begin(std::string filename, std::string content_type) override {
    events += "file " + filename + " " + content_type + "\n";
    return {};
  }
  core::Result<void> on_file_data(std::span<const char> bytes) override {
    file.append(bytes.data(), bytes.size());
    return {};
  }
  core::Result<void> on_file_end() override {
    events += "end " + std::to_string(file.size()) + "\n";
    return {};
  }
};

const std::string kBoundary = "----WebKitFormBoundaryX3bY";

std::string body_with(const std::string& file_bytes) {
  return "--" + kBoundary + "\r\n" + "Content-Disposition: form-data; name=\"key\"\r\n\r\n" +
         "uploads/${filename}\r\n" + "--" + kBoundary + "\r\n" +
         "Content-Disposition: form-data; name=\"Content-Type\"\r\n\r\nimage/png\r\n" + "--" +
         kBoundary + "\r\n" +
         "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\pics\\\\cat.png\"\r\n" +
         "Content-Type: image/png\r\n\r\n" + file_bytes + "\r\n" + "--" + kBoundary + "--\r\n";
}

std::string expected_events(std::size_t file_size) {
  return "field key=uploads/${filename}\nfield Content-Type=image/png\nfile cat.png "
         "image/png\nend " +
         std::to_string(file_size) + "\n";
}

Recorder parse_in_pieces(const std::string& body, const std::vector<std::size_t>& cuts) {
  Recorder rec;
  FormDataParser parser(kBoundary, rec);
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    EXPECT_TRUE(parser.feed(std::span<const char>(body.data() + at, cut - at)));
    at = cut;
  }
  EXPECT_TRUE(parser.feed(std::span<const char>(body.data() + at, body.size() - at)));
  EXPECT_TRUE(parser.finish());
  return rec;
}

TEST(FormDataTest, BoundaryFromContentType) {
  EXPECT_EQ(FormDataParser::boundary_of("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(FormDataParser::boundary_of("Multipart/Form-Data; charset=x; boundary=\"a b\""), "a b");
  EXPECT_FALSE(FormDataParser::boundary_of("application/x-www-form-urlencoded"));
  EXPECT_FALSE(FormDataParser::boundary_of("multipart/form-data"));
}

TEST(FormDataTest, WholeBodyGivesFieldsThenFile) {
  // File bytes that contain a line break, dashes and most of the boundary, but not all of it.
  std::string file = "\x89PNG\r\n--" + kBoundary.substr(0, 10) + "\r\n" + std::string("\0end", 4);
  Recorder rec = parse_in_pieces(body_with(file), {});
  EXPECT_EQ(rec.events, expected_events(file.size()));
  EXPECT_EQ(rec.file, file);
}

TEST(FormDataTest, EveryTwoWaySplitGivesTheSameResult) {
  std::string file(300, 'x');
  for (std::size_t i = 0; i < file.size(); i += 7) file[i] = '\r';
  std::string body = body_with(file);
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    Recorder rec = parse_in_pieces(body, {cut});
    ASSERT_EQ(rec.events, expected_events(file.size())) << "cut at " << cut;
    ASSERT_EQ(rec.file, file) << "cut at " << cut;
  }
}

TEST(FormDataTest, OneByteAtATimeAndRandomSplits) {
  std::mt19937 rng(7);
  std::string file(5000, '\0');
  for (char& c : file) c = static_cast<char>(rng());
  std::string body = body_with(file);
  std::vector<std::size_t> every_byte;
  for (std::size_t i = 1; i < body.size(); ++i) every_byte.push_back(i);
  EXPECT_EQ(parse_in_pieces(body, every_byte).file, file);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::size_t> cuts;
    for (std::size_t at = 0;;) {
      at += 1 + rng() % 900;
      if (at >= body.size()) break;
      cuts.push_back(at);
    }
    Recorder rec = parse_in_pieces(body, cuts);
    ASSERT_EQ(rec.file, file);
    ASSERT_EQ(rec.events, expected_events(file.size()));
  }
}

TEST(FormDataTest, MissingClosingBoundaryIsIncomplete) {
  std::string body = body_with("abc");
  body.resize(body.size() - 10);
  Recorder rec;
  FormDataParser parser(kBoundary, rec);
  ASSERT_TRUE(parser.feed(std::span<const char>(body.data(), body.size())));
  auto r = parser.finish();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kIncompleteBody);
}

TEST(FormDataTest, OversizedFieldsAreRefused) {
  std::string body = "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"big\"\r\n\r\n" +
                     std::string(100, 'v') + "\r\n--" + kBoundary + "--\r\n";
  Recorder rec;
  FormDataParser parser(kBoundary, rec, {.max_part_header_bytes = 8192, .max_field_bytes = 50});
  auto r = parser.feed(std::span<const char>(body.data(), body.size()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kMalformedPOSTRequest);
}

TEST(FormDataTest, EndlessPartHeaderIsRefused) {
  std::string body =
      "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + std::string(10000, 'n');
  Recorder rec;
  FormDataParser parser(kBoundary, rec);
  EXPECT_FALSE(parser.feed(std::span<const char>(body.data(), body.size())));
}

}  // namespace
}  // namespace s3sandbox::app
