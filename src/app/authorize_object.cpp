// Authorizing an object other than the request's own (a key of DeleteObjects, a copy source),
// and who the requester of an exchange is. S3 decides each object of a multi-object delete on its
// own: s3:DeleteObject, or s3:DeleteObjectVersion when the object names a version, against
// arn:aws:s3:::bucket/key, so that a policy scoped to a prefix or denying version deletes
// refuses only the objects it covers (each an <Error> of the result, the others deleted).
#include "authorize.hpp"

namespace s3sandbox::app {

Requester requester_of(const ExchangeState& x) {
  Requester who{Requester::Kind::kAccount, x.auth.access_key, x.auth.scheme};
  if (who.access_key.empty()) {
    // Anonymous only when strict mode let an unsigned request through to authorization (see
    // Application::start); --auth warn/off requests without a verified key act as the owner.
    const bool strict = x.services.auth.options().mode == auth::AuthMode::kStrict;
    who.kind = strict && x.auth.scheme == "anonymous" ? Requester::Kind::kAnonymous
                                                      : Requester::Kind::kUnchecked;
  }
  return who;
}

core::Result<void> authorize_object(const ExchangeState& x, router::OpKind kind,
                                    const std::string& bucket, const std::string& key,
                                    const std::optional<std::string>& version_id) {
  router::Operation one;
  one.kind = kind;
  one.bucket = bucket;
  one.key = key;
  if (version_id) {
    // The row's version rule reads ?versionId=, as for a single-object request.
    core::QueryParam p;
    p.name = p.signed_name = "versionId";
    p.value = p.signed_value = *version_id;
    p.has_value = true;
    one.query.push_back(p);
  }
  return authorize(x.services, x.request, one, requester_of(x));
}

}  // namespace s3sandbox::app
