// The 12-digit AWS account id s3sandbox gives a credential: derived from its access key, so that
// it is stable across restarts and the same for every request signed with that key. It is the
// account id of accounts.hpp (the one bucket policies name as arn:aws:iam::<id>:root), so that
// x-amz-expected-bucket-owner, policy principals and the KMS key ARNs all agree.
#pragma once

#include <string>
#include <string_view>

#include "accounts.hpp"

namespace s3sandbox::app {

inline std::string account_id_for(std::string_view access_key) {
  return account_of(access_key).account_id;
}

}  // namespace s3sandbox::app
