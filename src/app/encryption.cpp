#include "encryption.hpp"

#include "account_id.hpp"
#include "encryption_context.hpp"
#include "s3sandbox/core/error_codes_more.hpp"
#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "ssec_in_query.hpp"

namespace s3sandbox::app {
namespace {

constexpr std::string_view kSse = "x-amz-server-side-encryption";
constexpr std::string_view kKmsKey = "x-amz-server-side-encryption-aws-kms-key-id";
constexpr std::string_view kBucketKey = "x-amz-server-side-encryption-bucket-key-enabled";
constexpr std::string_view kContext = "x-amz-server-side-encryption-context";

bool is_kms(std::string_view algorithm) {
  return algorithm == "aws:kms" || algorithm == "aws:kms:dsse";
}

std::string account_of(const ExchangeState& x) {
  return x.auth.access_key.empty() ? std::string("000000000000")
                                   : account_id_for(x.auth.access_key);
}

// The key ARN S3 names in its answers: a named key in ARN form, or the bucket owner's AWS
// managed key (aws/s3), whose id s3sandbox derives so that it is stable per account and region.
std::string kms_key_arn(const ExchangeState& x, std::string_view key) {
  const std::string prefix = "arn:aws:kms:" + x.services.options.region + ":" + account_of(x) + ":";
  if (key.substr(0, 4) == "arn:") return std::string(key);
  if (key.substr(0, 6) == "alias/") return prefix + std::string(key);
  if (!key.empty()) return prefix + "key/" + std::string(key);
  const std::string h =
      crypto::sha256_hex("aws/s3:" + x.services.options.region + ":" + account_of(x));
  return prefix + "key/" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20, 12);
}

core::S3Error invalid_argument(std::string message, std::string_view header, std::string value,
                               std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidArgument, std::move(message))
      .with("ArgumentName", std::string(header))
      .with("ArgumentValue", std::move(value))
      .because(std::move(why));
}

// The three SSE-C headers of a request (or of a copy's source), checked as S3 checks them.
struct CustomerKey {
  std::string key;      // the raw 32 bytes
  std::string key_md5;  // base64, as sent
};

core::Result<std::optional<CustomerKey>> read_customer_key(const ExchangeState& x,
                                                           const core::RequestView& headers,
                                                           bool copy_source) {
  const std::string base = copy_source ? "x-amz-copy-source-server-side-encryption-customer-"
                                       : "x-amz-server-side-encryption-customer-";
  const std::string algorithm_name = base + "algorithm", key_name = base + "key",
                    md5_name = base + "key-MD5";
  auto algorithm = headers.header(algorithm_name);
  auto key = headers.header(key_name);
  auto md5 = headers.header(md5_name);
  if (!algorithm && !key && !md5) {
    // A presigned URL whose signer put the SSE-C headers in its query (boto3's SigV2 presigner
    // does): S3 takes the key only from headers, and storing the object unencrypted would be
    // the silent acceptance this module exists to prevent.
    if (auto refused = ssec_in_query(x.op, base)) return *refused;
    return std::optional<CustomerKey>();
  }
  if (!algorithm) {
    return invalid_argument(
        "Requests specifying Server Side Encryption with Customer provided keys must provide a "
        "valid encryption algorithm.",
        algorithm_name, "null", algorithm_name + " (AES256) is missing");
  }
  if (*algorithm != "AES256") {
    return core::S3Error(core::kInvalidEncryptionAlgorithmError)
        .with("ArgumentName", algorithm_name)
        .with("ArgumentValue", std::string(*algorithm))
        .because(algorithm_name + " must be AES256");
  }
  if (!key) {
    return invalid_argument(
        "Requests specifying Server Side Encryption with Customer provided keys must provide an "
        "appropriate secret key.",
        key_name, "null", key_name + " (the base64 of a 256-bit key) is missing");
  }
  if (!md5) {
    return invalid_argument(
        "Requests specifying Server Side Encryption with Customer provided keys must provide "
        "the client calculated MD5 of the secret key.",
        md5_name, "null", md5_name + " (the base64 MD5 of the raw key) is missing");
  }
  auto raw = crypto::base64_decode(*key);
  if (!raw || raw->size() != 32) {
    return invalid_argument("The secret key was invalid for the specified algorithm.", key_name, "",
                            key_name + " must be the base64 of exactly 32 bytes");
  }
  if (!crypto::constant_time_equal(crypto::base64_encode(crypto::md5(*raw)), *md5)) {
    return invalid_argument(
        "The calculated MD5 hash of the key did not match the hash that was provided.", md5_name,
        "", md5_name + " is not the base64 MD5 of the key sent in " + key_name);
  }
  if (x.request.scheme != "https" && !x.services.options.allow_ssec_over_http) {
    auto forwarded = x.request.header("x-forwarded-proto");
    if (!forwarded || !core::iequals(*forwarded, "https")) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "Requests specifying Server Side Encryption with Customer provided "
                           "keys must be made over a secure connection.")
          .because(
              "S3 refuses SSE-C keys sent over plain HTTP, and this request came over HTTP. "
              "Use HTTPS (a TLS proxy in front of s3sandbox sending X-Forwarded-Proto: https), "
              "or start s3sandbox with --allow-ssec-over-http (S3SANDBOX_ALLOW_SSEC_OVER_HTTP=1) "
              "to accept it on the sandbox");
    }
  }
  return std::optional<CustomerKey>(CustomerKey{std::move(*raw), std::string(*md5)});
}

// Salted, keyed hash of the SSE-C key: "salt:hex(HMAC-SHA256(salt, key))". The key itself is
// never stored.
std::string hash_customer_key(const std::string& key, const std::string& salt) {
  return salt + ":" + crypto::hex_encode(crypto::hmac_sha256(salt, key));
}

bool customer_key_matches(const std::string& stored, const std::string& key) {
  const auto colon = stored.find(':');
  if (colon == std::string::npos) return false;
  return crypto::constant_time_equal(hash_customer_key(key, stored.substr(0, colon)), stored);
}

std::string setting(const storage::ObjectMeta& meta, const std::string& name) {
  auto it = meta.settings.find(name);
  return it == meta.settings.end() ? std::string() : it->second;
}

}  // namespace

std::string encode_bucket_encryption(const xml::EncryptionConfiguration& c) {
  return c.algorithm + "\n" + c.kms_key_id + "\n" + (c.bucket_key ? "1" : "0") + "\n" +
         (c.block_ssec ? "1" : "0");
}

xml::EncryptionConfiguration bucket_encryption(ExchangeState& x, const std::string& bucket) {
  xml::EncryptionConfiguration c;
  auto settings = x.services.backend.get_bucket_settings(bucket);
  if (!settings || !*settings) return c;
  auto it = (*settings)->find("encryption");
  if (it == (*settings)->end() || it->second.empty()) return c;
  std::vector<std::string> lines;
  std::string_view rest = it->second;
  for (int i = 0; i < 4; ++i) {
    auto nl = rest.find('\n');
    lines.emplace_back(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  c.algorithm = lines[0].empty() ? "AES256" : lines[0];
  c.kms_key_id = lines[1];
  c.bucket_key = lines[2] == "1";
  c.block_ssec = lines[3] != "0";
  return c;
}

core::Result<void> read_write_encryption(ExchangeState& x, storage::ObjectMeta& meta) {
  return read_write_encryption(x, x.request, meta);
}

core::Result<void> read_write_encryption(ExchangeState& x, const core::RequestView& headers,
                                         storage::ObjectMeta& meta) {
  auto customer = read_customer_key(x, headers, false);
  if (!customer) return customer.error();
  auto sse = headers.header(kSse);
  auto kms_key = headers.header(kKmsKey);
  auto bucket_key = headers.header(kBucketKey);
  auto context = headers.header(kContext);
  const xml::EncryptionConfiguration defaults = bucket_encryption(x, meta.bucket);

  if (*customer) {
    if (sse) {
      return invalid_argument(
          "Server Side Encryption with Customer provided key is incompatible with the "
          "encryption method specified",
          kSse, std::string(*sse),
          "a request takes either SSE-C headers or x-amz-server-side-encryption, not both");
    }
    if (defaults.block_ssec) {
      return core::S3Error(core::ErrorCode::kAccessDenied)
          .because(
              "the bucket blocks SSE-C uploads (BlockedEncryptionTypes SSE-C, S3's default for "
              "new buckets since April 2026); allow them with PutBucketEncryption and "
              "<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType>"
              "</BlockedEncryptionTypes>");
    }
    meta.settings.erase("sse.algorithm");
    meta.settings.erase("sse.kms-key-id");
    meta.settings.erase("sse.bucket-key");
    meta.settings.erase("sse.context");
    meta.settings["ssec.key-md5"] = (*customer)->key_md5;
    meta.settings["ssec.key-hash"] = hash_customer_key((*customer)->key, core::random_hex(32));
    return {};
  }

  std::string algorithm = sse ? std::string(*sse) : defaults.algorithm;
  if (algorithm != "AES256" && !is_kms(algorithm)) {
    return invalid_argument("The encryption method specified is not supported", kSse, algorithm,
                            "x-amz-server-side-encryption is AES256, aws:kms or aws:kms:dsse");
  }
  if (context) {
    if (auto ok = check_encryption_context(*context); !ok) return ok.error();
  }
  if ((kms_key || context) && !is_kms(algorithm)) {
    const std::string_view header = kms_key ? kKmsKey : kContext;
    return invalid_argument(
        "Server Side Encryption with AWS KMS managed key requires HTTP header "
        "x-amz-server-side-encryption : aws:kms",
        header, std::string(kms_key ? *kms_key : *context),
        std::string(header) + " goes with x-amz-server-side-encryption: aws:kms only");
  }
  bool bucket_key_on = defaults.bucket_key && !sse;
  if (bucket_key) {
    if (!core::iequals(*bucket_key, "true") && !core::iequals(*bucket_key, "false")) {
      return invalid_argument("Invalid value for x-amz-server-side-encryption-bucket-key-enabled",
                              kBucketKey, std::string(*bucket_key), "the value is true or false");
    }
    bucket_key_on = core::iequals(*bucket_key, "true");
  }
  meta.settings.erase("ssec.key-md5");
  meta.settings.erase("ssec.key-hash");
  meta.settings["sse.algorithm"] = algorithm;
  if (is_kms(algorithm)) {
    meta.settings["sse.kms-key-id"] =
        kms_key_arn(x, kms_key ? *kms_key : std::string_view(sse ? "" : defaults.kms_key_id));
    if (bucket_key_on) meta.settings["sse.bucket-key"] = "true";
    if (context) meta.settings["sse.context"] = std::string(*context);
  } else {
    meta.settings.erase("sse.kms-key-id");
    meta.settings.erase("sse.bucket-key");
    meta.settings.erase("sse.context");
  }
  return {};
}

core::Result<void> check_read_encryption(ExchangeState& x, const storage::ObjectMeta& meta,
                                         bool copy_source) {
  auto customer = read_customer_key(x, x.request, copy_source);
  if (!customer) return customer.error();
  const std::string stored = setting(meta, "ssec.key-hash");
  if (stored.empty()) {
    if (!*customer) return {};
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The encryption parameters are not applicable to this object.")
        .because(std::string(copy_source ? "the copy source" : "the object") +
                 " was not stored with SSE-C, so no customer key may be sent to read it");
  }
  if (!*customer) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The object was stored using a form of Server Side Encryption. The "
                         "correct parameters must be provided to retrieve the object.")
        .because(std::string(copy_source ? "the copy source" : "the object") +
                 " was stored with SSE-C: send its key in the " +
                 (copy_source ? "x-amz-copy-source-server-side-encryption-customer-*"
                              : "x-amz-server-side-encryption-customer-*") +
                 " headers");
  }
  if (!customer_key_matches(stored, (*customer)->key)) {
    return core::S3Error(core::ErrorCode::kAccessDenied,
                         "Requests specifying Server Side Encryption with Customer provided keys "
                         "must provide the correct secret key.")
        .because("the SSE-C key sent is not the key the object was stored with");
  }
  return {};
}

core::Result<void> check_part_encryption(ExchangeState& x, const storage::ObjectMeta& upload_meta) {
  auto customer = read_customer_key(x, x.request, false);
  if (!customer) return customer.error();
  const std::string stored = setting(upload_meta, "ssec.key-hash");
  if (stored.empty()) {
    if (!*customer) return {};
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The multipart upload initiate requested encryption. Subsequent part "
                         "requests must include the appropriate encryption parameters.")
        .because("the upload was created without SSE-C; its parts take no customer key");
  }
  if (!*customer) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The multipart upload initiate requested encryption. Subsequent part "
                         "requests must include the appropriate encryption parameters.")
        .because(
            "the upload was created with SSE-C: every UploadPart must send the same key in the "
            "x-amz-server-side-encryption-customer-* headers");
  }
  if (!customer_key_matches(stored, (*customer)->key)) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The provided encryption parameters did not match the ones used "
                         "originally.")
        .because("the SSE-C key of this part is not the key the upload was created with");
  }
  return {};
}

void add_encryption_headers(const storage::ObjectMeta& meta, core::Response& response) {
  const std::string md5 = setting(meta, "ssec.key-md5");
  if (!md5.empty()) {
    response.set_header("x-amz-server-side-encryption-customer-algorithm", "AES256");
    response.set_header("x-amz-server-side-encryption-customer-key-MD5", md5);
    return;
  }
  std::string algorithm = setting(meta, "sse.algorithm");
  response.set_header(std::string(kSse), algorithm.empty() ? "AES256" : algorithm);
  if (is_kms(algorithm)) {
    response.set_header(std::string(kKmsKey), setting(meta, "sse.kms-key-id"));
    if (setting(meta, "sse.bucket-key") == "true") {
      response.set_header(std::string(kBucketKey), "true");
    }
  }
}

}  // namespace s3sandbox::app
