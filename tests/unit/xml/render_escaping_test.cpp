// Text escaping in rendered documents and the encoding-type=url form.
#include <gtest/gtest.h>

#include "s3sandbox/xml/render.hpp"
#include "xml/url_encode.hpp"

namespace s3sandbox::xml {
namespace {

std::string deleted_key_xml(const std::string& key) {
  DeleteOutcome deleted;
  deleted.key = key;
  return render_delete_result({deleted}, false);
}

TEST(RenderEscapingTest, MarkupCharactersInKeysAreEscaped) {
  EXPECT_NE(deleted_key_xml("a<b>&c").find("<Key>a&lt;b&gt;&amp;c</Key>"), std::string::npos);
}

TEST(RenderEscapingTest, QuotesInTextAreEscaped) {
  EXPECT_NE(deleted_key_xml("say \"hi\"").find("<Key>say &quot;hi&quot;</Key>"), std::string::npos);
}

TEST(RenderEscapingTest, CarriageReturnIsACharacterReference) {
  EXPECT_NE(deleted_key_xml("a\r\nb").find("<Key>a&#13;\nb</Key>"), std::string::npos);
}

TEST(RenderEscapingTest, NamespaceAttributeKeepsItsQuotes) {
  EXPECT_NE(
      deleted_key_xml("k").find("<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"),
      std::string::npos);
}

TEST(RenderEscapingTest, DocumentHasNoTrailingNewline) {
  std::string xml = deleted_key_xml("k");
  EXPECT_EQ(xml.back(), '>');
}

TEST(ListingUrlEncodeTest, SpaceIsPlus) { EXPECT_EQ(detail::listing_url_encode("a b"), "a+b"); }

TEST(ListingUrlEncodeTest, PlusIsEncoded) { EXPECT_EQ(detail::listing_url_encode("a+b"), "a%2Bb"); }

TEST(ListingUrlEncodeTest, SlashAndUnreservedStay) {
  EXPECT_EQ(detail::listing_url_encode("A-z_0.9~/x"), "A-z_0.9~/x");
}

TEST(ListingUrlEncodeTest, ParenthesesAreEncodedAsInTheDocs) {
  EXPECT_EQ(detail::listing_url_encode("test_file(3).png"), "test_file%283%29.png");
}

TEST(ListingUrlEncodeTest, Utf8BytesAreUpperHex) {
  EXPECT_EQ(detail::listing_url_encode("\xC3\xA9"), "%C3%A9");
}

TEST(ListingUrlEncodeTest, ControlAndPercentAreEncoded) {
  EXPECT_EQ(detail::listing_url_encode("\x01%\n"), "%01%25%0A");
}

TEST(RenderEscapingTest, UrlEncodingLeavesContinuationTokensAlone) {
  ListV2Params p;
  p.bucket = "b";
  p.encoding_type = "url";
  p.continuation_token = "a+b/c=";
  std::string xml = render_list_objects_v2(p, {}, {"id", ""});
  EXPECT_NE(xml.find("<ContinuationToken>a+b/c=</ContinuationToken>"), std::string::npos);
}

TEST(RenderEscapingTest, V1WithoutDelimiterHasNoNextMarker) {
  ListV1Params p;
  p.bucket = "b";
  p.next_marker = "k";
  storage::ListPage page;
  page.truncated = true;
  EXPECT_EQ(render_list_objects_v1(p, page, {"id", ""}).find("NextMarker"), std::string::npos);
}

TEST(RenderEscapingTest, V2OmitsOwnerUnlessFetchOwner) {
  ListV2Params p;
  p.bucket = "b";
  storage::ListPage page;
  page.objects.resize(1);
  page.objects[0].key = "k";
  EXPECT_EQ(render_list_objects_v2(p, page, {"id", ""}).find("<Owner>"), std::string::npos);
  p.fetch_owner = true;
  EXPECT_NE(render_list_objects_v2(p, page, {"id", ""}).find("<Owner><ID>id</ID></Owner>"),
            std::string::npos);
}

}  // namespace
}  // namespace s3sandbox::xml

// Error documents echo client bytes; invalid UTF-8 and control characters must not make them
// ill-formed (found by the hostile-client tests: a raw 0xFF in a path).
TEST(RenderErrorEscapingTest, InvalidUtf8AndControlBytesAreWrittenAsPercentEscapes) {
  s3sandbox::core::S3Error e(s3sandbox::core::ErrorCode::kInvalidURI);
  e.with("Key", std::string("a\xff\x01z\xc3\xa9", 6));
  std::string xml = s3sandbox::xml::render_error(e, std::string("/b/\xff\xfe", 5), "r", "h");
  EXPECT_NE(xml.find("<Key>a%FF%01z\xc3\xa9</Key>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<Resource>/b/%FF%FE</Resource>"), std::string::npos) << xml;
}
