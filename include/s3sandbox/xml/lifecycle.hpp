// The bucket lifecycle configuration (PutBucketLifecycleConfiguration's LifecycleConfiguration),
// both ways: parsed and validated as S3 validates it (MalformedXML for a document that does not
// fit the schema, InvalidArgument / InvalidRequest with S3's messages for values it refuses),
// and rendered as GetBucketLifecycleConfiguration answers it. Pure; thread safe.
//
// Transitions (Transition, NoncurrentVersionTransition) are validated and kept, so that a
// configuration written for S3 (Terraform, CDK) is accepted and read back unchanged; s3sandbox
// has one storage class and never moves objects, so they have no effect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::xml {

inline constexpr std::size_t kMaxLifecycleRules = 1000;
inline constexpr std::size_t kMaxLifecycleRuleId = 255;

// What selects a rule's objects. `form` says how the document wrote it, so that GET renders it
// back the same way (a legacy rule-level <Prefix>, or <Filter> with one child or <And>).
struct LifecycleFilter {
  enum class Form { kLegacyPrefix, kEmpty, kPrefix, kTag, kAnd, kSizeGreater, kSizeLess };
  Form form = Form::kEmpty;
  std::string prefix;                                     // "" matches every key
  std::vector<std::pair<std::string, std::string>> tags;  // every one must be on the object
  std::optional<std::uint64_t> size_greater_than;         // bytes, exclusive
  std::optional<std::uint64_t> size_less_than;            // bytes, exclusive

  bool has_tags() const { return !tags.empty(); }
};

struct LifecycleTransition {
  std::optional<int> days;              // Days (or NoncurrentDays)
  std::optional<core::TimePoint> date;  // Transition only
  std::optional<int> newer_noncurrent_versions;
  std::string storage_class;
};

struct LifecycleRule {
  std::string id;  // assigned (random) when the document had none, as S3 does
  bool enabled = false;
  LifecycleFilter filter;
  // Expiration: exactly one of the three when `has_expiration`.
  bool has_expiration = false;
  std::optional<int> expiration_days;
  std::optional<core::TimePoint> expiration_date;
  std::optional<bool> expired_object_delete_marker;
  // NoncurrentVersionExpiration.
  std::optional<int> noncurrent_days;
  std::optional<int> newer_noncurrent_versions;
  // AbortIncompleteMultipartUpload.
  std::optional<int> abort_days_after_initiation;
  std::vector<LifecycleTransition> transitions;
  std::vector<LifecycleTransition> noncurrent_transitions;
};

struct LifecycleConfiguration {
  std::vector<LifecycleRule> rules;
};

// The header x-amz-transition-default-minimum-object-size: S3's two values; what S3 applies
// (and answers) when the request has none.
inline constexpr std::string_view kTransitionMinimumDefault = "all_storage_classes_128K";
bool is_transition_minimum_size(std::string_view value);

core::Result<LifecycleConfiguration> parse_lifecycle_configuration(std::string_view body);
std::string render_lifecycle_configuration(const LifecycleConfiguration& config);

}  // namespace s3sandbox::xml
