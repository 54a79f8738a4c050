// The access-control documents both ways (issue #17, Tests: "ACL XML round trips"): what
// render_* writes, parse_* reads back unchanged, for every grantee type and permission, and the
// documents S3 and its SDKs send (xsi:type grantees, the xmlns) parse as S3 reads them.
#include <gtest/gtest.h>

#include "s3sandbox/xml/access_control.hpp"

namespace s3sandbox::xml {
namespace {

const std::string kAlice(64, 'a');
const std::string kBob(64, 'b');

bool same(const AclGrant& a, const AclGrant& b) {
  return a.group == b.group && a.id == b.id && a.permission == b.permission;
}

TEST(AccessControlXml, PolicyRoundTripsEveryGranteeAndPermission) {
  AccessControlPolicy policy;
  policy.owner = {kAlice, "alice"};
  policy.grants = {
      {false, kAlice, "alice", "FULL_CONTROL"},
      {false, kBob, "bob", "WRITE"},
      {false, kBob, "", "READ_ACP"},
      {false, kBob, "", "WRITE_ACP"},
      {true, std::string(kAllUsersUri), "", "READ"},
      {true, std::string(kAuthenticatedUsersUri), "", "READ"},
      {true, std::string(kLogDeliveryUri), "", "WRITE"},
  };
  const std::string text = render_access_control_policy(policy);
  auto parsed = parse_access_control_policy(text);
  ASSERT_TRUE(parsed) << parsed.error().diagnosis << "\n" << text;
  EXPECT_EQ(parsed->owner.id, kAlice);
  ASSERT_EQ(parsed->grants.size(), policy.grants.size()) << text;
  for (std::size_t i = 0; i < policy.grants.size(); ++i) {
    EXPECT_TRUE(same(parsed->grants[i], policy.grants[i])) << i << "\n" << text;
  }
  // Rendering what was parsed gives the same document again.
  parsed->grants[0].display_name = "alice";
  parsed->grants[1].display_name = "bob";
  parsed->owner.display_name = "alice";
  EXPECT_EQ(render_access_control_policy(*parsed), text);
}

TEST(AccessControlXml, RendersS3sGranteeForms) {
  AccessControlPolicy policy;
  policy.owner = {kAlice, ""};
  policy.grants = {{false, kAlice, "", "FULL_CONTROL"},
                   {true, std::string(kAllUsersUri), "", "READ"}};
  const std::string text = render_access_control_policy(policy);
  EXPECT_NE(text.find("xsi:type=\"CanonicalUser\""), std::string::npos) << text;
  EXPECT_NE(text.find("xsi:type=\"Group\""), std::string::npos) << text;
  EXPECT_NE(text.find("<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>"),
            std::string::npos)
      << text;
  // No DisplayName when none is known (S3 no longer returns them).
  EXPECT_EQ(text.find("<DisplayName>"), std::string::npos) << text;
}

TEST(AccessControlXml, ParsesTheDocumentBoto3Sends) {
  // botocore's serialization of put_object_acl(AccessControlPolicy=...).
  const std::string body =
      "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<AccessControlList><Grant><Grantee "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">"
      "<ID>" +
      kBob +
      "</ID></Grantee><Permission>READ</Permission></Grant>"
      "<Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>"
      "<Permission>READ</Permission></Grant></AccessControlList>"
      "<Owner><ID>" +
      kAlice + "</ID></Owner></AccessControlPolicy>";
  auto parsed = parse_access_control_policy(body);
  ASSERT_TRUE(parsed) << parsed.error().diagnosis;
  EXPECT_EQ(parsed->owner.id, kAlice);
  ASSERT_EQ(parsed->grants.size(), 2u);
  EXPECT_TRUE(same(parsed->grants[0], AclGrant{false, kBob, "", "READ"}));
  EXPECT_TRUE(same(parsed->grants[1], AclGrant{true, std::string(kAllUsersUri), "", "READ"}));
}

TEST(AccessControlXml, MalformedAclsAreRefused) {
  for (const std::string& body : {
           std::string("<AccessControlPolicy><AccessControlList><Grant><Grantee "
                       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                       "xsi:type=\"CanonicalUser\"><ID>x</ID></Grantee><Permission>EVERYTHING"
                       "</Permission></Grant></AccessControlList></AccessControlPolicy>"),
           std::string("<NotAnAcl/>"),
           std::string("<AccessControlPolicy><AccessControlList>"),
       }) {
    auto parsed = parse_access_control_policy(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().info().code, std::string_view("MalformedACLError")) << body;
  }
}

TEST(AccessControlXml, OwnershipAndPublicAccessBlockRoundTrip) {
  for (const char* v : {"BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"}) {
    auto parsed = parse_ownership_controls(render_ownership_controls(v));
    ASSERT_TRUE(parsed) << v;
    EXPECT_EQ(*parsed, v);
  }
  for (int bits = 0; bits < 16; ++bits) {
    PublicAccessBlockConfig c{(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0};
    auto parsed = parse_public_access_block(render_public_access_block(c));
    ASSERT_TRUE(parsed) << bits;
    EXPECT_EQ(parsed->block_public_acls, c.block_public_acls) << bits;
    EXPECT_EQ(parsed->ignore_public_acls, c.ignore_public_acls) << bits;
    EXPECT_EQ(parsed->block_public_policy, c.block_public_policy) << bits;
    EXPECT_EQ(parsed->restrict_public_buckets, c.restrict_public_buckets) << bits;
  }
}

}  // namespace
}  // namespace s3sandbox::xml
