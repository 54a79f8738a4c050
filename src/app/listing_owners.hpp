// The Owner (and Initiator) elements of listings (issue #17 part 9): they follow the bucket's
// Object Ownership, never the requester. Under BucketOwnerEnforced (the default) every object
// and upload is the bucket owner's; under ObjectWriter (or BucketOwnerPreferred without
// bucket-owner-full-control) an object is its writer's, as recorded at write time
// (ObjectMeta::settings "owner", see object_acl.hpp). An upload's Initiator is the account that
// called CreateMultipartUpload (its settings' "initiator"), whatever the ownership.
// Thread safety: reentrant functions.
#pragma once

#include <string_view>
#include <vector>

#include "exchange_state.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

// The Owner element naming an access key's account.
xml::Owner principal_of(std::string_view access_key);

// Each listed object's owner, parallel to page.objects; empty when every object is the bucket
// owner's (BucketOwnerEnforced: no lookup at all). Otherwise one row lookup per object, so only
// listings that show owners (ListObjects, ListObjectsV2 with fetch-owner) should ask.
std::vector<xml::Owner> listed_object_owners(ExchangeState& x, const storage::ListPage& page);

struct UploadPrincipals {
  xml::Owner initiator;
  xml::Owner owner;
};
UploadPrincipals upload_principals(ExchangeState& x, const storage::MultipartUpload& upload);

// The setting CreateMultipartUpload records the initiator's access key in; dropped from the
// completed object's settings.
inline constexpr const char* kInitiatorSetting = "initiator";

}  // namespace s3sandbox::app
