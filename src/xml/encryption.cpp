#include "s3sandbox/xml/encryption.hpp"

#include <pugixml.hpp>

#include "document.hpp"
#include "read.hpp"
#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::xml {

using detail::children_named;
using detail::is_blank;
using detail::malformed;
using detail::text_of;
using detail::trimmed;

namespace {

bool kms(std::string_view algorithm) {
  return algorithm == "aws:kms" || algorithm == "aws:kms:dsse";
}

}  // namespace

core::Result<EncryptionConfiguration> parse_encryption_configuration(std::string_view body) {
  if (is_blank(body)) {
    return malformed("the body is empty; it needs a <ServerSideEncryptionConfiguration>");
  }
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "ServerSideEncryptionConfiguration", kMaxXmlBody);
  if (!root) return root.error();
  auto rules = children_named(*root, "Rule");
  if (rules.size() != 1) {
    return malformed("<ServerSideEncryptionConfiguration> must hold exactly one <Rule>, not " +
                     std::to_string(rules.size()));
  }
  EncryptionConfiguration config;
  const pugi::xml_node rule = rules.front();
  auto defaults = children_named(rule, "ApplyServerSideEncryptionByDefault");
  if (defaults.size() > 1) return malformed("a <Rule> holds at most one default");
  if (defaults.size() == 1) {
    auto algorithm = children_named(defaults.front(), "SSEAlgorithm");
    if (algorithm.size() != 1) {
      return malformed("<ApplyServerSideEncryptionByDefault> needs exactly one <SSEAlgorithm>");
    }
    config.algorithm = std::string(trimmed(text_of(algorithm.front())));
    if (config.algorithm != "AES256" && !kms(config.algorithm)) {
      return malformed("<SSEAlgorithm> is AES256, aws:kms or aws:kms:dsse, not '" +
                       config.algorithm + "'");
    }
    auto key = children_named(defaults.front(), "KMSMasterKeyID");
    if (key.size() > 1) return malformed("at most one <KMSMasterKeyID>");
    if (key.size() == 1) {
      config.kms_key_id = std::string(trimmed(text_of(key.front())));
      if (!kms(config.algorithm)) {
        return core::S3Error(core::ErrorCode::kInvalidArgument,
                             "a KMSMasterKeyID is not applicable if the default sse algorithm "
                             "is not aws:kms or aws:kms:dsse")
            .with("ArgumentName", "ApplyServerSideEncryptionByDefault")
            .because("<KMSMasterKeyID> goes with <SSEAlgorithm>aws:kms</SSEAlgorithm> only");
      }
    }
  }
  auto bucket_key = children_named(rule, "BucketKeyEnabled");
  if (bucket_key.size() > 1) return malformed("at most one <BucketKeyEnabled>");
  if (bucket_key.size() == 1) {
    const std::string text = text_of(bucket_key.front());
    const std::string_view v = trimmed(text);
    if (v != "true" && v != "false") return malformed("<BucketKeyEnabled> is true or false");
    config.bucket_key = v == "true";
  }
  auto blocked = children_named(rule, "BlockedEncryptionTypes");
  if (blocked.size() > 1) return malformed("at most one <BlockedEncryptionTypes>");
  if (blocked.size() == 1) {
    config.block_ssec_given = true;
    config.block_ssec = false;
    for (const pugi::xml_node& type : children_named(blocked.front(), "EncryptionType")) {
      const std::string text = text_of(type);
      const std::string_view v = trimmed(text);
      if (v == "SSE-C") {
        config.block_ssec = true;
      } else if (v != "NONE") {
        return malformed("<EncryptionType> is SSE-C or NONE, not '" + std::string(v) + "'");
      }
    }
  }
  return config;
}

std::string render_encryption_configuration(const EncryptionConfiguration& config) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ServerSideEncryptionConfiguration");
  pugi::xml_node rule = root.append_child("Rule");
  pugi::xml_node by_default = rule.append_child("ApplyServerSideEncryptionByDefault");
  detail::add_text(by_default, "SSEAlgorithm", config.algorithm);
  if (!config.kms_key_id.empty()) detail::add_text(by_default, "KMSMasterKeyID", config.kms_key_id);
  detail::add_bool(rule, "BucketKeyEnabled", config.bucket_key);
  pugi::xml_node blocked = rule.append_child("BlockedEncryptionTypes");
  detail::add_text(blocked, "EncryptionType", config.block_ssec ? "SSE-C" : "NONE");
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
