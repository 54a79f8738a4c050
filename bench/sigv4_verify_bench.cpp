// The cost of authenticating one request: SigV4 presigned and header-signed, SigV2 presigned,
// with the signing-key cache warm (the steady state of a server) and a refused signature (which
// also builds S3's error fields and the diagnosis). Run: scripts/bench-auth.sh
#include <benchmark/benchmark.h>

#include "s3sandbox/auth/authenticator.hpp"
#include "unit/auth/test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using testing::Spec;

struct Fixture {
  core::FrozenClock clock{testing::at(testing::kDate)};
  Authenticator authenticator{testing::options_with_default_key(), clock};
};

void run(benchmark::State& state, const core::RequestView& request) {
  Fixture f;
  AuthContext context{"media", false, "k"};
  for (auto _ : state) {
    // The query is parsed in the loop, as the router does for every request: the figures stay
    // comparable with those taken when the authenticator parsed it itself.
    auto result = testing::authenticate(f.authenticator, request, context);
    benchmark::DoNotOptimize(result);
  }
}

void BM_PresignedV4Get(benchmark::State& state) { run(state, testing::presign_v4(Spec{})); }
void BM_HeaderSignedV4Get(benchmark::State& state) { run(state, testing::sign_v4_header(Spec{})); }
void BM_PresignedV2Get(benchmark::State& state) {
  run(state, testing::presign_v2(Spec{}, 1369353600 + 3600));
}
void BM_PresignedV4PutWithSignedHeaders(benchmark::State& state) {
  Spec spec;
  spec.method = "PUT";
  spec.headers = {{"content-type", "image/jpeg"}, {"content-disposition", "inline"}};
  run(state, testing::presign_v4(spec));
}
void BM_PresignedV4TamperedSignature(benchmark::State& state) {
  core::RequestView r = testing::presign_v4(Spec{});
  testing::set_query_param(r, "X-Amz-Signature", std::string(64, '0'));
  run(state, r);
}

BENCHMARK(BM_PresignedV4Get);
BENCHMARK(BM_HeaderSignedV4Get);
BENCHMARK(BM_PresignedV2Get);
BENCHMARK(BM_PresignedV4PutWithSignedHeaders);
BENCHMARK(BM_PresignedV4TamperedSignature);

}  // namespace
}  // namespace s3sandbox::auth

BENCHMARK_MAIN();
