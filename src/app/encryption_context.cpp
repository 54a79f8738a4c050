#include "encryption_context.hpp"

#include <boost/json.hpp>

#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {
namespace {

// Why the value is not a context, in plain words; "" when it is one.
std::string context_problem(std::string_view value) {
  auto decoded = crypto::base64_decode(value);
  if (!decoded) return "the value is not base64";
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(*decoded, ec);
  if (ec) return "its base64 decodes to '" + *decoded + "', which is not JSON";
  if (!json.is_object()) return "its JSON is not an object of key-value pairs";
  for (const auto& entry : json.as_object()) {
    if (!entry.value().is_string()) {
      return "the value of \"" + std::string(entry.key()) +
             "\" is not a string (every key and value must be a string)";
    }
  }
  return "";
}

}  // namespace

core::Result<void> check_encryption_context(std::string_view value) {
  std::string problem = context_problem(value);
  if (problem.empty()) return {};
  return core::S3Error(core::ErrorCode::kInvalidArgument,
                       "The header 'x-amz-server-side-encryption-context' shall be "
                       "Base64-encoded UTF-8 string holding JSON which represents a "
                       "string-string map")
      .with("ArgumentName", std::string(kEncryptionContextHeader))
      .with("ArgumentValue", std::string(value))
      .because(std::string(kEncryptionContextHeader) + ": " + problem +
               ". Send the base64 of a JSON object such as {\"purpose\":\"thumbnails\"} (boto3 "
               "and the aws CLI take the base64 text as SSEKMSEncryptionContext)");
}

void add_encryption_context_header(const storage::ObjectMeta& meta, core::Response& response) {
  auto it = meta.settings.find(kEncryptionContextSetting);
  if (it == meta.settings.end() || it->second.empty()) return;
  response.set_header(std::string(kEncryptionContextHeader), it->second);
}

}  // namespace s3sandbox::app
