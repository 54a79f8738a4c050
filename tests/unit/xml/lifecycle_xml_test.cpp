// The LifecycleConfiguration document: what S3 accepts (and how GET renders it back) and, as a
// table, each refusal with S3's code and message.
#include <gtest/gtest.h>

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/xml/lifecycle.hpp"

namespace s3sandbox::xml {
namespace {

std::string doc(const std::string& rules) {
  return "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + rules +
         "</LifecycleConfiguration>";
}

std::string rule(const std::string& body, const std::string& id = "r1") {
  return "<Rule><ID>" + id + "</ID>" + body + "</Rule>";
}

TEST(LifecycleXml, ParsesExpirationAbortAndFilters) {
  auto c = parse_lifecycle_configuration(doc(
      rule("<Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status>"
           "<Expiration><Days>1</Days></Expiration>") +
      rule("<Filter><And><Prefix>logs/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag>"
           "<ObjectSizeGreaterThan>10</ObjectSizeGreaterThan></And></Filter>"
           "<Status>Disabled</Status><Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration>",
           "r2") +
      rule("<Prefix>up/</Prefix><Status>Enabled</Status>"
           "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation>"
           "</AbortIncompleteMultipartUpload>",
           "r3")));
  ASSERT_TRUE(c) << c.error().diagnosis;
  ASSERT_EQ(c->rules.size(), 3u);
  EXPECT_TRUE(c->rules[0].enabled);
  EXPECT_EQ(c->rules[0].filter.prefix, "tmp/");
  EXPECT_EQ(c->rules[0].expiration_days, 1);
  EXPECT_FALSE(c->rules[1].enabled);
  EXPECT_EQ(c->rules[1].filter.form, LifecycleFilter::Form::kAnd);
  ASSERT_EQ(c->rules[1].filter.tags.size(), 1u);
  EXPECT_EQ(c->rules[1].filter.size_greater_than, 10u);
  EXPECT_EQ(c->rules[1].expiration_date, core::parse_iso8601("2030-01-01T00:00:00Z"));
  EXPECT_EQ(c->rules[2].filter.form, LifecycleFilter::Form::kLegacyPrefix);
  EXPECT_EQ(c->rules[2].abort_days_after_initiation, 7);
}

TEST(LifecycleXml, RendersWhatWasGivenAndNamesRulesWithoutId) {
  auto c = parse_lifecycle_configuration(
      doc("<Rule><Filter><Tag><Key>a</Key><Value>b</Value></Tag></Filter><Status>Enabled</Status>"
          "<Expiration><Days>40</Days></Expiration>"
          "<Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition>"
          "</Rule>"));
  ASSERT_TRUE(c) << c.error().diagnosis;
  EXPECT_EQ(c->rules[0].id.size(), 48u);
  const std::string out = render_lifecycle_configuration(*c);
  EXPECT_NE(out.find("<Filter><Tag><Key>a</Key><Value>b</Value></Tag></Filter>"), std::string::npos)
      << out;
  EXPECT_NE(out.find("<Expiration><Days>40</Days></Expiration>"), std::string::npos) << out;
  EXPECT_NE(out.find("<Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass>"),
            std::string::npos)
      << out;
  // The rendering parses back to the same rules.
  auto again = parse_lifecycle_configuration(out);
  ASSERT_TRUE(again);
  EXPECT_EQ(render_lifecycle_configuration(*again), out);
}

TEST(LifecycleXml, EmptyFilterCoversEverything) {
  auto c = parse_lifecycle_configuration(doc(
      rule("<Filter></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>")));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->rules[0].filter.form, LifecycleFilter::Form::kEmpty);
  EXPECT_EQ(c->rules[0].filter.prefix, "");
}

struct Refusal {
  const char* name;
  std::string body;
  const char* code;
  const char* message;  // S3's, "" for MalformedXML (its fixed message)
};

class LifecycleRefusals : public ::testing::TestWithParam<Refusal> {};

TEST_P(LifecycleRefusals, AnswersAsS3) {
  const Refusal& r = GetParam();
  auto c = parse_lifecycle_configuration(r.body);
  ASSERT_FALSE(c) << r.name;
  EXPECT_EQ(core::error_info(c.error().code).code, r.code) << r.name;
  if (std::string(r.message).size() > 0) {
    EXPECT_EQ(c.error().effective_message(), r.message) << r.name;
  }
  EXPECT_FALSE(c.error().diagnosis.empty()) << r.name;
}

const std::string kOn = "<Status>Enabled</Status>";
const std::string kAll = "<Filter></Filter>";
const std::string kDay = "<Expiration><Days>1</Days></Expiration>";
const std::string kGlacierAfter30 =
    "<Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>";

// What the cross-action checks must still accept: each expiration after its transitions.
TEST(LifecycleXml, AcceptsExpirationsAfterTheirTransitions) {
  auto c = parse_lifecycle_configuration(
      doc(rule(kAll + kOn + kGlacierAfter30 + "<Expiration><Days>31</Days></Expiration>", "days") +
          rule(kAll + kOn +
                   "<Transition><Date>2030-01-01T00:00:00Z</Date><StorageClass>GLACIER"
                   "</StorageClass></Transition><Expiration><Date>2030-01-02T00:00:00Z</Date>"
                   "</Expiration>",
               "dates") +
          rule(kAll + kOn +
                   "<NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>"
                   "STANDARD_IA</StorageClass></NoncurrentVersionTransition>"
                   "<NoncurrentVersionExpiration><NoncurrentDays>31</NoncurrentDays>"
                   "</NoncurrentVersionExpiration>",
               "noncurrent") +
          rule(kAll + kOn + kGlacierAfter30 +
                   "<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker>"
                   "</Expiration>",
               "marker")));
  ASSERT_TRUE(c) << c.error().diagnosis;
  EXPECT_EQ(c->rules.size(), 4u);
}

std::string many_rules(int n) {
  std::string rules;
  for (int i = 0; i < n; ++i) rules += rule(kAll + kOn + kDay, "r" + std::to_string(i));
  return doc(rules);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LifecycleRefusals,
    ::testing::Values(
        Refusal{"not xml", "nope", "MalformedXML", ""},
        Refusal{"no rules", doc(""), "MalformedXML", ""},
        Refusal{"1001 rules", many_rules(1001), "MalformedXML", ""},
        Refusal{"no status", doc(rule(kAll + kDay)), "MalformedXML", ""},
        Refusal{"bad status", doc(rule(kAll + "<Status>On</Status>" + kDay)), "MalformedXML", ""},
        Refusal{"no filter", doc(rule(kOn + kDay)), "MalformedXML", ""},
        Refusal{"filter and prefix", doc(rule(kAll + "<Prefix>a</Prefix>" + kOn + kDay)),
                "MalformedXML", ""},
        Refusal{"two filter conditions",
                doc(rule("<Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag>"
                         "</Filter>" +
                         kOn + kDay)),
                "MalformedXML", ""},
        Refusal{"unknown element", doc(rule(kAll + kOn + kDay + "<Nope/>")), "MalformedXML", ""},
        Refusal{"days not a number",
                doc(rule(kAll + kOn + "<Expiration><Days>one</Days></Expiration>")), "MalformedXML",
                ""},
        Refusal{"days zero", doc(rule(kAll + kOn + "<Expiration><Days>0</Days></Expiration>")),
                "InvalidArgument", "'Days' for Expiration action must be a positive integer"},
        Refusal{"days negative", doc(rule(kAll + kOn + "<Expiration><Days>-3</Days></Expiration>")),
                "InvalidArgument", "'Days' for Expiration action must be a positive integer"},
        Refusal{
            "date not midnight",
            doc(rule(kAll + kOn + "<Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration>")),
            "InvalidArgument", "'Date' must be at midnight GMT"},
        Refusal{"days and date",
                doc(rule(kAll + kOn +
                         "<Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date>"
                         "</Expiration>")),
                "MalformedXML", ""},
        Refusal{"delete marker with days",
                doc(rule(kAll + kOn +
                         "<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true"
                         "</ExpiredObjectDeleteMarker></Expiration>")),
                "InvalidArgument",
                "ExpiredObjectDeleteMarker cannot be specified with Days or Date in a Lifecycle "
                "Expiration Policy."},
        Refusal{"id too long", doc(rule(kAll + kOn + kDay, std::string(256, 'x'))),
                "InvalidArgument", "ID length should not exceed allowed limit of 255"},
        Refusal{"duplicate ids",
                doc(rule(kAll + kOn + kDay, "same") + rule(kAll + kOn + kDay, "same")),
                "InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule"},
        Refusal{"no action", doc(rule(kAll + kOn)), "InvalidRequest",
                "At least one action needs to be specified in a rule."},
        Refusal{"abort days zero",
                doc(rule(kAll + kOn +
                         "<AbortIncompleteMultipartUpload><DaysAfterInitiation>0"
                         "</DaysAfterInitiation></AbortIncompleteMultipartUpload>")),
                "InvalidArgument",
                "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a "
                "positive integer"},
        Refusal{"abort with tags",
                doc(rule("<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>" + kOn +
                         "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1"
                         "</DaysAfterInitiation></AbortIncompleteMultipartUpload>")),
                "InvalidRequest", "AbortIncompleteMultipartUpload cannot be specified with Tags."},
        Refusal{"noncurrent days zero",
                doc(rule(kAll + kOn +
                         "<NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays>"
                         "</NoncurrentVersionExpiration>")),
                "InvalidArgument",
                "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive "
                "integer"},
        Refusal{"duplicate tag keys in And",
                doc(rule("<Filter><And><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key>"
                         "<Value>2</Value></Tag></And></Filter>" +
                         kOn + kDay)),
                "InvalidRequest", "Duplicate Tag Keys are not allowed."},
        Refusal{"transition to an unknown class",
                doc(rule(kAll + kOn +
                         "<Transition><Days>1</Days><StorageClass>COLD</StorageClass>"
                         "</Transition>")),
                "MalformedXML", ""},
        Refusal{"transition to IA before 30 days",
                doc(rule(kAll + kOn +
                         "<Transition><Days>5</Days><StorageClass>STANDARD_IA</StorageClass>"
                         "</Transition>")),
                "InvalidArgument",
                "'Days' in Transition action must be greater than or equal to 30 for "
                "storageClass 'STANDARD_IA'"},
        Refusal{"transition to one zone IA before 30 days",
                doc(rule(kAll + kOn +
                         "<Transition><Days>29</Days><StorageClass>ONEZONE_IA</StorageClass>"
                         "</Transition>")),
                "InvalidArgument",
                "'Days' in Transition action must be greater than or equal to 30 for "
                "storageClass 'ONEZONE_IA'"},
        Refusal{"noncurrent transition to IA before 30 days",
                doc(rule(kAll + kOn +
                         "<NoncurrentVersionTransition><NoncurrentDays>7</NoncurrentDays>"
                         "<StorageClass>STANDARD_IA</StorageClass></NoncurrentVersionTransition>")),
                "InvalidArgument",
                "'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or "
                "equal to 30 for storageClass 'STANDARD_IA'"},
        // Across actions: the messages below are s3sandbox's (S3's documentation states the
        // constraints but not the messages), see src/xml/lifecycle_order.cpp.
        Refusal{
            "expiration days equal to transition days",
            doc(rule(kAll + kOn + "<Expiration><Days>30</Days></Expiration>" + kGlacierAfter30)),
            "InvalidArgument",
            "'Days' in the Expiration action must be greater than 'Days' in the Transition "
            "action"},
        Refusal{
            "expiration days before transition days",
            doc(rule(kAll + kOn + kGlacierAfter30 + "<Expiration><Days>10</Days></Expiration>")),
            "InvalidArgument",
            "'Days' in the Expiration action must be greater than 'Days' in the Transition "
            "action"},
        Refusal{"noncurrent expiration not after noncurrent transition",
                doc(rule(kAll + kOn +
                         "<NoncurrentVersionTransition><NoncurrentDays>60</NoncurrentDays>"
                         "<StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>"
                         "<NoncurrentVersionExpiration><NoncurrentDays>60</NoncurrentDays>"
                         "</NoncurrentVersionExpiration>")),
                "InvalidArgument",
                "'NoncurrentDays' in the NoncurrentVersionExpiration action must be greater than "
                "'NoncurrentDays' in the NoncurrentVersionTransition action"},
        Refusal{"expiration date not after transition date",
                doc(rule(kAll + kOn +
                         "<Transition><Date>2031-01-01T00:00:00Z</Date>"
                         "<StorageClass>GLACIER</StorageClass></Transition>"
                         "<Expiration><Date>2030-06-01T00:00:00Z</Date></Expiration>")),
                "InvalidArgument",
                "'Date' in the Expiration action must be later than 'Date' in the Transition "
                "action"},
        Refusal{"expiration days with a transition date",
                doc(rule(kAll + kOn + "<Expiration><Days>400</Days></Expiration>" +
                         "<Transition><Date>2031-01-01T00:00:00Z</Date>"
                         "<StorageClass>GLACIER</StorageClass></Transition>")),
                "InvalidRequest",
                "Found mixed 'Date' and 'Days' based Expiration and Transition actions in "
                "lifecycle rule"}),
    [](const ::testing::TestParamInfo<Refusal>& info) {
      std::string name;
      for (char c : std::string(info.param.name)) name += std::isalnum(c) ? c : '_';
      return name;
    });

}  // namespace
}  // namespace s3sandbox::xml
