#include "http/protocol.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::http {
namespace {

TEST(SplitTargetTest, SplitsAtFirstQuestionMarkKeepingEncoding) {
  std::string path, query;
  split_target("/b/k%20x?uploads&x=a?b", path, query);
  EXPECT_EQ(path, "/b/k%20x");
  EXPECT_EQ(query, "uploads&x=a?b");
}

TEST(SplitTargetTest, NoQueryGivesEmptyQuery) {
  std::string path, query = "stale";
  split_target("/b/k", path, query);
  EXPECT_EQ(path, "/b/k");
  EXPECT_EQ(query, "");
}

TEST(AbsoluteFormTest, SplitsAuthorityAndOriginForm) {
  const auto t = parse_absolute_form("http://host.example:9000/b/k%20x?uploads&a=b");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->authority, "host.example:9000");
  EXPECT_EQ(t->origin_form, "/b/k%20x?uploads&a=b");
}

TEST(AbsoluteFormTest, SchemeIsCaseInsensitiveAndHttpsAccepted) {
  const auto t = parse_absolute_form("HTTPS://[::1]:443/b");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->authority, "[::1]:443");
  EXPECT_EQ(t->origin_form, "/b");
}

TEST(AbsoluteFormTest, EmptyPathBecomesSlash) {
  const auto bare = parse_absolute_form("http://h:1");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->authority, "h:1");
  EXPECT_EQ(bare->origin_form, "/");
  const auto query = parse_absolute_form("http://h?list-type=2");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->authority, "h");
  EXPECT_EQ(query->origin_form, "/?list-type=2");
}

TEST(AbsoluteFormTest, OtherFormsAndBadAuthoritiesAreNotAbsoluteForm) {
  EXPECT_FALSE(parse_absolute_form("/b/k"));
  EXPECT_FALSE(parse_absolute_form("*"));
  EXPECT_FALSE(parse_absolute_form("host:443"));  // authority-form (CONNECT)
  EXPECT_FALSE(parse_absolute_form("ftp://h/b"));
  EXPECT_FALSE(parse_absolute_form("http:///b"));           // no host
  EXPECT_FALSE(parse_absolute_form("http://user:pw@h/b"));  // userinfo
  EXPECT_FALSE(parse_absolute_form("http:/h/b"));
}

TEST(ReplaceHostTest, AuthorityBecomesTheOnlyHostInPlaceOfTheFirst) {
  std::vector<core::Header> headers = {
      {"X-A", "1"}, {"host", "old"}, {"X-B", "2"}, {"HOST", "other"}};
  replace_host(headers, "new:9");
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[1].name, "host");
  EXPECT_EQ(headers[1].value, "new:9");
  EXPECT_EQ(headers[2].name, "X-B");
}

TEST(ReplaceHostTest, AddedWhenMissing) {
  std::vector<core::Header> headers = {{"X-A", "1"}};
  replace_host(headers, "new:9");
  ASSERT_EQ(headers.size(), 2u);
  EXPECT_EQ(headers[1].name, "Host");
  EXPECT_EQ(headers[1].value, "new:9");
}

TEST(ExpectsContinueTest, CaseInsensitiveValueOnHttp11) {
  core::RequestView r;
  r.headers.push_back({"expect", "100-Continue"});
  EXPECT_TRUE(expects_continue(r, 11));
}

TEST(ExpectsContinueTest, IgnoredForHttp10) {
  core::RequestView r;
  r.headers.push_back({"Expect", "100-continue"});
  EXPECT_FALSE(expects_continue(r, 10));
}

TEST(ExpectsContinueTest, AbsentHeaderMeansNo) {
  EXPECT_FALSE(expects_continue(core::RequestView{}, 11));
}

TEST(StatusForbidsBodyTest, InformationalNoContentAndNotModified) {
  EXPECT_TRUE(status_forbids_body(100));
  EXPECT_TRUE(status_forbids_body(204));
  EXPECT_TRUE(status_forbids_body(304));
  EXPECT_FALSE(status_forbids_body(200));
  EXPECT_FALSE(status_forbids_body(206));
  EXPECT_FALSE(status_forbids_body(404));
}

TEST(ServerOwnedHeaderTest, FramingHeadersAreOwnedByTheServer) {
  EXPECT_TRUE(is_server_owned_header("content-length"));
  EXPECT_TRUE(is_server_owned_header("Transfer-Encoding"));
  EXPECT_TRUE(is_server_owned_header("Connection"));
  EXPECT_FALSE(is_server_owned_header("Content-Type"));
}

TEST(SafeHeaderTest, RejectsLineBreaksInValues) {
  EXPECT_FALSE(is_safe_header("X-A", "a\r\nSet-Cookie: b"));
  EXPECT_FALSE(is_safe_header("X-A", "a\nb"));
  EXPECT_TRUE(is_safe_header("X-A", "a b\tc"));
}

TEST(SafeHeaderTest, RejectsBadNames) {
  EXPECT_FALSE(is_safe_header("", "v"));
  EXPECT_FALSE(is_safe_header("X A", "v"));
  EXPECT_FALSE(is_safe_header("X:A", "v"));
}

TEST(FormatPeerTest, BracketsIpv6) {
  EXPECT_EQ(format_peer("127.0.0.1", 80), "127.0.0.1:80");
  EXPECT_EQ(format_peer("::1", 8080), "[::1]:8080");
}

}  // namespace
}  // namespace s3sandbox::http
