// The multipart upload XML: the four result documents compared byte for byte with golden strings
// adapted from the S3 API reference examples (InitiateMultipartUpload, CompleteMultipartUpload,
// ListParts, ListMultipartUploads; compact form, ETag quotes as &quot;, one principal for
// Initiator and Owner), and the CompleteMultipartUpload body parser with every MalformedXML case.
#include <gtest/gtest.h>

#include <string>

#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {
namespace {

const std::string kDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const std::string kNs = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

core::TimePoint at(std::int64_t epoch_seconds) {
  return core::TimePoint(std::chrono::seconds(epoch_seconds));
}

const Owner kDocsOwner{"75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a",
                       "someName"};
const Owner kIdOnlyOwner{"78bfabc0437c878363bcf10ecff51bdfada2cf453437923e11c249d047ca5da9", ""};
const std::string kDocsPrincipal =
    "<ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>"
    "<DisplayName>someName</DisplayName>";
const std::string kIdOnlyPrincipal =
    "<ID>78bfabc0437c878363bcf10ecff51bdfada2cf453437923e11c249d047ca5da9</ID>";

std::string principals(const std::string& inner) {
  return "<Initiator>" + inner + "</Initiator><Owner>" + inner + "</Owner>";
}

// --- InitiateMultipartUploadResult -------------------------------------------------------------

TEST(MultipartRenderTest, InitiateMultipartUpload) {
  EXPECT_EQ(render_initiate_multipart_upload(
                "example-bucket", "example-object",
                "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA"),
            kDecl + "<InitiateMultipartUploadResult" + kNs +
                "><Bucket>example-bucket</Bucket><Key>example-object</Key>"
                "<UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>"
                "</InitiateMultipartUploadResult>");
}

TEST(MultipartRenderTest, InitiateMultipartUploadEscapesTheKey) {
  EXPECT_EQ(render_initiate_multipart_upload("b", "a&b <c>\"d\"", "id"),
            kDecl + "<InitiateMultipartUploadResult" + kNs +
                "><Bucket>b</Bucket><Key>a&amp;b &lt;c&gt;&quot;d&quot;</Key>"
                "<UploadId>id</UploadId></InitiateMultipartUploadResult>");
}

// --- CompleteMultipartUploadResult -------------------------------------------------------------

storage::ObjectMeta completed_object() {
  storage::ObjectMeta m;
  m.bucket = "Example-Bucket";
  m.key = "Example-Object";
  m.etag = "3858f62230ac3c915f300c664312c11f-9";
  return m;
}

TEST(MultipartRenderTest, CompleteMultipartUpload) {
  EXPECT_EQ(
      render_complete_multipart_upload(
          "http://Example-Bucket.s3.us-east-1.amazonaws.com/Example-Object", completed_object()),
      kDecl + "<CompleteMultipartUploadResult" + kNs +
          "><Location>http://Example-Bucket.s3.us-east-1.amazonaws.com/Example-Object</Location>"
          "<Bucket>Example-Bucket</Bucket><Key>Example-Object</Key>"
          "<ETag>&quot;3858f62230ac3c915f300c664312c11f-9&quot;</ETag>"
          "</CompleteMultipartUploadResult>");
}

TEST(MultipartRenderTest, CompleteMultipartUploadWithChecksumsAndType) {
  storage::ObjectMeta m = completed_object();
  m.checksums = {{"SHA256", "ZhoqfObDwjRG/jPBBdPDnSJ7yp1ryeV0ljLT4fxR8Pc=-9"},
                 {"CRC32", "pAI7YQ==-9"}};
  m.checksum_type = "COMPOSITE";
  EXPECT_EQ(render_complete_multipart_upload("/Example-Bucket/Example-Object", m),
            kDecl + "<CompleteMultipartUploadResult" + kNs +
                "><Location>/Example-Bucket/Example-Object</Location>"
                "<Bucket>Example-Bucket</Bucket><Key>Example-Object</Key>"
                "<ETag>&quot;3858f62230ac3c915f300c664312c11f-9&quot;</ETag>"
                "<ChecksumCRC32>pAI7YQ==-9</ChecksumCRC32>"
                "<ChecksumSHA256>ZhoqfObDwjRG/jPBBdPDnSJ7yp1ryeV0ljLT4fxR8Pc=-9</ChecksumSHA256>"
                "<ChecksumType>COMPOSITE</ChecksumType></CompleteMultipartUploadResult>");
}

TEST(MultipartRenderTest, CompleteMultipartUploadOmitsChecksumTypeWithoutChecksums) {
  storage::ObjectMeta m = completed_object();
  m.checksum_type = "FULL_OBJECT";
  EXPECT_EQ(render_complete_multipart_upload("/l", m).find("ChecksumType"), std::string::npos);
}

// --- ListPartsResult ---------------------------------------------------------------------------

storage::PartInfo part(int number, core::TimePoint modified, std::string etag, std::uint64_t size) {
  storage::PartInfo p;
  p.number = number;
  p.last_modified = modified;
  p.etag = std::move(etag);
  p.size = size;
  return p;
}

ListPartsParams docs_parts_params() {
  ListPartsParams p;
  p.bucket = "example-bucket";
  p.key = "example-object";
  p.upload_id = "XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA";
  p.storage_class = "STANDARD";
  return p;
}

TEST(MultipartRenderTest, ListPartsTruncatedAfterMarker) {
  ListPartsParams p = docs_parts_params();
  p.part_number_marker = 1;
  p.max_parts = 2;
  storage::PartsPage page;
  page.parts = {part(2, at(1289422114), "7778aef83f66abc1fa1e8477f296d394", 10485760),
                part(3, at(1289422113), "aaaa18db4cc2f85cedef654fccc4a4x8", 10485760)};
  page.truncated = true;
  page.next_marker = 3;
  EXPECT_EQ(render_list_parts(p, page, kDocsOwner),
            kDecl + "<ListPartsResult" + kNs +
                "><Bucket>example-bucket</Bucket><Key>example-object</Key>"
                "<UploadId>XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA</UploadId>" +
                principals(kDocsPrincipal) +
                "<StorageClass>STANDARD</StorageClass><PartNumberMarker>1</PartNumberMarker>"
                "<NextPartNumberMarker>3</NextPartNumberMarker><MaxParts>2</MaxParts>"
                "<IsTruncated>true</IsTruncated>"
                "<Part><PartNumber>2</PartNumber><LastModified>2010-11-10T20:48:34.000Z"
                "</LastModified><ETag>&quot;7778aef83f66abc1fa1e8477f296d394&quot;</ETag>"
                "<Size>10485760</Size></Part>"
                "<Part><PartNumber>3</PartNumber><LastModified>2010-11-10T20:48:33.000Z"
                "</LastModified><ETag>&quot;aaaa18db4cc2f85cedef654fccc4a4x8&quot;</ETag>"
                "<Size>10485760</Size></Part></ListPartsResult>");
}

TEST(MultipartRenderTest, ListPartsWithChecksums) {
  ListPartsParams p = docs_parts_params();
  p.storage_class = "";  // defaults to STANDARD
  p.checksum_algorithm = "SHA256";
  p.checksum_type = "COMPOSITE";
  storage::PartsPage page;
  page.parts = {part(1, at(1748849821), "63672849a4c5d6bf55e0711ac251a91d", 5242880)};
  page.parts[0].checksums = {{"SHA256", "ZhoqfObDwjRG/jPBBdPDnSJ7yp1ryeV0ljLT4fxR8Pc="}};
  page.next_marker = 1;
  EXPECT_EQ(render_list_parts(p, page, kIdOnlyOwner),
            kDecl + "<ListPartsResult" + kNs +
                "><Bucket>example-bucket</Bucket><Key>example-object</Key>"
                "<UploadId>XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA</UploadId>" +
                principals(kIdOnlyPrincipal) +
                "<StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker>"
                "<NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts>"
                "<IsTruncated>false</IsTruncated><ChecksumAlgorithm>SHA256</ChecksumAlgorithm>"
                "<ChecksumType>COMPOSITE</ChecksumType>"
                "<Part><PartNumber>1</PartNumber><LastModified>2025-06-02T07:37:01.000Z"
                "</LastModified><ETag>&quot;63672849a4c5d6bf55e0711ac251a91d&quot;</ETag>"
                "<Size>5242880</Size>"
                "<ChecksumSHA256>ZhoqfObDwjRG/jPBBdPDnSJ7yp1ryeV0ljLT4fxR8Pc=</ChecksumSHA256>"
                "</Part></ListPartsResult>");
}

TEST(MultipartRenderTest, ListPartsEmptyPage) {
  EXPECT_EQ(render_list_parts(docs_parts_params(), {}, kIdOnlyOwner),
            kDecl + "<ListPartsResult" + kNs +
                "><Bucket>example-bucket</Bucket><Key>example-object</Key>"
                "<UploadId>XXBsb2FkIElEIGZvciBlbHZpbmcncyVcdS1tb3ZpZS5tMnRzEEEwbG9hZA</UploadId>" +
                principals(kIdOnlyPrincipal) +
                "<StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker>"
                "<NextPartNumberMarker>0</NextPartNumberMarker><MaxParts>1000</MaxParts>"
                "<IsTruncated>false</IsTruncated></ListPartsResult>");
}

// --- ListMultipartUploadsResult ----------------------------------------------------------------

storage::MultipartUpload upload(std::string key, std::string id, core::TimePoint initiated,
                                std::string storage_class = "STANDARD") {
  storage::MultipartUpload u;
  u.key = std::move(key);
  u.upload_id = std::move(id);
  u.initiated = initiated;
  u.meta.storage_class = std::move(storage_class);
  return u;
}

std::string upload_xml(const std::string& key, const std::string& id, const std::string& when,
                       const std::string& principal, const std::string& storage_class = "STANDARD",
                       const std::string& extra = "") {
  return "<Upload><Key>" + key + "</Key><UploadId>" + id + "</UploadId>" + principals(principal) +
         "<StorageClass>" + storage_class + "</StorageClass><Initiated>" + when + "</Initiated>" +
         extra + "</Upload>";
}

TEST(MultipartRenderTest, ListMultipartUploadsTruncated) {
  ListUploadsParams p;
  p.bucket = "bucket";
  p.max_uploads = 3;
  storage::UploadsPage page;
  page.uploads = {
      upload("my-divisor", "XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw", at(1289422113),
             "REDUCED_REDUNDANCY"),
      upload("my-movie.m2ts", "VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
             at(1289422113)),
      upload("my-movie.m2ts", "YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ", at(1226350113))};
  page.truncated = true;
  page.next_key_marker = "my-movie.m2ts";
  page.next_upload_id_marker = "YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ";
  EXPECT_EQ(
      render_list_multipart_uploads(p, page, kDocsOwner),
      kDecl + "<ListMultipartUploadsResult" + kNs +
          "><Bucket>bucket</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>"
          "<NextKeyMarker>my-movie.m2ts</NextKeyMarker>"
          "<NextUploadIdMarker>YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ</NextUploadIdMarker>"
          "<Prefix></Prefix><MaxUploads>3</MaxUploads><IsTruncated>true</IsTruncated>" +
          upload_xml("my-divisor", "XMgbGlrZSBlbHZpbmcncyBub3QgaGF2aW5nIG11Y2ggbHVjaw",
                     "2010-11-10T20:48:33.000Z", kDocsPrincipal, "REDUCED_REDUNDANCY") +
          upload_xml("my-movie.m2ts", "VXBsb2FkIElEIGZvciBlbHZpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA",
                     "2010-11-10T20:48:33.000Z", kDocsPrincipal) +
          upload_xml("my-movie.m2ts", "YW55IGlkZWEgd2h5IGVsdmluZydzIHVwbG9hZCBmYWlsZWQ",
                     "2008-11-10T20:48:33.000Z", kDocsPrincipal) +
          "</ListMultipartUploadsResult>");
}

TEST(MultipartRenderTest, ListMultipartUploadsWithDelimiterAndCommonPrefixes) {
  const std::string id =
      "Xgw4MJT6ZPAVxpY0SAuGN7q4uWJJM22ZYg1W99trdp4tpO88.PT6.MhO0w2E17eutfAvQfQWoajgE_W2gpcxQw--";
  ListUploadsParams p;
  p.bucket = "example-bucket";
  p.delimiter = "/";
  storage::UploadsPage page;
  page.uploads = {upload("sample.jpg", id, at(1290799457))};
  page.common_prefixes = {"photos/", "videos/"};
  page.next_key_marker = "sample.jpg";
  page.next_upload_id_marker = id;
  EXPECT_EQ(render_list_multipart_uploads(p, page, kIdOnlyOwner),
            kDecl + "<ListMultipartUploadsResult" + kNs +
                "><Bucket>example-bucket</Bucket><KeyMarker></KeyMarker>"
                "<UploadIdMarker></UploadIdMarker><NextKeyMarker>sample.jpg</NextKeyMarker>"
                "<NextUploadIdMarker>" +
                id +
                "</NextUploadIdMarker><Delimiter>/</Delimiter><Prefix></Prefix>"
                "<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>" +
                upload_xml("sample.jpg", id, "2010-11-26T19:24:17.000Z", kIdOnlyPrincipal) +
                "<CommonPrefixes><Prefix>photos/</Prefix></CommonPrefixes>"
                "<CommonPrefixes><Prefix>videos/</Prefix></CommonPrefixes>"
                "</ListMultipartUploadsResult>");
}

TEST(MultipartRenderTest, ListMultipartUploadsUrlEncodedWithChecksum) {
  ListUploadsParams p;
  p.bucket = "media";
  p.prefix = "run books/";
  p.delimiter = "/";
  p.key_marker = "run books/a+b";
  p.upload_id_marker = "id+1/=";  // opaque: never encoded
  p.encoding_type = "url";
  storage::UploadsPage page;
  page.uploads = {upload("run books/\xC3\xA9t\xC3\xA9 & <more>.txt", "id+2/=", at(1748849821))};
  page.uploads[0].checksum_algorithm = "CRC64NVME";
  page.uploads[0].meta.checksum_type = "FULL_OBJECT";
  page.common_prefixes = {"run books/sub dir/"};
  page.next_key_marker = "run books/sub dir/";
  EXPECT_EQ(render_list_multipart_uploads(p, page, kIdOnlyOwner),
            kDecl + "<ListMultipartUploadsResult" + kNs +
                "><Bucket>media</Bucket><KeyMarker>run+books/a%2Bb</KeyMarker>"
                "<UploadIdMarker>id+1/=</UploadIdMarker>"
                "<NextKeyMarker>run+books/sub+dir/</NextKeyMarker>"
                "<NextUploadIdMarker></NextUploadIdMarker><Delimiter>/</Delimiter>"
                "<Prefix>run+books/</Prefix><EncodingType>url</EncodingType>"
                "<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>" +
                upload_xml("run+books/%C3%A9t%C3%A9+%26+%3Cmore%3E.txt",
                           "id+2/=", "2025-06-02T07:37:01.000Z", kIdOnlyPrincipal, "STANDARD",
                           "<ChecksumAlgorithm>CRC64NVME</ChecksumAlgorithm>"
                           "<ChecksumType>FULL_OBJECT</ChecksumType>") +
                "<CommonPrefixes><Prefix>run+books/sub+dir/</Prefix></CommonPrefixes>"
                "</ListMultipartUploadsResult>");
}

TEST(MultipartRenderTest, ListMultipartUploadsEmptyPage) {
  ListUploadsParams p;
  p.bucket = "bucket";
  p.prefix = "none/";
  EXPECT_EQ(render_list_multipart_uploads(p, {}, kIdOnlyOwner),
            kDecl + "<ListMultipartUploadsResult" + kNs +
                "><Bucket>bucket</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>"
                "<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker>"
                "<Prefix>none/</Prefix><MaxUploads>1000</MaxUploads>"
                "<IsTruncated>false</IsTruncated></ListMultipartUploadsResult>");
}

// --- parse_complete_multipart_upload -----------------------------------------------------------

std::string parts_body(int count) {
  std::string body = "<CompleteMultipartUpload>";
  for (int i = 1; i <= count; ++i) {
    body += "<Part><PartNumber>" + std::to_string(i) +
            "</PartNumber><ETag>\"d41d8cd98f00b204e9800998ecf8427e\"</ETag></Part>";
  }
  return body + "</CompleteMultipartUpload>";
}

void expect_malformed(const std::string& body) {
  auto r = parse_complete_multipart_upload(body);
  ASSERT_FALSE(r) << body.substr(0, 200);
  EXPECT_EQ(r.error().code, core::ErrorCode::kMalformedXML) << body.substr(0, 200);
  EXPECT_FALSE(r.error().diagnosis.empty());
}

TEST(CompleteMultipartUploadParseTest, SdkShapedBodyWithNamespaceAndQuotedEtags) {
  auto r = parse_complete_multipart_upload(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Part><ETag>&quot;0c78aef83f66abc1fa1e8477f296d394&quot;</ETag>"
      "<PartNumber>1</PartNumber></Part>"
      "<Part><PartNumber>2</PartNumber><ETag>\"acbd18db4cc2f85cedef654fccc4a4d8\"</ETag></Part>"
      "</CompleteMultipartUpload>");
  ASSERT_TRUE(r) << r.error().diagnosis;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].part_number, 1);
  EXPECT_EQ((*r)[0].etag, "0c78aef83f66abc1fa1e8477f296d394");
  EXPECT_EQ((*r)[1].part_number, 2);
  EXPECT_EQ((*r)[1].etag, "acbd18db4cc2f85cedef654fccc4a4d8");
  EXPECT_TRUE((*r)[0].checksums.empty());
}

TEST(CompleteMultipartUploadParseTest, HandWrittenBodyWithoutNamespaceOrQuotes) {
  auto r = parse_complete_multipart_upload(
      "<CompleteMultipartUpload>\n  <Part>\n    <PartNumber> 7 </PartNumber>\n"
      "    <ETag> 3858f62230ac3c915f300c664312c11f </ETag>\n  </Part>\n"
      "</CompleteMultipartUpload>\n");
  ASSERT_TRUE(r) << r.error().diagnosis;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].part_number, 7);
  EXPECT_EQ((*r)[0].etag, "3858f62230ac3c915f300c664312c11f");
}

TEST(CompleteMultipartUploadParseTest, PrefixedNamespace) {
  auto r = parse_complete_multipart_upload(
      "<s3:CompleteMultipartUpload xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<s3:Part><s3:PartNumber>1</s3:PartNumber><s3:ETag>abc</s3:ETag></s3:Part>"
      "</s3:CompleteMultipartUpload>");
  ASSERT_TRUE(r) << r.error().diagnosis;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].etag, "abc");
}

TEST(CompleteMultipartUploadParseTest, ReadsEveryChecksumElement) {
  auto r = parse_complete_multipart_upload(
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"e\"</ETag>"
      "<ChecksumCRC32>pAI7YQ==</ChecksumCRC32><ChecksumCRC32C>Ag3Ncw==</ChecksumCRC32C>"
      "<ChecksumCRC64NVME>7yYJGDnw2l0=</ChecksumCRC64NVME>"
      "<ChecksumSHA1>2jmj7l5rSw0yVb/vlWAYkK/YBwk=</ChecksumSHA1>"
      "<ChecksumSHA256>47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</ChecksumSHA256>"
      "</Part></CompleteMultipartUpload>");
  ASSERT_TRUE(r) << r.error().diagnosis;
  const std::map<std::string, std::string> expected = {
      {"CRC32", "pAI7YQ=="},
      {"CRC32C", "Ag3Ncw=="},
      {"CRC64NVME", "7yYJGDnw2l0="},
      {"SHA1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk="},
      {"SHA256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}};
  EXPECT_EQ((*r)[0].checksums, expected);
}

TEST(CompleteMultipartUploadParseTest, KeepsDocumentOrderAndOutOfRangeNumbers) {
  auto r = parse_complete_multipart_upload(
      "<CompleteMultipartUpload>"
      "<Part><PartNumber>3</PartNumber><ETag>a</ETag></Part>"
      "<Part><PartNumber>0</PartNumber><ETag>b</ETag></Part>"
      "<Part><PartNumber>10001</PartNumber><ETag>c</ETag></Part>"
      "<Part><PartNumber>-1</PartNumber><ETag>d</ETag></Part>"
      "<Part><PartNumber>3</PartNumber><ETag>e</ETag></Part>"
      "</CompleteMultipartUpload>");
  ASSERT_TRUE(r) << r.error().diagnosis;
  std::vector<int> numbers;
  for (const CompletedPart& p : *r) numbers.push_back(p.part_number);
  EXPECT_EQ(numbers, (std::vector<int>{3, 0, 10001, -1, 3}));
}

TEST(CompleteMultipartUploadParseTest, AcceptsTenThousandParts) {
  auto r = parse_complete_multipart_upload(parts_body(10000));
  ASSERT_TRUE(r) << r.error().diagnosis;
  EXPECT_EQ(r->size(), 10000u);
  EXPECT_EQ(r->back().part_number, 10000);
}

TEST(CompleteMultipartUploadParseTest, MoreThanTenThousandPartsIsMalformed) {
  expect_malformed(parts_body(10001));
}

TEST(CompleteMultipartUploadParseTest, BodyOverSizeLimitIsMalformed) {
  // A valid document padded with whitespace to one byte over the limit, so only size refuses it.
  const std::string head =
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>"
      "<ETag>e</ETag></Part>";
  const std::string tail = "</CompleteMultipartUpload>";
  std::string body = head + std::string(kMaxXmlBody + 1 - head.size() - tail.size(), ' ') + tail;
  ASSERT_EQ(body.size(), kMaxXmlBody + 1);
  expect_malformed(body);

  body.erase(head.size(), 1);  // exactly at the limit: accepted
  EXPECT_TRUE(parse_complete_multipart_upload(body));
}

TEST(CompleteMultipartUploadParseTest, EmptyBodyIsMalformed) {
  expect_malformed("");
  expect_malformed(" \n");
}

TEST(CompleteMultipartUploadParseTest, NotWellFormedIsMalformed) {
  expect_malformed("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>");
  expect_malformed("PartNumber=1&ETag=abc");
}

TEST(CompleteMultipartUploadParseTest, WrongRootIsMalformed) {
  expect_malformed("<Delete><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></Delete>");
}

TEST(CompleteMultipartUploadParseTest, NoPartIsMalformed) {
  expect_malformed("<CompleteMultipartUpload></CompleteMultipartUpload>");
  expect_malformed(
      "<CompleteMultipartUpload><Object><Key>k</Key></Object>"
      "</CompleteMultipartUpload>");
}

TEST(CompleteMultipartUploadParseTest, PartWithoutPartNumberIsMalformed) {
  expect_malformed(
      "<CompleteMultipartUpload><Part><ETag>e</ETag></Part>"
      "</CompleteMultipartUpload>");
}

TEST(CompleteMultipartUploadParseTest, PartWithTwoPartNumbersIsMalformed) {
  expect_malformed(
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>"
      "<PartNumber>2</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>");
}

TEST(CompleteMultipartUploadParseTest, PartWithoutEtagIsMalformed) {
  expect_malformed(
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part>"
      "</CompleteMultipartUpload>");
}

TEST(CompleteMultipartUploadParseTest, PartWithTwoEtagsIsMalformed) {
  expect_malformed(
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>a</ETag>"
      "<ETag>b</ETag></Part></CompleteMultipartUpload>");
}

TEST(CompleteMultipartUploadParseTest, NonIntegerPartNumberIsMalformed) {
  for (const char* number : {"one", "1.5", "", "1 2", "0x10", "99999999999"}) {
    expect_malformed(std::string("<CompleteMultipartUpload><Part><PartNumber>") + number +
                     "</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>");
  }
}

TEST(CompleteMultipartUploadParseTest, RepeatedChecksumIsMalformed) {
  expect_malformed(
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag>"
      "<ChecksumCRC32>a</ChecksumCRC32><ChecksumCRC32>b</ChecksumCRC32></Part>"
      "</CompleteMultipartUpload>");
}

TEST(CompleteMultipartUploadParseTest, OneBadPartAmongGoodOnesIsMalformed) {
  expect_malformed(
      "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>a</ETag>"
      "</Part><Part><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>");
}

}  // namespace
}  // namespace s3sandbox::xml
