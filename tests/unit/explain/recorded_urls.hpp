// Presigned URLs recorded in tests/data/explain/ (README.md there), as constants for the tests
// that need one valid URL of a kind rather than the whole table.
#pragma once

#include <string>

namespace s3sandbox::explain::recorded {

// boto3 generate_presigned_url('get_object'), urls_python.jsonl "boto3-v4-get".
inline const std::string kGetUrl =
    "http://localhost:9000/photos/cats/tom.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
    "AKIDEXPLAIN%2F20261202%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261202T082206Z&X-Amz-"
    "SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature="
    "37f2da729559edf8a5717204c033522350e4c4d825463b34a0e78890f4eda39f";
// aws-sdk-js v3 getSignedUrl(PutObjectCommand), urls_js.jsonl "sdkjs-put-default-checksum".
inline const std::string kSdkPutUrl =
    "http://localhost:9000/photos/uploads/cat.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-"
    "Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=AKIDEXPLAIN%2F20261202%2Fus-east-1%2Fs3%2Faws4_"
    "request&X-Amz-Date=20261202T082213Z&X-Amz-Expires=3600&X-Amz-Signature="
    "6080bcb58ed446aacd56f080f62e4bf1bc30dec5b31f1a1fe3b4168d2f0367d9&X-Amz-SignedHeaders=host&x-"
    "amz-checksum-crc32=AAAAAA%3D%3D&x-amz-sdk-checksum-algorithm=CRC32&x-id=PutObject";

}  // namespace s3sandbox::explain::recorded
